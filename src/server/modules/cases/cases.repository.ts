import { type ExpressionBuilder, type SelectQueryBuilder, sql } from "kysely";
import { type Database, type DB, UNPREPARED } from "../../platform/db";
import { decodeCursor, fetchLimit, type Page, toPage } from "../../platform/pagination";
import {
  applyListFilters,
  type CaseScope,
  inCaseScope,
  inListOrder,
  type ListFilter,
  listOrderOf,
  searchPageIds,
} from "./case-list.repository";

export { countQueues, listOrderOf } from "./case-list.repository";

export type CaseValues = {
  organizationId: string;
  systemId: string;
  contractId: string;
  requesterId: string;
  channel: string;
  subject: string;
  description: string;
  installedVersion: string;
  /** What the support policy said of that version at registration. */
  versionSupport: { status: string; endOfSupportOn: string | null };
  environment: string;
  affectedPercent: number;
  canKeepWorking: boolean;
  checklist: Record<string, boolean>;
  suggestedPriority: string;
  proposedPriority: string | null;
  priority: string;
  status: string;
  registeredAt: Date;
  sla: { calendarId: string; targetMinutes: number; dueAt: Date; explanation: unknown; window: unknown };
  resolution: { calendarId: string; targetMinutes: number; dueAt: Date | null } | null;
};

const HISTORY_COLUMNS = ["case_id", "at", "actor_id", "kind", "visibility", "body", "data"] as const;

/** A public history entry of the case a statement's CTE `from` holds, for its INSERT … SELECT. */
const publicEntryOf = (
  // biome-ignore lint/suspicious/noExplicitAny: the expression builder of any statement with that CTE
  eb: ExpressionBuilder<any, any>,
  from: string,
  entry: { at: Date; actorId: string | null; kind: string; body: string; data: Record<string, unknown> },
) =>
  eb
    .selectFrom(from)
    .select([
      `${from}.id`,
      eb.val(entry.at).as("at"),
      eb.val(entry.actorId).as("actor_id"),
      eb.val(entry.kind).as("kind"),
      eb.val("public").as("visibility"),
      eb.val(entry.body).as("body"),
      eb.val(JSON.stringify(entry.data)).as("data"),
    ]);

/**
 * Inserts a case with the next human number, CAS-2026-000123 (the year of registration; a sequence, so
 * concurrent intakes never wait on each other), and its public "created" history entry — one statement,
 * which answers the case as `findCase` reads it.
 */
export const insertCase = async (
  db: Database,
  v: CaseValues,
  created: { actorId: string | null; data: Record<string, unknown> },
) =>
  db
    .with("c", (q) =>
      q
        .insertInto("cases")
        .values({
          number: sql<string>`'CAS-' || ${String(v.registeredAt.getUTCFullYear())} || '-' || lpad(nextval('case_number_seq')::text, 6, '0')`,
          organization_id: v.organizationId,
          system_id: v.systemId,
          contract_id: v.contractId,
          requester_id: v.requesterId,
          channel: v.channel,
          subject: v.subject,
          description: v.description,
          installed_version: v.installedVersion,
          version_support: v.versionSupport.status,
          version_end_of_support: v.versionSupport.endOfSupportOn,
          environment: v.environment,
          affected_percent: v.affectedPercent,
          can_keep_working: v.canKeepWorking,
          checklist: JSON.stringify(v.checklist),
          suggested_priority: v.suggestedPriority,
          proposed_priority: v.proposedPriority,
          priority: v.priority,
          status: v.status,
          registered_at: v.registeredAt,
          sla_calendar_id: v.sla.calendarId,
          sla_target_minutes: v.sla.targetMinutes,
          response_due_at: v.sla.dueAt,
          sla_explanation: JSON.stringify(v.sla.explanation),
          sla_window: v.sla.window ? JSON.stringify(v.sla.window) : null,
          resolution_calendar_id: v.resolution?.calendarId ?? null,
          resolution_target_minutes: v.resolution?.targetMinutes ?? null,
          resolution_due_at: v.resolution?.dueAt ?? null,
          updated_at: v.registeredAt,
        })
        .returningAll(),
    )
    .with("e", (q) =>
      q
        .insertInto("case_events")
        .columns(HISTORY_COLUMNS)
        .expression((eb) =>
          publicEntryOf(eb, "c", {
            at: v.registeredAt,
            actorId: created.actorId,
            kind: "created",
            body: "",
            data: created.data,
          }),
        )
        .returning("id"),
    )
    .selectFrom("c")
    .crossJoin("e")
    .select("e.id as created_event_id")
    // the case as `findCase` reads it, and the requester as the acknowledgement addresses them (notices'
    // case context), in the same trip
    .$call(withCaseNames)
    .select([
      "r.email as requester_email",
      "r.role as requester_role",
      "r.preferred_language as requester_language",
      "r.active as requester_active",
      "o.time_zone as requester_time_zone",
    ])
    .executeTakeFirstOrThrow();

