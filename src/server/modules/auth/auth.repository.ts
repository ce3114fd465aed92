import { sql } from "kysely";
import type { Database } from "../../platform/db";

export type UserCredentials = {
  id: string;
  email: string;
  name: string;
  role: string;
  organization_id: string | null;
  preferred_language: string;
  password_hash: string | null;
  active: boolean;
};

const USER_COLUMNS = [
  "users.id",
  "users.email",
  "users.name",
  "users.role",
  "users.organization_id",
  "users.preferred_language",
  "users.password_hash",
  "users.active",
] as const;

export const findUserByEmail = (db: Database, email: string): Promise<UserCredentials | undefined> =>
  db
    .selectFrom("users")
    .select(USER_COLUMNS)
    .where(sql<string>`lower(email)`, "=", email.toLowerCase())
    .executeTakeFirst();

export const findUserById = (db: Database, id: string): Promise<UserCredentials | undefined> =>
  db.selectFrom("users").select(USER_COLUMNS).where("id", "=", id).executeTakeFirst();

export const countRecentFailures = async (
  db: Database,
  options: { email: string; ip: string; since: Date },
) => {
  const row = await db
    .selectFrom("login_failures")
    .select([
      sql<number>`count(*) FILTER (WHERE email = ${options.email})`.as("account"),
      sql<number>`count(*) FILTER (WHERE ip = ${options.ip})`.as("address"),
    ])
    .where("at", ">=", options.since)
    .where((eb) => eb.or([eb("email", "=", options.email), eb("ip", "=", options.ip)]))
    .executeTakeFirstOrThrow();
  return { accountFailures: Number(row.account), addressFailures: Number(row.address) };
};

export const insertLoginFailure = async (db: Database, options: { email: string; ip: string; at: Date }) => {
  await db.insertInto("login_failures").values(options).execute();
};

export const deleteLoginFailures = async (db: Database, options: { email: string; before: Date }) => {
  await db
    .deleteFrom("login_failures")
    .where((eb) => eb.or([eb("email", "=", options.email), eb("at", "<", options.before)]))
    .execute();
};

export const insertSession = async (
  db: Database,
  session: {
    tokenHash: string;
    userId: string;
    csrfToken: string;
    now: Date;
    expiresAt: Date;
    ip: string;
    userAgent: string | null;
  },
) => {
  await db
    .insertInto("sessions")
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: session.now,
      last_seen_at: session.now,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
};

export const findSessionUser = (db: Database, tokenHash: string, now: Date) =>
  db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([...USER_COLUMNS, "sessions.csrf_token", "sessions.last_seen_at", "sessions.expires_at"])
    .where("sessions.token_hash", "=", tokenHash)
    .where("sessions.expires_at", ">", now)
    .where("users.active", "=", true)
    .executeTakeFirst();

export const touchSession = async (
  db: Database,
  options: { tokenHash: string; now: Date; expiresAt: Date },
) => {
  await db
    .updateTable("sessions")
    .set({ last_seen_at: options.now, expires_at: options.expiresAt })
    .where("token_hash", "=", options.tokenHash)
    .execute();
};

export const deleteSession = async (db: Database, tokenHash: string) => {
  await db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
};

export const deleteOtherSessions = async (db: Database, options: { userId: string; keep: string | null }) => {
  let query = db.deleteFrom("sessions").where("user_id", "=", options.userId);
  if (options.keep) query = query.where("token_hash", "!=", options.keep);
  await query.execute();
};

export const deleteExpiredSessions = async (db: Database, now: Date) => {
  await db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
};

export const updatePasswordHash = async (
  db: Database,
  options: { userId: string; hash: string; now: Date },
) => {
  await db
    .updateTable("users")
    .set({ password_hash: options.hash, updated_at: options.now })
    .where("id", "=", options.userId)
    .execute();
};

export const findTokenUser = (db: Database, tokenHash: string) =>
  db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .select([...USER_COLUMNS, "api_tokens.id as token_id", "api_tokens.last_used_at", "api_tokens.scope"])
    .where("api_tokens.token_hash", "=", tokenHash)
    .where("api_tokens.revoked_at", "is", null)
    .where("users.active", "=", true)
    .executeTakeFirst();

export const markTokenUsed = async (db: Database, options: { id: string; now: Date }) => {
  await db
    .updateTable("api_tokens")
    .set({ last_used_at: options.now })
    .where("id", "=", options.id)
    .execute();
};

const TOKEN_COLUMNS = ["id", "name", "prefix", "scope", "created_at", "last_used_at"] as const;

export const insertApiToken = (
  db: Database,
  token: {
    userId: string;
    name: string;
    prefix: string;
    scope: "read_write" | "read_only";
    tokenHash: string;
    now: Date;
  },
) =>
  db
    .insertInto("api_tokens")
    .values({
      user_id: token.userId,
      name: token.name,
      prefix: token.prefix,
      scope: token.scope,
      token_hash: token.tokenHash,
      created_at: token.now,
    })
    .returning(TOKEN_COLUMNS)
    .executeTakeFirstOrThrow();

export const findApiTokens = (db: Database, userId: string) =>
  db
    .selectFrom("api_tokens")
    .select(TOKEN_COLUMNS)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .orderBy("created_at", "desc")
    .execute();

export const revokeApiToken = async (db: Database, options: { userId: string; id: string; now: Date }) => {
  const result = await db
    .updateTable("api_tokens")
    .set({ revoked_at: options.now })
    .where("id", "=", options.id)
    .where("user_id", "=", options.userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
};
