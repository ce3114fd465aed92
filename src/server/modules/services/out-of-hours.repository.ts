import { sql } from "kysely";
import type { Scope } from "../../platform/actor";
import type { Database } from "../../platform/db";
import { decodeCursor, newestFirstPage, type Page, toPage } from "../../platform/pagination";

const DAY_MS = 24 * 3_600_000;

/**
 * The confirmed out-of-hours window of an organization that contains the instant, if any: a case of the
 * organization registered then runs on the 24×7 clock. Windows last at most 24 hours, so only those that
 * started in the day up to `at` are read (the partial index on confirmed windows by organization and start).
 */
export const findConfirmedWindowAt = async (
  executor: Database,
  organizationId: string,
  at: Date,
): Promise<{ id: string; startsAt: Date; endsAt: Date } | null> => {
  const row = await executor
    .selectFrom("out_of_hours_windows")
    .select(["id", "starts_at", "ends_at"])
    .where("organization_id", "=", organizationId)
    .where("status", "=", "confirmed")
    .where("starts_at", "<=", at)
    .where("starts_at", ">", new Date(at.getTime() - DAY_MS))
    .where("ends_at", ">", at)
    .orderBy("starts_at")
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, startsAt: row.starts_at, endsAt: row.ends_at } : null;
};

const windows = (db: Database) =>
  db
    .selectFrom("out_of_hours_windows as w")
    .innerJoin("organizations as o", "o.id", "w.organization_id")
    .innerJoin("contracts as c", "c.id", "w.contract_id")
    .innerJoin("customer_systems as s", "s.id", "c.system_id")
    .leftJoin("users as rq", "rq.id", "w.requested_by")
    .leftJoin("users as cf", "cf.id", "w.confirmed_by")
    .leftJoin("users as dc", "dc.id", "w.declined_by")
    .leftJoin("users as cn", "cn.id", "w.cancelled_by")
    .select([
      "w.id",
      "w.organization_id",
      "o.name as organization_name",
      "w.contract_id",
      "c.number as contract_number",
      "c.start_date as contract_start",
      "c.end_date as contract_end",
      "s.name as system_name",
      "w.contract_year",
      "w.starts_at",
      "w.ends_at",
      "w.time_zone",
      "w.maintenance",
      "w.status",
      "w.reason",
      "w.refunded",
      "w.requested_by",
      "rq.name as requested_by_name",
      "w.created_at",
      "w.confirmed_by",
      "cf.name as confirmed_by_name",
      "w.confirmed_at",
      "w.declined_by",
      "dc.name as declined_by_name",
      "w.declined_at",
      "w.cancelled_by",
      "cn.name as cancelled_by_name",
      "w.cancelled_at",
    ]);

export type WindowRow = Awaited<ReturnType<ReturnType<typeof windows>["executeTakeFirstOrThrow"]>>;

const scoped = (db: Database, scope: Scope) => {
  const query = windows(db);
  return scope.kind === "organization" ? query.where("w.organization_id", "=", scope.organizationId) : query;
};

/** One window, if the caller's scope reaches it. */
export const findWindow = (db: Database, scope: Scope, id: string) =>
  scoped(db, scope).where("w.id", "=", id).executeTakeFirst();