export type { CaseScope };

/**
 * A case row: the case's columns with the names a case shows (organization, system, contract, plan,
 * requester, assignee), on a selection from `cases as c` or from a CTE `c` of the case's columns.
 */
const withCaseNames = <O>(
  // biome-ignore lint/suspicious/noExplicitAny: any selection whose `c` holds a case's columns
  query: SelectQueryBuilder<any, any, O>,
) =>
  (query as unknown as SelectQueryBuilder<DB & { c: DB["cases"] }, "c", O>)
    .innerJoin("organizations as o", "o.id", "c.organization_id")
    .innerJoin("customer_systems as s", "s.id", "c.system_id")
    .innerJoin("contracts as k", "k.id", "c.contract_id")
    .innerJoin("users as r", "r.id", "c.requester_id")
    .leftJoin("users as a", "a.id", "c.assignee_id")
    .selectAll("c")
    .select([
      "o.name as organization_name",
      "s.name as system_name",
      "k.number as contract_number",
      // the name only: the whole plan is read by a change that recounts the clock (findCaseForChange)
      sql<string>`k.plan_settings->>'name'`.as("plan_name"),
      "r.name as requester_name",
      sql<boolean>`EXISTS (SELECT 1 FROM undeliverable_addresses x WHERE x.address = lower(r.email))`.as(
        "requester_undeliverable",
      ),
      "a.name as assignee_name",
    ]);

const caseQuery = (db: Database, scope: CaseScope) =>
  inCaseScope(withCaseNames(db.selectFrom("cases as c")), scope);

export type CaseRow = Awaited<ReturnType<ReturnType<typeof caseQuery>["executeTakeFirstOrThrow"]>>;

export const findCase = (db: Database, scope: CaseScope, id: string): Promise<CaseRow | undefined> =>
  caseQuery(db, scope).where("c.id", "=", id).executeTakeFirst();

export type CaseRowForChange = NonNullable<Awaited<ReturnType<typeof findCaseForChange>>>;

/** The case with its contract's plan settings, for a change that may recount its clocks. */
export const findCaseForChange = (db: Database, scope: CaseScope, id: string) =>
  caseForChangeQuery(db, scope).where("c.id", "=", id).executeTakeFirst();

const caseForChangeQuery = (db: Database, scope: CaseScope) =>
  caseQuery(db, scope).select([
    "k.plan_settings",
    // what a notice of the change needs besides (notifications' case context), read in the same trip
    "o.account_executive_id",
    "o.time_zone as organization_time_zone",
    "r.email as requester_email",
    "r.role as requester_role",
    "r.preferred_language as requester_language",
    "r.active as requester_active",
  ]);

/**
 * A public reply's read and its history entry in one statement: the case as `findCaseForChange` reads it,
 * and the entry, written only when the case is the caller's to see and not closed (`reply_id` null then).
 */
export const findCaseForReply = (
  db: Database,
  scope: CaseScope,
  id: string,
  reply: { at: Date; actorId: string | null; body: string },
) =>
  db
    .with("changed", () => caseForChangeQuery(db, scope).where("c.id", "=", id))
    .with("reply", (q) =>
      q
        .insertInto("case_events")
        .columns(HISTORY_COLUMNS)
        .expression((eb) =>
          publicEntryOf(eb, "changed", { ...reply, kind: "reply", data: {} }).where(
            "changed.status",
            "<>",
            "closed",
          ),
        )
        .returning("id"),
    )
    .selectFrom("changed")
    .leftJoin("reply", (join) => join.onTrue())
    .selectAll("changed")
    .select("reply.id as reply_id")
    .executeTakeFirst();

export type ListQuery = ListFilter & { limit: number; cursor?: string | undefined };

