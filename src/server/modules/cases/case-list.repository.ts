import {
  type Expression,
  type ExpressionBuilder,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from "kysely";
import { CASE_QUEUES } from "../../../api/cases";
import type { Scope } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { DB } from "../../platform/db-schema";
import { matches, matchesFolded } from "../../platform/search";

/** Who sees which cases: an organization's own, everything, or (technical staff) escalated ones only. */
export type CaseScope = Scope & { escalatedOnly?: boolean };

export type ListFilter = {
  q?: string | undefined;
  status?: string | undefined;
  organizationId?: string | undefined;
  queue?: string | undefined;
  actorId: string;
  now: Date;
};

type Joined = DB & { c: DB["cases"]; o: DB["organizations"] };
type CaseQueue = (typeof CASE_QUEUES)[number];

/** One desk queue as a condition on `cases as c`: the list filters by it, the counts count by it. */
// literals, not parameters: a prepared statement's generic plan can then still prove the partial indexes
const RUNNING = sql<SqlBool>`c.status IN ('new', 'open', 'waiting_on_customer')`;
const literal = (condition: string) => sql<SqlBool>`${sql.raw(condition)}`;
/** How far ahead the due-soon queue looks. */
const DUE_SOON_MS = 2 * 3600_000;

const queueCondition = (
  eb: ExpressionBuilder<Joined, "c">,
  queue: CaseQueue,
  { actorId, now: instant }: { actorId: string; now: Date },
): Expression<SqlBool> => {
  // due times are whole seconds (cases are registered to the second): compared with the second, the same
  // answer, and the same queue asked within a second is the same statement (a batch reads it once)
  const who = { actorId, now: new Date(Math.floor(instant.getTime() / 1000) * 1000) };
  switch (queue) {
    case "untriaged":
      return literal("c.triaged_at IS NULL AND c.status = 'new'");
    case "escalated":
      return eb.and([literal("c.escalation_level >= 1"), RUNNING]);
    case "mine":
      return eb.and([eb("c.assignee_id", "=", who.actorId), RUNNING]);
    case "unassigned":
      return eb.and([literal("c.assignee_id IS NULL"), RUNNING]);
    case "due_soon":
      return eb.and([
        literal("c.response_met_at IS NULL"),
        eb("c.response_due_at", ">", who.now),
        eb("c.response_due_at", "<=", new Date(who.now.getTime() + DUE_SOON_MS)),
        RUNNING,
      ]);
    case "breached":
      return eb.and([literal("c.response_met_at IS NULL"), eb("c.response_due_at", "<=", who.now), RUNNING]);
    case "waiting_on_customer":
      return literal("c.status = 'waiting_on_customer'");
  }
};

const isQueue = (value: string | undefined): value is CaseQueue =>
  (CASE_QUEUES as readonly (string | undefined)[]).includes(value);

/** The caller's cases only, on any selection from `cases as c`. */
// biome-ignore lint/suspicious/noExplicitAny: any selection from `cases as c`
export const inCaseScope = <Q extends SelectQueryBuilder<any, any, any>>(query: Q, scope: CaseScope): Q => {
  let q = query as unknown as SelectQueryBuilder<Joined, "c", unknown>;
  if (scope.kind === "organization") q = q.where("c.organization_id", "=", scope.organizationId);
  if (scope.escalatedOnly) q = q.where("c.escalation_level", ">=", 1);
  return q as unknown as Q;
};

/** The case list's filters and desk queues, for any selection from `cases as c` joined to `organizations as o`. */
// biome-ignore lint/suspicious/noExplicitAny: any selection that joins `cases as c` and `organizations as o`
export const applyListFilters = <Q extends SelectQueryBuilder<any, any, any>>(
  query: Q,
  filter: ListFilter,
): Q => {
  let q = query as unknown as SelectQueryBuilder<Joined, "c" | "o", unknown>;
  if (filter.status) q = q.where("c.status", "=", filter.status);
  if (filter.organizationId) q = q.where("c.organization_id", "=", filter.organizationId);
  const queue = filter.queue;
  if (isQueue(queue)) q = q.where((eb) => queueCondition(eb, queue, filter));
  if (filter.q) {
    const text = filter.q;
    // the folded number and subject are stored (`search_text`); an organization's name matched once
    q = q.where((eb) =>
      eb.or([
        matchesFolded("c.search_text", text),
        sql<boolean>`c.organization_id = ANY (ARRAY(${eb
          .selectFrom("organizations as on")
          .select("on.id")
          .where(matches("on.name", text))}))`,
      ]),
    );
  }
  return q as unknown as Q;
};

/**
 * The ids of a search's page: matched by number or subject (the trigram index) and matched by organization
 * name (the organization's index), each walked to the page's length on its own, newest first; the caller
 * orders and cuts their union. One query with `OR` walked every case newest first until a page matched.
 */
export const searchPageIds = (
  db: Database,
  scope: CaseScope,
  filter: ListFilter & { q: string; limit: RawBuilder<number>; after: (string | number)[] | null },
) => {
  const { q, ...rest } = filter;
  const branch = (
    matching: (eb: ExpressionBuilder<Joined, "c">) => Expression<SqlBool>,
    newestFirst: Expression<unknown> = sql`c.registered_at`,
  ) => {
    let query = inCaseScope(
      applyListFilters(
        db.selectFrom("cases as c").select(["c.id", "c.registered_at"]) as unknown as SelectQueryBuilder<
          Joined,
          "c" | "o",
          { id: string; registered_at: Date }
        >,
        rest,
      ),
      scope,
    );
    if (filter.after)
      query = query.where(
        sql<boolean>`(c.registered_at, c.id) < (${filter.after[0]}::timestamptz, ${filter.after[1]}::uuid)`,
      );
    return query
      .where((eb) => matching(eb as unknown as ExpressionBuilder<Joined, "c">))
      .orderBy(newestFirst, "desc")
      .orderBy("c.id", "desc")
      .limit(filter.limit);
  };
  // the matches along the trigram index, sorted: ordered by an expression, the plan cannot walk the
  // newest-first index instead, whose cost depends on where the matches lie (past every newer case without
  // the word), not on how many there are
  const bySubject = branch(
    () => matchesFolded("c.search_text", q),
    sql`c.registered_at + interval '0 seconds'`,
  );
  // per matching organization, its own newest cases along its index (an `= ANY (…)` filter walked them all)
  const byOrganization = sql`SELECT x.id, x.registered_at FROM organizations AS "on" CROSS JOIN LATERAL (${branch(
    () => sql<SqlBool>`c.organization_id = "on".id`,
  )}) AS x WHERE ${matches("on.name", q)}`;
  return db
    .selectFrom(sql<{ id: string }>`((${bySubject}) UNION ALL (${byOrganization}))`.as("m"))
    .select("m.id");
};

const BY_DUE_TIME = new Set<string>(["due_soon", "breached"]);

/**
 * The instant a list is ordered by (its cursor's instant), and which way. The due-time queues list the
 * soonest due first — for the breached queue, the longest overdue — along their due-time index, so a page
 * costs its own rows however many cases the queue holds. Every other list, and any search, is newest first
 * along the registration index.
 */
export const listOrderOf = (filter: { queue?: string | undefined; q?: string | undefined }) =>
  !filter.q && BY_DUE_TIME.has(filter.queue ?? "")
    ? ({ column: "response_due_at", ascending: true } as const)
    : ({ column: "registered_at", ascending: false } as const);

/** A list's rows in its order, after the cursor's instant and id when there is one. */
export const inListOrder = <Q>(
  query: Q,
  filter: { queue?: string | undefined; q?: string | undefined },
  /** The cursor's instant and id. */
  after: readonly unknown[] | null,
): Q => {
  const { column, ascending } = listOrderOf(filter);
  let q = query as unknown as SelectQueryBuilder<Joined, "c", unknown>;
  if (after)
    q = q.where(
      sql<boolean>`(${sql.ref(`c.${column}`)}, c.id) ${sql.raw(ascending ? ">" : "<")} (${after[0]}::timestamptz, ${after[1]}::uuid)`,
    );
  const direction = ascending ? "asc" : "desc";
  return q.orderBy(`c.${column}`, direction).orderBy("c.id", direction) as unknown as Q;
};

/**
 * The CSV's columns only (a tenth of a list row), a page at a time in the list's own order along its index
 * (newest first; a due-time queue most urgent first): exporting 100,000 cases keeps little in memory.
 */
export const findCasesForExport = async (
  db: Database,
  scope: CaseScope,
  /** after: the last row's instant in the list's order (its due time in a due-time queue) and id */
  filter: ListFilter & { limit: number; after: { at: Date; id: string } | null },
) => {
  const query = db
    .selectFrom("cases as c")
    .innerJoin("organizations as o", "o.id", "c.organization_id")
    .innerJoin("customer_systems as s", "s.id", "c.system_id")
    .leftJoin("users as a", "a.id", "c.assignee_id")
    .select([
      "c.id",
      "c.number",
      "c.subject",
      "o.name as organization_name",
      "s.name as system_name",
      "c.status",
      "c.priority",
      "c.channel",
      "c.registered_at",
      "c.response_due_at",
      "c.response_met_at",
      "a.name as assignee_name",
    ]);
  const after = filter.after && ([filter.after.at, filter.after.id] as const);
  return inListOrder(applyListFilters(inCaseScope(query, scope), filter), filter, after)
    .limit(filter.limit)
    .execute();
};

/**
 * Every desk queue's count in one pass over the running cases (a partial index holds them): the console's
 * tabs ask once instead of once per queue. Also when the counts next change with time alone: the first due
 * time still ahead (its case moves from due soon to breached) and the first beyond the due-soon window,
 * less the window (its case enters it).
 */
export const countQueues = async (
  db: Database,
  scope: CaseScope,
  who: { actorId: string; now: Date },
): Promise<{ counts: Record<CaseQueue, number>; changesAt: Date | null }> => {
  const soonEnd = new Date(who.now.getTime() + DUE_SOON_MS);
  const row = await inCaseScope(db.selectFrom("cases as c").where(RUNNING), scope)
    .select((eb) => [
      ...CASE_QUEUES.map((queue) =>
        eb.fn
          .countAll<number>()
          .filterWhere((f) => queueCondition(f as unknown as ExpressionBuilder<Joined, "c">, queue, who))
          .as(queue),
      ),
      eb.fn
        .min<Date | null>("c.response_due_at")
        .filterWhere((f) =>
          f.and([literal("c.response_met_at IS NULL"), f("c.response_due_at", ">", who.now)]),
        )
        .as("next_breach"),
      eb.fn
        .min<Date | null>("c.response_due_at")
        .filterWhere((f) =>
          f.and([literal("c.response_met_at IS NULL"), f("c.response_due_at", ">", soonEnd)]),
        )
        .as("next_due_soon"),
    ])
    .executeTakeFirstOrThrow();
  const instants = [
    row.next_breach && new Date(row.next_breach).getTime(),
    row.next_due_soon && new Date(row.next_due_soon).getTime() - DUE_SOON_MS,
  ].filter((t): t is number => typeof t === "number");
  return {
    counts: Object.fromEntries(CASE_QUEUES.map((queue) => [queue, Number(row[queue])])) as Record<
      CaseQueue,
      number
    >,
    changesAt: instants.length ? new Date(Math.min(...instants)) : null,
  };
};