export const listWindows = async (
  db: Database,
  scope: Scope,
  filter: {
    organizationId?: string | undefined;
    contractId?: string | undefined;
    status?: string | undefined;
    upcoming?: boolean | undefined;
    now: Date;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<WindowRow>> => {
  let query = scoped(db, scope);
  if (filter.organizationId) query = query.where("w.organization_id", "=", filter.organizationId);
  if (filter.contractId) query = query.where("w.contract_id", "=", filter.contractId);
  if (filter.status) query = query.where("w.status", "=", filter.status);
  if (!filter.upcoming) {
    return newestFirstPage(query, {
      at: "w.starts_at",
      id: "w.id",
      instantOf: (r) => r.starts_at,
      limit: filter.limit,
      cursor: filter.cursor,
    });
  }
  // the windows still to come (or under way), soonest first
  query = query.where("w.ends_at", ">", filter.now);
  const after = decodeCursor(filter.cursor, ["instant", "uuid"]);
  if (after)
    query = query.where(
      sql<boolean>`(w.starts_at, w.id) > (${new Date(after[0] as string)}, ${after[1] as string}::uuid)`,
    );
  const rows = await query
    .orderBy("w.starts_at")
    .orderBy("w.id")
    .limit(filter.limit + 1)
    .execute();
  return toPage(
    rows,
    filter.limit,
    (r) => r,
    (r) => [r.starts_at.toISOString(), r.id],
  );
};

/** Locks a window for a change of status. */
export const lockWindow = (db: Database, id: string) =>
  db
    .selectFrom("out_of_hours_windows")
    .select(["id", "status", "organization_id", "contract_id", "starts_at", "ends_at"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();

export type ContractFacts = {
  id: string;
  number: string;
  organizationId: string;
  systemName: string;
  startDate: string;
  endDate: string;
  planSettings: { name?: string; outOfHoursDaysPerYear?: number };
};

const contractFacts = (db: Database) =>
  db
    .selectFrom("contracts as c")
    .innerJoin("customer_systems as s", "s.id", "c.system_id")
    .select([
      "c.id",
      "c.number",
      "c.organization_id",
      "s.name as system_name",
      "c.start_date",
      "c.end_date",
      "c.plan_settings",
    ]);

const toFacts = (row: {
  id: string;
  number: string;
  organization_id: string;
  system_name: string;
  start_date: string;
  end_date: string;
  plan_settings: unknown;
}): ContractFacts => ({
  id: row.id,
  number: row.number,
  organizationId: row.organization_id,
  systemName: row.system_name,
  startDate: row.start_date,
  endDate: row.end_date,
  planSettings: (row.plan_settings ?? {}) as ContractFacts["planSettings"],
});

/** A contract, if the caller's scope reaches it. */
export const findContract = async (db: Database, scope: Scope, id: string): Promise<ContractFacts | null> => {
  let query = contractFacts(db).where("c.id", "=", id);
  if (scope.kind === "organization") query = query.where("c.organization_id", "=", scope.organizationId);
  const row = await query.executeTakeFirst();
  return row ? toFacts(row) : null;
};

/**
 * Locks a contract row: two bookings on one contract take their turns, so the second counts the first
 * (the quota cannot be exceeded by a race).
 */
export const lockContract = async (db: Database, id: string): Promise<void> => {
  await db.selectFrom("contracts").select("id").where("id", "=", id).forUpdate().execute();
};

/** The organization's contracts current on `today`, newest end first, with whether `contactId` is authorized. */
export const findCurrentContracts = async (
  db: Database,
  organizationId: string,
  today: string,
  contactId: string | null,
): Promise<(ContractFacts & { authorized: boolean })[]> => {
  const rows = await contractFacts(db)
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom("contract_contacts as cc")
            .innerJoin("users as u", "u.id", "cc.contact_id")
            .select("cc.contact_id")
            .whereRef("cc.contract_id", "=", "c.id")
            .where("cc.contact_id", "=", contactId ?? "00000000-0000-0000-0000-000000000000")
            .where("u.active", "=", true),
        )
        .as("authorized"),
    )
    .where("c.organization_id", "=", organizationId)
    .where("c.start_date", "<=", today)
    .where("c.end_date", ">=", today)
    .orderBy("c.end_date", "desc")
    .orderBy("c.number")
    .execute();
  return rows.map((r) => ({ ...toFacts(r), authorized: Boolean(r.authorized) }));
};

/** Is the contact an active authorized contact of the contract? */
export const isAuthorizedOn = async (db: Database, contractId: string, contactId: string) =>
  Boolean(
    await db
      .selectFrom("contract_contacts as cc")
      .innerJoin("users as u", "u.id", "cc.contact_id")
      .select("cc.contact_id")
      .where("cc.contract_id", "=", contractId)
      .where("cc.contact_id", "=", contactId)
      .where("u.active", "=", true)
      .executeTakeFirst(),
  );

/**
 * The days each year of a contract has taken: requested and confirmed windows, and those cancelled too late
 * to give the day back (a declined window, or one cancelled in time, is refunded).
 */
export const countUsedByYear = async (db: Database, contractIds: readonly string[]) => {
  const used = new Map<string, Map<number, number>>();
  if (!contractIds.length) return used;
  const rows = await db
    .selectFrom("out_of_hours_windows")
    .select(["contract_id", "contract_year", (eb) => eb.fn.countAll<string>().as("used")])
    .where("contract_id", "in", contractIds)
    .where("refunded", "=", false)
    .where("status", "<>", "declined")
    .groupBy(["contract_id", "contract_year"])
    .execute();
  for (const row of rows) {
    const years = used.get(row.contract_id) ?? new Map<number, number>();
    years.set(row.contract_year, Number(row.used));
    used.set(row.contract_id, years);
  }
  return used;
};

export const insertWindow = async (
  db: Database,
  values: {
    organizationId: string;
    contractId: string;
    contractYear: number;
    startsAt: Date;
    endsAt: Date;
    timeZone: string;
    maintenance: string;
    requestedBy: string | null;
    now: Date;
  },
) =>
  (
    await db
      .insertInto("out_of_hours_windows")
      .values({
        organization_id: values.organizationId,
        contract_id: values.contractId,
        contract_year: values.contractYear,
        starts_at: values.startsAt,
        ends_at: values.endsAt,
        time_zone: values.timeZone,
        maintenance: values.maintenance,
        requested_by: values.requestedBy,
        created_at: values.now,
        updated_at: values.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

export const markConfirmed = (db: Database, id: string, by: string | null, now: Date) =>
  db
    .updateTable("out_of_hours_windows")
    .set({ status: "confirmed", confirmed_by: by, confirmed_at: now, updated_at: now })
    .where("id", "=", id)
    .execute();

export const markDeclined = (db: Database, id: string, by: string | null, reason: string, now: Date) =>
  db
    .updateTable("out_of_hours_windows")
    .set({ status: "declined", declined_by: by, declined_at: now, reason, refunded: true, updated_at: now })
    .where("id", "=", id)
    .execute();

export const markCancelled = (
  db: Database,
  id: string,
  values: { by: string | null; reason: string; refunded: boolean; now: Date },
) =>
  db
    .updateTable("out_of_hours_windows")
    .set({
      status: "cancelled",
      cancelled_by: values.by,
      cancelled_at: values.now,
      reason: values.reason,
      refunded: values.refunded,
      updated_at: values.now,
    })
    .where("id", "=", id)
    .execute();

/** Who hears of a request: the organization's account executive and the active managers. */
export const findDeskRecipientIds = async (db: Database, organizationId: string): Promise<string[]> => {
  const rows = await db
    .selectFrom("users as u")
    .select("u.id")
    .where("u.active", "=", true)
    .where((eb) =>
      eb.or([
        eb("u.role", "=", "manager"),
        eb(
          "u.id",
          "=",
          eb
            .selectFrom("organizations as o")
            .select("o.account_executive_id")
            .where("o.id", "=", organizationId),
        ),
      ]),
    )
    .orderBy("u.email")
    .execute();
  return rows.map((r) => r.id);
};

/** The active authorized contacts of a contract. */
export const findAuthorizedContactIds = async (db: Database, contractId: string): Promise<string[]> =>
  (
    await db
      .selectFrom("contract_contacts as cc")
      .innerJoin("users as u", "u.id", "cc.contact_id")
      .select("u.id")
      .where("cc.contract_id", "=", contractId)
      .where("u.active", "=", true)
      .orderBy("u.email")
      .execute()
  ).map((r) => r.id);

export const findOrganization = (db: Database, scope: Scope, id: string) => {
  let query = db.selectFrom("organizations").select(["id", "name"]).where("id", "=", id);
  if (scope.kind === "organization") query = query.where("id", "=", scope.organizationId);
  return query.executeTakeFirst();
};

const SETTINGS_KEY = "out_of_hours";

export const findSettings = async (db: Database): Promise<unknown> =>
  (await db.selectFrom("settings").select("value").where("key", "=", SETTINGS_KEY).executeTakeFirst())
    ?.value ?? null;

export const saveSettings = async (db: Database, value: unknown, now: Date) => {
  await db
    .insertInto("settings")
    .values({ key: SETTINGS_KEY, value: JSON.stringify(value), updated_at: now })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
    .execute();
};
