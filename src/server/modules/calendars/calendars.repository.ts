import { sql } from "kysely";
import type { CalendarDefinition } from "../../../domain/sla/business-calendar";
import type { Database } from "../../platform/db";

export type CalendarRow = {
  id: string;
  name: string;
  definition: CalendarDefinition;
  version: number;
  updated_at: Date;
};

const RUNNING_STATUSES = ["new", "open", "waiting_on_customer"];

export const findVersions = (db: Database) => db.selectFrom("calendars").select(["id", "version"]).execute();

export const findCalendars = async (db: Database, ids?: readonly string[]): Promise<CalendarRow[]> => {
  let query = db.selectFrom("calendars").select(["id", "name", "definition", "version", "updated_at"]);
  if (ids) {
    if (!ids.length) return [];
    query = query.where("id", "in", ids);
  }
  return (await query.orderBy("name").orderBy("id").execute()) as CalendarRow[];
};

/** The calendar row, locked for an edit. */
export const lockCalendar = async (db: Database, id: string): Promise<CalendarRow | undefined> =>
  (await db
    .selectFrom("calendars")
    .select(["id", "name", "definition", "version", "updated_at"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst()) as CalendarRow | undefined;

export const insertCalendar = async (
  db: Database,
  row: { id: string; definition: CalendarDefinition; now: Date },
): Promise<boolean> => {
  const inserted = await db
    .insertInto("calendars")
    .values({
      id: row.id,
      name: row.definition.name,
      definition: JSON.stringify(row.definition),
      created_at: row.now,
      updated_at: row.now,
    })
    .onConflict((c) => c.column("id").doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
};

export const updateCalendar = async (
  db: Database,
  row: { id: string; definition: CalendarDefinition; now: Date },
): Promise<number> => {
  const updated = await db
    .updateTable("calendars")
    .set({
      name: row.definition.name,
      definition: JSON.stringify(row.definition),
      version: sql`version + 1`,
      updated_at: row.now,
    })
    .where("id", "=", row.id)
    .returning("version")
    .executeTakeFirstOrThrow();
  return updated.version;
};

export const deleteCalendar = (db: Database, id: string) =>
  db.deleteFrom("calendars").where("id", "=", id).execute();

const namesCalendar = (column: "settings" | "plan_settings", id: string) =>
  sql<boolean>`jsonb_path_exists(${sql.ref(column)}, '$.**.calendarId ? (@ == $id)', jsonb_build_object('id', ${id}::text))`;

/** Plans whose response or resolution clocks run on the calendar. */
export const findPlansUsing = async (db: Database, id: string): Promise<string[]> =>
  (
    await db.selectFrom("plans").select("id").where(namesCalendar("settings", id)).orderBy("id").execute()
  ).map((r) => r.id);

/** Plans using each calendar, for the list. */
export const findPlansByCalendar = async (db: Database): Promise<Map<string, string[]>> => {
  const rows = await db
    .selectFrom("plans")
    .select([
      "id",
      sql<
        string[]
      >`array(SELECT DISTINCT v #>> '{}' FROM jsonb_path_query(settings, '$.**.calendarId') v)`.as(
        "calendar_ids",
      ),
    ])
    .orderBy("id")
    .execute();
  const byCalendar = new Map<string, string[]>();
  for (const row of rows)
    for (const calendarId of row.calendar_ids)
      byCalendar.set(calendarId, [...(byCalendar.get(calendarId) ?? []), row.id]);
  return byCalendar;
};

/** Contracts not yet ended whose copied plan settings still name the calendar (how many). */
export const countContractsUsing = async (db: Database, id: string, today: string): Promise<number> => {
  const row = await db
    .selectFrom("contracts")
    .select(sql<string>`count(*)`.as("n"))
    .where("end_date", ">=", today)
    .where(namesCalendar("plan_settings", id))
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

export const countRunningCasesOn = async (db: Database, id: string): Promise<number> =>
  Number(
    (
      await db
        .selectFrom("cases")
        .select(sql<string>`count(*)`.as("n"))
        .where("status", "in", RUNNING_STATUSES)
        .where((eb) => eb.or([eb("sla_calendar_id", "=", id), eb("resolution_calendar_id", "=", id)]))
        .executeTakeFirstOrThrow()
    ).n,
  );

/* ---------- recomputations of running cases after an edit ---------- */

export type RecomputationRow = {
  id: string;
  calendar_id: string;
  calendar_version: number;
  status: string;
  cases_recomputed: number;
  after_case_id: string | null;
  started_at: Date;
  finished_at: Date | null;
};

export const insertRecomputation = async (
  db: Database,
  row: { calendarId: string; version: number; now: Date },
) => {
  // a newer edit supersedes a recomputation still running on the same calendar: it redoes every case
  await db
    .updateTable("calendar_recomputations")
    .set({ status: "done", finished_at: row.now })
    .where("calendar_id", "=", row.calendarId)
    .where("status", "=", "running")
    .execute();
  await db
    .insertInto("calendar_recomputations")
    .values({ calendar_id: row.calendarId, calendar_version: row.version, started_at: row.now })
    .execute();
};

export const findLatestRecomputations = async (db: Database): Promise<Map<string, RecomputationRow>> => {
  const rows = (await db
    .selectFrom("calendar_recomputations")
    .selectAll()
    .distinctOn("calendar_id")
    .orderBy("calendar_id")
    .orderBy("started_at", "desc")
    .execute()) as RecomputationRow[];
  return new Map(rows.map((r) => [r.calendar_id, r]));
};

/** The oldest running recomputation, locked so one process works it at a time (others skip it). */
export const lockRunningRecomputation = async (db: Database): Promise<RecomputationRow | undefined> =>
  (await db
    .selectFrom("calendar_recomputations")
    .selectAll()
    .where("status", "=", "running")
    .orderBy("started_at")
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst()) as RecomputationRow | undefined;

/** Running cases counted on the calendar after `after` (by id), a batch at a time. */
export const findRunningCaseIdsOn = async (
  db: Database,
  calendarId: string,
  after: string | null,
  limit: number,
): Promise<string[]> => {
  const batch = async (column: "sla_calendar_id" | "resolution_calendar_id") => {
    let query = db
      .selectFrom("cases")
      .select("id")
      .where("status", "in", RUNNING_STATUSES)
      .where(column, "=", calendarId);
    if (after) query = query.where("id", ">", after);
    return (await query.orderBy("id").limit(limit).execute()).map((r) => r.id);
  };
  const ids = [...new Set([...(await batch("sla_calendar_id")), ...(await batch("resolution_calendar_id"))])];
  return ids.sort().slice(0, limit);
};

export const advanceRecomputation = async (
  db: Database,
  row: { id: string; afterCaseId: string | null; cases: number; done: boolean; now: Date },
) => {
  await db
    .updateTable("calendar_recomputations")
    .set({
      after_case_id: row.afterCaseId,
      cases_recomputed: sql`cases_recomputed + ${row.cases}`,
      ...(row.done ? { status: "done", finished_at: row.now } : {}),
    })
    .where("id", "=", row.id)
    .execute();
};

/** The P2 clock's calendar of the organization's current contract ending last (its business hours). */
export const findBusinessCalendarIdOf = async (
  db: Database,
  organizationId: string,
  today: string,
): Promise<string | undefined> =>
  (
    await db
      .selectFrom("contracts")
      .select(sql<string | null>`plan_settings #>> '{responseClocks,P2,calendarId}'`.as("calendar_id"))
      .where("organization_id", "=", organizationId)
      .where("start_date", "<=", today)
      .where("end_date", ">=", today)
      .orderBy("end_date", "desc")
      .limit(1)
      .executeTakeFirst()
  )?.calendar_id ?? undefined;