/** The list's filters, cursor, order and page length on a selection from `cases as c` (scoped already). */
const listPage = <Q extends SelectQueryBuilder<DB & { c: DB["cases"] }, "c", { id: string }>>(
  db: Database,
  query: Q,
  scope: CaseScope,
  filter: ListQuery,
) => {
  const after = decodeCursor(filter.cursor, ["instant", "uuid"]);
  const { q } = filter;
  // a search's page takes the cursor in its own branches (searchPageIds)
  const page = q
    ? inListOrder(
        query.where(
          "c.id",
          "in",
          searchPageIds(db, scope, { ...filter, q, limit: fetchLimit(filter.limit), after }),
        ),
        filter,
        null,
      )
    : inListOrder(applyListFilters(query, filter), filter, after);
  return page.limit(fetchLimit(filter.limit)) as unknown as Q;
};

const toListPage = <Row extends { id: string }>(rows: Row[], limit: number, instantOf: (row: Row) => Date) =>
  toPage(
    rows,
    limit,
    (r) => r,
    (r) => [instantOf(r).toISOString(), r.id],
  );

export const findCases = async (db: Database, scope: CaseScope, filter: ListQuery): Promise<Page<CaseRow>> =>
  toListPage(
    await listPage(db, caseQuery(db, scope), scope, filter).execute(),
    filter.limit,
    (r) => r[listOrderOf(filter).column],
  );

/**
 * The query of a page's cases by id and revision only (the case views kept in memory are keyed by them);
 * building it checks the cursor. The instant comes as epoch milliseconds: only the last row's makes the
 * cursor, and parsing 51 timestamps was a tenth of a kept page's cost.
 */
export const casePageKeysQuery = (db: Database, scope: CaseScope, filter: ListQuery) =>
  listPage(
    db,
    inCaseScope(
      db.selectFrom("cases as c").select([
        "c.id",
        "c.revision",
        // the instant the list is ordered by
        sql<string>`extract(epoch FROM ${sql.ref(`c.${listOrderOf(filter).column}`)}) * 1000`.as("at_ms"),
      ]),
      scope,
    ),
    scope,
    filter,
  );
export type CasePageKeysQuery = ReturnType<typeof casePageKeysQuery>;
type CasePageKey = { id: string; revision: number; at_ms: string };

/**
 * Queries of one shape in one round trip: one alone as it is, several tagged with their place in a UNION
 * ALL. A union of one statement's text asked with other values (the pages of ten organizations) has a text
 * of its own for each count, prepared as any statement; a union of different statements runs unprepared
 * (their combinations are many). Each query's rows apart, in the order it gave them. `texts`: the queries'
 * SQL when the caller compiled them already.
 */
const runTogether = async <Row>(
  db: Database,
  // biome-ignore lint/suspicious/noExplicitAny: any selection giving Row
  queries: readonly SelectQueryBuilder<any, any, Row>[],
  texts: readonly string[] = queries.length > 1 ? queries.map((query) => query.compile().sql) : [],
): Promise<Row[][]> => {
  if (queries.length === 1) return [await queries[0]!.execute()];
  const oneStatement = texts.every((text) => text === texts[0]);
  const { rows } = await sql<Row & { part: number }>`${sql.raw(oneStatement ? "" : UNPREPARED)}${sql.join(
    queries.map((query, i) => sql`(${query.select(sql.lit(i).as("part"))})`),
    sql` UNION ALL `,
  )}`.execute(db);
  const parts = queries.map((): Row[] => []);
  for (const row of rows) parts[row.part]!.push(row);
  return parts;
};

/** Cases asked by id under the scope of whoever asked. */
export type ScopedIds = { scope: CaseScope; ids: string[] };

/**
 * Several pages' keys in one round trip (`runTogether`), each distinct page once. Each page comes back in
 * its own order.
 */
