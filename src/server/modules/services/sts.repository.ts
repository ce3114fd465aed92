import { sql } from "kysely";
import type { StsServiceStatus } from "../../../api/sts";
import type { Scope } from "../../platform/actor";
import type { Database } from "../../platform/db";
import { decodeCursor, type Page, toPage } from "../../platform/pagination";

/* ---------- facts a sale needs ---------- */

export const lockOrganization = async (db: Database, organizationId: string) =>
  db
    .selectFrom("organizations")
    .select(["id", "name", "account_executive_id"])
    .where("id", "=", organizationId)
    .forUpdate()
    .executeTakeFirst();

export const hasCurrentContract = async (db: Database, organizationId: string, today: string) =>
  (await db
    .selectFrom("contracts")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("start_date", "<=", today)
    .where("end_date", ">=", today)
    .limit(1)
    .executeTakeFirst()) !== undefined;

/** An active staff user (any staff role), or undefined. */
export const findActiveStaff = async (db: Database, userId: string) =>
  db
    .selectFrom("users")
    .select(["id", "name", "role"])
    .where("id", "=", userId)
    .where("active", "=", true)
    .where("organization_id", "is", null)
    .where("role", "<>", "customer_contact")
    .executeTakeFirst();

export const findOverlappingService = async (
  db: Database,
  organizationId: string,
  range: { startDate: string; endDate: string },
) =>
  db
    .selectFrom("sts_services")
    .select(["id", "start_date", "end_date"])
    .where("organization_id", "=", organizationId)
    .where("start_date", "<=", range.endDate)
    .where("end_date", ">=", range.startDate)
    .orderBy("start_date")
    .limit(1)
    .executeTakeFirst();

export type NewService = {
  organizationId: string;
  engineerId: string;
  startDate: string;
  endDate: string;
  purchaseOrder: string;
  priceCents: number;
  notes: string;
  calendarId: string;
  createdBy: string | null;
  now: Date;
};

export const insertService = async (db: Database, values: NewService): Promise<string> =>
  (
    await db
      .insertInto("sts_services")
      .values({
        organization_id: values.organizationId,
        engineer_id: values.engineerId,
        start_date: values.startDate,
        end_date: values.endDate,
        purchase_order: values.purchaseOrder,
        price_cents: values.priceCents,
        notes: values.notes,
        calendar_id: values.calendarId,
        created_by: values.createdBy,
        created_at: values.now,
        updated_at: values.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

/* ---------- services ---------- */

const serviceQuery = (db: Database, scope: Scope) => {
  let query = db
    .selectFrom("sts_services as s")
    .innerJoin("organizations as o", "o.id", "s.organization_id")
    .innerJoin("users as e", "e.id", "s.engineer_id")
    .leftJoin("users as ae", "ae.id", "o.account_executive_id")
    .select([
      "s.id",
      "s.organization_id",
      "o.name as organization_name",
      "s.engineer_id",
      "e.name as engineer_name",
      "e.email as engineer_email",
      "e.phone as engineer_phone",
      "o.account_executive_id",
      "ae.name as account_executive_name",
      "s.start_date",
      "s.end_date",
      "s.purchase_order",
      "s.price_cents",
      "s.notes",
      "s.calendar_id",
      "s.created_at",
      "s.updated_at",
    ]);
  if (scope.kind === "organization") query = query.where("s.organization_id", "=", scope.organizationId);
  return query;
};
export type ServiceRow = Awaited<ReturnType<ReturnType<typeof serviceQuery>["executeTakeFirstOrThrow"]>>;

export const findService = (db: Database, scope: Scope, id: string) =>
  serviceQuery(db, scope).where("s.id", "=", id).executeTakeFirst();

/** Newest service first (by start date). */
export const findServices = async (
  db: Database,
  scope: Scope,
  filter: {
    organizationId?: string | undefined;
    engineerId?: string | undefined;
    status?: StsServiceStatus | undefined;
    today: string;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<ServiceRow>> => {
  let query = serviceQuery(db, scope);
  if (filter.organizationId) query = query.where("s.organization_id", "=", filter.organizationId);
  if (filter.engineerId) query = query.where("s.engineer_id", "=", filter.engineerId);
  if (filter.status === "upcoming") query = query.where("s.start_date", ">", filter.today);
  if (filter.status === "ended") query = query.where("s.end_date", "<", filter.today);
  if (filter.status === "current")
    query = query.where("s.start_date", "<=", filter.today).where("s.end_date", ">=", filter.today);
  const key = decodeCursor(filter.cursor, ["date", "uuid"]);
  if (key) query = query.where(sql<boolean>`(s.start_date, s.id) < (${key[0]}::date, ${key[1]}::uuid)`);
  const rows = await query
    .orderBy("s.start_date", "desc")
    .orderBy("s.id", "desc")
    .limit(filter.limit + 1)
    .execute();
  return toPage(
    rows,
    filter.limit,
    (r) => r,
    (r) => [r.start_date, r.id],
  );
};

/** The service of an organization covering today, else the next one to start. */
export const findCurrentService = (db: Database, scope: Scope, organizationId: string, today: string) =>
  serviceQuery(db, scope)
    .where("s.organization_id", "=", organizationId)
    .where("s.end_date", ">=", today)
    .orderBy("s.start_date")
    .limit(1)
    .executeTakeFirst();
