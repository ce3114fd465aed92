import type { ApiToken, ApiTokenScope, CurrentUser, SessionResponse } from "../../../api/auth";
import type { Language, Role } from "../../../api/roles";
import { isLoginThrottled, LOGIN_THROTTLE } from "../../../domain/access/login-throttle";
import type { Actor } from "../../platform/actor";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, invalidField, notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import * as repo from "./auth.repository";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password";
import { createSignInCache } from "./sign-in-cache";
import { newApiToken, newSecret, sha256 } from "./tokens";

export const SESSION_COOKIE = "soporte_session";
const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
// refresh last-seen at most this often, so reads do not write on every request
const SESSION_TOUCH_MS = 5 * 60 * 1000;

const toActor = (
  user: repo.UserCredentials,
  via: Actor["via"],
  session?: { id: string; csrfToken: string },
): Actor => ({
  userId: user.id,
  email: user.email,
  name: user.name,
  role: user.role as Role,
  organizationId: user.organization_id,
  preferredLanguage: user.preferred_language as Language,
  via,
  sessionId: session?.id ?? null,
  csrfToken: session?.csrfToken ?? null,
});

export const toCurrentUser = (actor: Actor): CurrentUser => ({
  id: actor.userId,
  email: actor.email,
  name: actor.name,
  role: actor.role,
  organizationId: actor.organizationId,
  preferredLanguage: actor.preferredLanguage,
});