export const findCasePagesKeys = async (
  db: Database,
  /** ascending: the page's order (`listOrderOf`) */
  pages: readonly { query: CasePageKeysQuery; limit: number; ascending: boolean }[],
): Promise<Page<CasePageKey>[]> => {
  // the same page asked twice in a batch is read once
  const places = new Map<string, number>();
  const distinct: CasePageKeysQuery[] = [];
  const texts: string[] = [];
  const ascending: boolean[] = [];
  const placeOf = pages.map(({ query, ascending: up }) => {
    const compiled = query.compile();
    const key = `${compiled.sql}\u0000${JSON.stringify(compiled.parameters)}`;
    let place = places.get(key);
    if (place === undefined) {
      place = distinct.push(query) - 1;
      texts.push(compiled.sql);
      ascending.push(up);
      places.set(key, place);
    }
    return place;
  });
  const parts = await runTogether(db, distinct, texts);
  // a UNION ALL's branches come back in their own order in practice, not by promise: checked, and sorted if not
  const byId = (a: CasePageKey, b: CasePageKey) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const newestFirst = (a: CasePageKey, b: CasePageKey) => Number(b.at_ms) - Number(a.at_ms) || byId(b, a);
  const oldestFirst = (a: CasePageKey, b: CasePageKey) => Number(a.at_ms) - Number(b.at_ms) || byId(a, b);
  parts.forEach((part, place) => {
    const order = ascending[place] ? oldestFirst : newestFirst;
    if (part.some((row, i) => i > 0 && order(part[i - 1]!, row) > 0)) part.sort(order);
  });
  return pages.map(({ limit }, i) =>
    toListPage(parts[placeOf[i]!]!, limit, (r) => new Date(Number(r.at_ms))),
  );
};

/** The revisions of the cases each scope sees among its ids, in one round trip. */
export const findCaseKeys = (db: Database, groups: readonly ScopedIds[]) =>
  runTogether(
    db,
    groups.map(({ scope, ids }) =>
      inCaseScope(db.selectFrom("cases as c").select(["c.id", "c.revision"]), scope).where(
        "c.id",
        "=",
        sql<string>`ANY (${ids}::uuid[])`,
      ),
    ),
  );

/** Whole rows of cases already scoped (their keys were). */
export const findCasesByIds = (db: Database, ids: string[]) =>
  caseQuery(db, { kind: "all" }).where("c.id", "=", sql<string>`ANY (${ids}::uuid[])`).execute();

