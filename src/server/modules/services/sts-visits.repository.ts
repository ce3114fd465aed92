import { sql } from "kysely";
import type { StsVisitKind, StsVisitStatus } from "../../../api/sts";
import type { Scope } from "../../platform/actor";
import type { Database } from "../../platform/db";
import { decodeCursor, type Page, toPage } from "../../platform/pagination";

/** The on-site engineer's visits: scheduled with a service, the agenda, held or moved, and their reminders. */

/** Whose visits an agenda shows: everyone's, or those of one person's services (engineer or account executive). */
export type AgendaScope = Scope | { kind: "person"; userId: string };

export const insertVisits = async (
  db: Database,
  serviceId: string,
  visits: { kind: StsVisitKind; sequence: number; dueOn: string; remindOn: string }[],
  now: Date,
) => {
  if (!visits.length) return;
  await db
    .insertInto("sts_visits")
    .values(
      visits.map((v) => ({
        service_id: serviceId,
        kind: v.kind,
        sequence: v.sequence,
        due_on: v.dueOn,
        scheduled_on: v.dueOn,
        remind_on: v.remindOn,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
};

/* ---------- visits ---------- */

const visitQuery = (db: Database) =>
  db
    .selectFrom("sts_visits as v")
    .innerJoin("sts_services as s", "s.id", "v.service_id")
    .innerJoin("organizations as o", "o.id", "s.organization_id")
    .innerJoin("users as e", "e.id", "s.engineer_id")
    .leftJoin("users as h", "h.id", "v.held_by")
    .select([
      "v.id",
      "v.service_id",
      "s.organization_id",
      "o.name as organization_name",
      "o.account_executive_id",
      "s.engineer_id",
      "e.name as engineer_name",
      "v.kind",
      "v.sequence",
      "v.due_on",
      "v.scheduled_on",
      "v.remind_on",
      "v.reminder_sent_at",
      "v.status",
      "v.held_on",
      "v.minutes",
      "v.held_by",
      "h.name as held_by_name",
      (eb) =>
        eb
          .selectFrom("sts_visit_reschedules as r")
          .select((r) => r.fn.countAll<number>().as("n"))
          .whereRef("r.visit_id", "=", "v.id")
          .as("reschedule_count"),
    ]);
type RawVisit = Awaited<ReturnType<ReturnType<typeof visitQuery>["executeTakeFirstOrThrow"]>>;
export type VisitRow = Omit<RawVisit, "kind" | "status" | "reschedule_count"> & {
  kind: StsVisitKind;
  status: StsVisitStatus;
  reschedule_count: number;
};
const toVisitRow = (r: RawVisit): VisitRow => ({
  ...r,
  kind: r.kind as StsVisitKind,
  status: r.status as StsVisitStatus,
  reschedule_count: Number(r.reschedule_count ?? 0),
});

export const findVisitsOfService = async (db: Database, serviceId: string): Promise<VisitRow[]> =>
  (
    await visitQuery(db)
      .where("v.service_id", "=", serviceId)
      .orderBy("v.scheduled_on")
      .orderBy("v.kind")
      .execute()
  ).map(toVisitRow);

export const findVisit = async (db: Database, id: string): Promise<VisitRow | undefined> => {
  const row = await visitQuery(db).where("v.id", "=", id).executeTakeFirst();
  return row && toVisitRow(row);
};

/** Each service's first visit not yet held from `today` on (of one kind, if given). */
export const findNextVisits = async (
  db: Database,
  serviceIds: string[],
  today: string,
  kind?: StsVisitKind,
): Promise<Map<string, VisitRow>> => {
  if (!serviceIds.length) return new Map();
  let query = visitQuery(db)
    .distinctOn("v.service_id")
    .where("v.service_id", "in", serviceIds)
    .where("v.status", "=", "scheduled")
    .where("v.scheduled_on", ">=", today);
  if (kind) query = query.where("v.kind", "=", kind);
  const rows = await query.orderBy("v.service_id").orderBy("v.scheduled_on").orderBy("v.id").execute();
  return new Map(rows.map((r) => [r.service_id, toVisitRow(r)]));
};

export const findReschedules = async (db: Database, visitIds: string[]) =>
  visitIds.length
    ? db
        .selectFrom("sts_visit_reschedules as r")
        .leftJoin("users as u", "u.id", "r.changed_by")
        .select([
          "r.visit_id",
          "r.from_date",
          "r.to_date",
          "r.reason",
          "r.changed_by",
          "u.name as changed_by_name",
          "r.changed_at",
        ])
        .where("r.visit_id", "in", visitIds)
        .orderBy("r.changed_at")
        .orderBy("r.id")
        .execute()
    : [];

/** Visits by date, then id: the agenda, from a day on, of whom the scope says. */
export const findAgenda = async (
  db: Database,
  scope: AgendaScope,
  filter: {
    from?: string | undefined;
    to?: string | undefined;
    status: StsVisitStatus | "all";
    kind?: StsVisitKind | undefined;
    engineerId?: string | undefined;
    organizationId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<VisitRow>> => {
  let query = visitQuery(db);
  if (scope.kind === "organization") query = query.where("s.organization_id", "=", scope.organizationId);
  if (scope.kind === "person") {
    const me = scope.userId;
    query = query.where((eb) => eb.or([eb("s.engineer_id", "=", me), eb("o.account_executive_id", "=", me)]));
  }
  if (filter.from) query = query.where("v.scheduled_on", ">=", filter.from);
  if (filter.to) query = query.where("v.scheduled_on", "<=", filter.to);
  if (filter.status !== "all") query = query.where("v.status", "=", filter.status);
  if (filter.kind) query = query.where("v.kind", "=", filter.kind);
  if (filter.engineerId) query = query.where("s.engineer_id", "=", filter.engineerId);
  if (filter.organizationId) query = query.where("s.organization_id", "=", filter.organizationId);
  const key = decodeCursor(filter.cursor, ["date", "uuid"]);
  if (key) query = query.where(sql<boolean>`(v.scheduled_on, v.id) > (${key[0]}::date, ${key[1]}::uuid)`);
  const rows = await query
    .orderBy("v.scheduled_on")
    .orderBy("v.id")
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toVisitRow, (r) => [r.scheduled_on, r.id]);
};

/** A visit locked for a change, within the caller's scope. */
export const lockVisit = async (db: Database, scope: Scope, id: string) => {
  let query = db
    .selectFrom("sts_visits as v")
    .innerJoin("sts_services as s", "s.id", "v.service_id")
    .innerJoin("organizations as o", "o.id", "s.organization_id")
    .select([
      "v.id",
      "v.service_id",
      "v.kind",
      "v.status",
      "v.scheduled_on",
      "s.organization_id",
      "s.engineer_id",
      "o.account_executive_id",
    ])
    .where("v.id", "=", id);
  if (scope.kind === "organization") query = query.where("s.organization_id", "=", scope.organizationId);
  return query.forUpdate("v").executeTakeFirst();
};

export const markHeld = async (
  db: Database,
  id: string,
  values: { heldOn: string; minutes: string; heldBy: string | null; now: Date },
) => {
  await db
    .updateTable("sts_visits")
    .set({
      status: "held",
      held_on: values.heldOn,
      minutes: values.minutes,
      held_by: values.heldBy,
      held_at: values.now,
      updated_at: values.now,
    })
    .where("id", "=", id)
    .execute();
};

/** Moves a visit; its reminder is due again for the new day. */
export const moveVisit = async (
  db: Database,
  id: string,
  values: {
    fromDate: string;
    toDate: string;
    remindOn: string;
    reason: string;
    changedBy: string | null;
    now: Date;
  },
) => {
  await db
    .updateTable("sts_visits")
    .set({
      scheduled_on: values.toDate,
      remind_on: values.remindOn,
      reminder_sent_at: null,
      updated_at: values.now,
    })
    .where("id", "=", id)
    .execute();
  await db
    .insertInto("sts_visit_reschedules")
    .values({
      visit_id: id,
      from_date: values.fromDate,
      to_date: values.toDate,
      reason: values.reason,
      changed_by: values.changedBy,
      changed_at: values.now,
    })
    .execute();
};

/* ---------- reminders ---------- */

/**
 * Visits whose reminder day has come and that were not reminded for their day, locked (other processes skip
 * them): the visit is still ahead and not held.
 */
export const claimDueReminders = (db: Database, today: string, limit: number) =>
  db
    .selectFrom("sts_visits as v")
    .innerJoin("sts_services as s", "s.id", "v.service_id")
    .innerJoin("organizations as o", "o.id", "s.organization_id")
    .innerJoin("users as e", "e.id", "s.engineer_id")
    .select([
      "v.id",
      "v.service_id",
      "v.kind",
      "v.sequence",
      "v.scheduled_on",
      "s.organization_id",
      "o.name as organization_name",
      "o.account_executive_id",
      "s.engineer_id",
      "e.name as engineer_name",
      "e.email as engineer_email",
      "e.phone as engineer_phone",
    ])
    .where("v.status", "=", "scheduled")
    .where("v.reminder_sent_at", "is", null)
    .where("v.remind_on", "<=", today)
    .where("v.scheduled_on", ">=", today)
    .orderBy("v.remind_on")
    .orderBy("v.id")
    .limit(limit)
    .forUpdate("v")
    .skipLocked()
    .execute();

export const markReminded = async (db: Database, ids: string[], now: Date) => {
  if (!ids.length) return;
  await db
    .updateTable("sts_visits")
    .set({ reminder_sent_at: now })
    .where("id", "in", ids)
    .where("reminder_sent_at", "is", null)
    .execute();
};

export type ReminderRecipient = {
  id: string;
  email: string;
  name: string;
  preferred_language: string;
  role: string;
};

/**
 * Who is reminded of an organization's visit: its engineer, its account executive and the authorized contacts
 * of its current contracts; active people only, each once.
 */
export const findReminderRecipients = async (
  db: Database,
  organizationId: string,
  staffIds: (string | null)[],
  today: string,
): Promise<ReminderRecipient[]> => {
  const ids = staffIds.filter((id): id is string => id !== null);
  const staff = ids.length
    ? await db
        .selectFrom("users")
        .select(["id", "email", "name", "preferred_language", "role"])
        .where("id", "in", ids)
        .where("active", "=", true)
        .execute()
    : [];
  const contacts = await db
    .selectFrom("contract_contacts as cc")
    .innerJoin("contracts as c", "c.id", "cc.contract_id")
    .innerJoin("users as u", "u.id", "cc.contact_id")
    .select(["u.id", "u.email", "u.name", "u.preferred_language", "u.role"])
    .distinct()
    .where("c.organization_id", "=", organizationId)
    .where("c.start_date", "<=", today)
    .where("c.end_date", ">=", today)
    .where("u.active", "=", true)
    .orderBy("u.id")
    .execute();
  const seen = new Set<string>();
  return [...staff, ...contacts].filter((p) => !seen.has(p.id) && seen.add(p.id));
};