export const createAuthService = ({ db, clock }: ServiceDeps) => {
  const login = async (input: {
    email: string;
    password: string;
    ip: string;
    userAgent: string | null;
  }): Promise<{ token: string; session: SessionResponse; expiresAt: Date }> => {
    const email = input.email.trim().toLowerCase();
    const now = clock.now();
    const since = new Date(now.getTime() - LOGIN_THROTTLE.windowMinutes * 60_000);
    if (isLoginThrottled(await repo.countRecentFailures(db, { email, ip: input.ip, since }))) {
      throw new AppError("too_many_requests", { reason: "sign_in_throttled" });
    }
    const user = await repo.findUserByEmail(db, email);
    const ok =
      user?.active && user.password_hash
        ? await verifyPassword(user.password_hash, input.password)
        : await verifyAgainstDummy(input.password);
    if (!ok || !user) {
      await repo.insertLoginFailure(db, { email, ip: input.ip, at: now });
      throw new AppError("invalid_credentials", { reason: "wrong_credentials" });
    }
    // housekeeping rides on sign-ins: old failures and expired sessions go (both indexed by time)
    await repo.deleteLoginFailures(db, { email, before: since });
    await repo.deleteExpiredSessions(db, now);
    const token = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await db.transaction().execute(async (tx) => {
      await repo.insertSession(tx, {
        tokenHash: sha256(token),
        userId: user.id,
        csrfToken,
        now,
        expiresAt,
        ip: input.ip,
        userAgent: input.userAgent,
      });
      await insertAudit(tx, {
        actor: { userId: user.id, via: "session" },
        action: "auth.signed_in",
        entity: "user",
        entityId: user.id,
        organizationId: user.organization_id,
        details: { ip: input.ip, userAgent: input.userAgent?.slice(0, 300) ?? null },
      });
    });
    const actor = toActor(user, "session", { id: sha256(token), csrfToken });
    return { token, expiresAt, session: { user: toCurrentUser(actor), csrfToken } };
  };

  type TokenUser = NonNullable<Awaited<ReturnType<typeof repo.findTokenUser>>>;
  type SessionUser = NonNullable<Awaited<ReturnType<typeof repo.findSessionUser>>>;
  const signIns = createSignInCache<TokenUser | SessionUser>();

  const tokenUser = async (tokenHash: string) => {
    const key = `t:${tokenHash}`;
    const cached = signIns.find(key) as TokenUser | undefined;
    if (cached) return cached;
    const lookedUpAt = signIns.generation();
    const row = await repo.findTokenUser(db, tokenHash);
    if (row) signIns.keep(key, row, lookedUpAt);
    return row;
  };

  const sessionUser = async (tokenHash: string, now: Date) => {
    const key = `s:${tokenHash}`;
    const cached = signIns.find(key) as SessionUser | undefined;
    if (cached && cached.expires_at.getTime() > now.getTime()) return cached;
    const lookedUpAt = signIns.generation();
    const row = await repo.findSessionUser(db, tokenHash, now);
    if (row) signIns.keep(key, row, lookedUpAt);
    return row;
  };

  /** Resolves the caller from a session cookie or a bearer token; null when neither is valid. */
  const authenticate = async (credentials: {
    sessionToken?: string | undefined;
    bearerToken?: string | undefined;
  }): Promise<Actor | null> => {
    const now = clock.now();
    if (credentials.bearerToken) {
      const row = await tokenUser(sha256(credentials.bearerToken));
      if (!row) return null;
      if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > SESSION_TOUCH_MS) {
        await repo.markTokenUsed(db, { id: row.token_id, now });
        row.last_used_at = now;
      }
      const actor = toActor(row, "token");
      return row.scope === "read_only" ? { ...actor, readOnly: true } : actor;
    }
    if (credentials.sessionToken) {
      const tokenHash = sha256(credentials.sessionToken);
      const row = await sessionUser(tokenHash, now);
      if (!row) return null;
      if (now.getTime() - row.last_seen_at.getTime() > SESSION_TOUCH_MS) {
        const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
        await repo.touchSession(db, { tokenHash, now, expiresAt });
        row.last_seen_at = now;
        row.expires_at = expiresAt;
      }
      return toActor(row, "session", { id: tokenHash, csrfToken: row.csrf_token });
    }
    return null;
  };

  /** A token's caller has no session to end: nothing changes, nothing is audited. */
  const logout = async (actor: Actor) => {
    const sessionId = actor.sessionId;
    if (!sessionId) return;
    await db.transaction().execute(async (tx) => {
      await repo.deleteSession(tx, sessionId);
      await insertAudit(tx, {
        actor,
        action: "auth.signed_out",
        entity: "user",
        entityId: actor.userId,
        organizationId: actor.organizationId,
      });
    });
    signIns.forget();
  };

  const changePassword = async (actor: Actor, input: { currentPassword: string; newPassword: string }) => {
    const user = await repo.findUserById(db, actor.userId);
    if (!user?.password_hash || !(await verifyPassword(user.password_hash, input.currentPassword))) {
      throw invalidField({ reason: "wrong_current_password" }, { field: "currentPassword", code: "wrong" });
    }
    const hash = await hashPassword(input.newPassword);
    await db.transaction().execute(async (tx) => {
      await repo.updatePasswordHash(tx, { userId: actor.userId, hash, now: clock.now() });
      // other devices must sign in again with the new password
      await repo.deleteOtherSessions(tx, { userId: actor.userId, keep: actor.sessionId });
      await insertAudit(tx, {
        actor,
        action: "auth.password_changed",
        entity: "user",
        entityId: actor.userId,
        organizationId: actor.organizationId,
      });
    });
    signIns.forget();
  };

  const toApiToken = (row: {
    id: string;
    name: string;
    prefix: string;
    scope: ApiTokenScope;
    created_at: Date;
    last_used_at: Date | null;
  }): ApiToken => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  });

  const createToken = async (actor: Actor, input: { name: string; scope: ApiTokenScope }) => {
    const { name, scope } = input;
    const { token, prefix } = newApiToken();
    const row = await db.transaction().execute(async (tx) => {
      const inserted = await repo.insertApiToken(tx, {
        userId: actor.userId,
        name,
        prefix,
        scope,
        tokenHash: sha256(token),
        now: clock.now(),
      });
      // the prefix identifies the token in lists; the token itself is never stored
      await insertAudit(tx, {
        actor,
        action: "auth.token_created",
        entity: "api_token",
        entityId: inserted.id,
        organizationId: actor.organizationId,
        details: { name, prefix, scope },
      });
      return inserted;
    });
    return { ...toApiToken(row), token };
  };

  const listTokens = async (actor: Actor) => (await repo.findApiTokens(db, actor.userId)).map(toApiToken);

  const revokeToken = async (actor: Actor, id: string) => {
    await db.transaction().execute(async (tx) => {
      if (!(await repo.revokeApiToken(tx, { userId: actor.userId, id, now: clock.now() }))) {
        throw notFound("api_token");
      }
      await insertAudit(tx, {
        actor,
        action: "auth.token_revoked",
        entity: "api_token",
        entityId: id,
        organizationId: actor.organizationId,
      });
    });
    signIns.forget();
  };

  return {
    login,
    authenticate,
    logout,
    changePassword,
    createToken,
    listTokens,
    revokeToken,
    /** A change to a user, session or token committed in this process: forget every sign-in now. */
    forgetSignIns: signIns.forget,
    /** Keeps checked sign-ins in memory while told of changes over `databaseUrl` (a server process). */
    watchSignIns: signIns.watch,
  };
};

export type AuthService = ReturnType<typeof createAuthService>;
