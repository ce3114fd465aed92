import { sql } from "kysely";
import type { StaffRole } from "../../../api/roles";
import type { StaffUser } from "../../../api/users";
import type { Database } from "../../platform/db";
import { decodeCursor, type Page, toPage } from "../../platform/pagination";
import { matches } from "../../platform/search";

const staffQuery = (db: Database) =>
  db
    .selectFrom("users")
    .select([
      "id",
      "email",
      "name",
      "role",
      "phone",
      "preferred_language",
      "active",
      "created_at",
      "updated_at",
    ])
    .where("role", "!=", "customer_contact");

type StaffRow = Awaited<ReturnType<ReturnType<typeof staffQuery>["executeTakeFirstOrThrow"]>>;

const toStaffUser = (row: StaffRow): StaffUser => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role as StaffRole,
  phone: row.phone,
  preferredLanguage: row.preferred_language as StaffUser["preferredLanguage"],
  active: row.active,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export const findStaffUsers = async (
  db: Database,
  filter: {
    q?: string | undefined;
    role?: StaffRole | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<StaffUser>> => {
  let query = staffQuery(db);
  if (filter.role) query = query.where("role", "=", filter.role);
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) => eb.or([matches("name", q), matches("email", q)]));
  }
  const after = decodeCursor(filter.cursor, ["text", "uuid"]);
  if (after) query = query.where(sql<boolean>`(lower(name), id) > (${after[0]}, ${after[1]}::uuid)`);
  const rows = await query
    .orderBy(sql`lower(name)`)
    .orderBy("id")
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toStaffUser, (r) => [r.name.toLowerCase(), r.id]);
};

export const findStaffUser = async (db: Database, id: string): Promise<StaffUser | null> => {
  const row = await staffQuery(db).where("id", "=", id).executeTakeFirst();
  return row ? toStaffUser(row) : null;
};

export const countActiveAdmins = async (db: Database): Promise<number> => {
  const row = await db
    .selectFrom("users")
    .select(sql<number>`count(*)`.as("n"))
    .where("role", "=", "admin")
    .where("active", "=", true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

export const countUsers = async (db: Database): Promise<number> => {
  const row = await db.selectFrom("users").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
};

export type StaffValues = {
  email: string;
  name: string;
  role: StaffRole;
  phone: string | null;
  preferredLanguage: string;
  active: boolean;
};

export const insertStaffUser = async (
  db: Database,
  values: Omit<StaffValues, "active"> & { passwordHash: string; now: Date },
) => {
  const row = await db
    .insertInto("users")
    .values({
      email: values.email,
      name: values.name,
      role: values.role,
      phone: values.phone,
      preferred_language: values.preferredLanguage,
      password_hash: values.passwordHash,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
};

export const updateStaffUser = async (
  db: Database,
  id: string,
  values: Partial<StaffValues> & { now: Date },
) => {
  const result = await db
    .updateTable("users")
    .set({
      email: values.email,
      name: values.name,
      role: values.role,
      phone: values.phone,
      preferred_language: values.preferredLanguage,
      active: values.active,
      updated_at: values.now,
    })
    .where("id", "=", id)
    .where("role", "!=", "customer_contact")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
};