/** Applies a change only if nobody changed the case since `version` was read; false otherwise. */
export const updateCaseVersioned = async (
  db: Database,
  options: {
    id: string;
    version: number;
    now: Date;
    set: Partial<{
      status: string;
      priority: string;
      triaged_at: Date;
      assignee_id: string | null;
      response_due_at: Date;
      sla_calendar_id: string;
      sla_target_minutes: number;
      sla_explanation: string;
      sla_window: string | null;
      response_met_at: Date;
      resolution_calendar_id: string | null;
      resolution_target_minutes: number | null;
      resolution_due_at: Date | null;
      resolution_met_at: Date | null;
      paused_since: Date | null;
      pauses: string;
      resolved_at: Date | null;
      closed_at: Date | null;
    }>;
  },
) =>
  Number(
    (
      await db
        .updateTable("cases")
        .set({ ...options.set, version: sql`version + 1`, updated_at: options.now })
        .where("id", "=", options.id)
        .where("version", "=", options.version)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) > 0;

/** Marks the response met by the first public staff reply; a no-op once met. */
export const markResponseMet = async (
  db: Database,
  options: { id: string; at: Date; businessSeconds: number | null },
) =>
  Number(
    (
      await db
        .updateTable("cases")
        .set({
          response_met_at: options.at,
          response_business_seconds: options.businessSeconds,
          version: sql`version + 1`,
          updated_at: options.at,
        })
        .where("id", "=", options.id)
        .where("response_met_at", "is", null)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) > 0;

export const insertCaseEvent = async (
  db: Database,
  event: {
    caseId: string;
    at: Date;
    actorId: string | null;
    kind: string;
    visibility: "public" | "internal";
    body?: string;
    data?: Record<string, unknown>;
  },
) =>
  (
    await db
      .insertInto("case_events")
      .values({
        case_id: event.caseId,
        at: event.at,
        actor_id: event.actorId,
        kind: event.kind,
        visibility: event.visibility,
        body: event.body ?? "",
        data: JSON.stringify(event.data ?? {}),
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

/**
 * What the timelines of the cases each scope sees among its ids are made of (one round trip): events are never changed or
 * deleted, so their number and the last id tell one timeline from another (the number also catches an
 * event committed after a later one).
 */
export const findTimelineKeys = (db: Database, groups: readonly ScopedIds[]) =>
  runTogether(
    db,
    groups.map(({ scope, ids }) =>
      inCaseScope(db.selectFrom("cases as c"), scope)
        .leftJoin("case_events as e", "e.case_id", "c.id")
        .select((eb) => [
          "c.id",
          eb.fn.count<string>("e.id").as("events"),
          eb.fn.max("e.id").as("last_event_id"),
        ])
        .where("c.id", "=", sql<string>`ANY (${ids}::uuid[])`)
        .groupBy("c.id"),
    ),
  );

/**
 * A case's timeline, oldest first, in one query that also answers whether the caller may see the case:
 * null when not; a case's row with no event (of the visibility asked) reads as an empty timeline. Customers'
 * queries pass publicOnly: internal notes never leave for them.
 */
export const findCaseEvents = async (
  db: Database,
  scope: CaseScope,
  options: { caseId: string; publicOnly: boolean },
) => {
  const rows = await inCaseScope(db.selectFrom("cases as c"), scope)
    .leftJoin("case_events as e", (join) => {
      const onCase = join.onRef("e.case_id", "=", "c.id");
      return options.publicOnly ? onCase.on("e.visibility", "=", "public") : onCase;
    })
    .leftJoin("users as u", "u.id", "e.actor_id")
    .select([
      "e.id",
      "e.at",
      "e.kind",
      "e.visibility",
      "e.body",
      "e.data",
      "u.id as actor_id",
      "u.name as actor_name",
      "u.role as actor_role",
    ])
    .where("c.id", "=", options.caseId)
    .orderBy("e.id")
    .execute();
  if (!rows.length) return null;
  return rows.flatMap(({ id, at, kind, visibility, body, ...rest }) =>
    id === null || at === null || kind === null || visibility === null || body === null
      ? []
      : [{ id, at, kind, visibility, body, ...rest }],
  );
};

export const findStaffUser = async (db: Database, id: string) =>
  db
    .selectFrom("users")
    .select(["id", "name", "role"])
    .where("id", "=", id)
    .where("role", "!=", "customer_contact")
    .where("active", "=", true)
    .executeTakeFirst();

const INTAKE_SYSTEM_COLUMNS = [
  "s.id",
  "s.organization_id",
  "s.product_id",
  "s.installed_version",
  "s.environment",
  "s.name",
] as const;

export const findSystemForIntake = async (db: Database, id: string) =>
  db
    .selectFrom("customer_systems as s")
    .select(INTAKE_SYSTEM_COLUMNS)
    .where("s.id", "=", id)
    .executeTakeFirst();

/**
 * The system a case is opened on and the person it is opened for, in one read (a staff intake names the
 * requester): the person null when there is no such user.
 */
export const findSystemAndPersonForIntake = async (db: Database, systemId: string, personId: string) => {
  const row = await db
    .selectFrom("customer_systems as s")
    .leftJoin("users as u", (join) => join.on("u.id", "=", personId))
    .select([
      ...INTAKE_SYSTEM_COLUMNS,
      "u.id as person_id",
      "u.role as person_role",
      "u.organization_id as person_organization_id",
      "u.active as person_active",
    ])
    .where("s.id", "=", systemId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { person_id, person_role, person_organization_id, person_active, ...system } = row;
  return {
    system,
    person:
      person_id === null
        ? null
        : {
            id: person_id,
            role: person_role!,
            organizationId: person_organization_id,
            active: person_active!,
          },
  };
};

export const findCaseSettings = async (db: Database): Promise<{ reopenWindowDays?: number }> =>
  ((await db.selectFrom("settings").select("value").where("key", "=", "cases").executeTakeFirst())?.value ??
    {}) as {
    reopenWindowDays?: number;
  };

export const saveCaseSettings = async (db: Database, value: { reopenWindowDays: number }, now: Date) => {
  await db
    .insertInto("settings")
    .values({ key: "cases", value: JSON.stringify(value), updated_at: now })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
    .execute();
};

/** The case a thread token names (the token is only in Message-IDs Soporte sent for it). */
export const findCaseByThreadToken = (db: Database, token: string) =>
  db
    .selectFrom("cases")
    .select(["id", "number", "organization_id", "status", "version"])
    .where("thread_token", "=", token)
    .executeTakeFirst();

export const findCaseByNumber = (db: Database, number: string) =>
  db
    .selectFrom("cases")
    .select(["id", "number", "organization_id", "status", "version"])
    .where("number", "=", number)
    .executeTakeFirst();
