import { type SelectQueryBuilder, sql } from "kysely";
import type { Scope } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { DB } from "../../platform/db-schema";
import { matches } from "../../platform/search";

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
const OPEN = ["new", "open", "waiting_on_customer"];

/** The case list's filters and desk queues, for any selection from `cases as c` joined to `organizations as o`. */
// biome-ignore lint/suspicious/noExplicitAny: any selection that joins `cases as c` and `organizations as o`
export const applyListFilters = <Q extends SelectQueryBuilder<any, any, any>>(
  query: Q,
  filter: ListFilter,
): Q => {
  let q = query as unknown as SelectQueryBuilder<Joined, "c" | "o", unknown>;
  if (filter.status) q = q.where("c.status", "=", filter.status);
  if (filter.organizationId) q = q.where("c.organization_id", "=", filter.organizationId);
  switch (filter.queue) {
    case "untriaged":
      q = q.where("c.triaged_at", "is", null).where("c.status", "=", "new");
      break;
    case "escalated":
      q = q.where("c.escalation_level", ">=", 1).where("c.status", "in", OPEN);
      break;
    case "mine":
      q = q.where("c.assignee_id", "=", filter.actorId).where("c.status", "in", OPEN);
      break;
    case "unassigned":
      q = q.where("c.assignee_id", "is", null).where("c.status", "in", OPEN);
      break;
    case "due_soon":
      q = q
        .where("c.response_met_at", "is", null)
        .where("c.response_due_at", ">", filter.now)
        .where("c.response_due_at", "<=", new Date(filter.now.getTime() + 2 * 3600_000))
        .where("c.status", "in", OPEN);
      break;
    case "breached":
      q = q
        .where("c.response_met_at", "is", null)
        .where("c.response_due_at", "<=", filter.now)
        .where("c.status", "in", OPEN);
      break;
    case "waiting_on_customer":
      q = q.where("c.status", "=", "waiting_on_customer");
      break;
  }
  if (filter.q) {
    const text = filter.q;
    q = q.where((eb) =>
      eb.or([matches("c.number", text), matches("c.subject", text), matches("o.name", text)]),
    );
  }
  return q as unknown as Q;
};

/**
 * The CSV's columns only (a tenth of a list row), a page at a time newest first along the list's index:
 * exporting 100,000 cases keeps little in memory.
 */
export const findCasesForExport = async (
  db: Database,
  scope: CaseScope,
  filter: ListFilter & { limit: number; after: { registeredAt: Date; id: string } | null },
) => {
  let query = db
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
  if (scope.kind === "organization") query = query.where("c.organization_id", "=", scope.organizationId);
  if (scope.escalatedOnly) query = query.where("c.escalation_level", ">=", 1);
  let filtered = applyListFilters(query, filter);
  if (filter.after)
    filtered = filtered.where(
      sql<boolean>`(c.registered_at, c.id) < (${filter.after.registeredAt}::timestamptz, ${filter.after.id}::uuid)`,
    );
  return filtered.orderBy("c.registered_at", "desc").orderBy("c.id", "desc").limit(filter.limit).execute();
};
