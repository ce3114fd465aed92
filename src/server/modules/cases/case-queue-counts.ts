import type { QueueCounts } from "../../../api/cases";
import { type Actor, authorize } from "../../platform/actor";
import type { ServiceDeps } from "../../platform/deps";
import { createWatchedCache } from "../../platform/watched-cache";
import * as repo from "./cases.repository";

/** The channel migration 0026's trigger notifies when a case is opened or changes a queue it stands in. */
export const CASE_COUNTS_CHANNEL = "soporte_case_counts";

/**
 * The console's queue counts, kept per caller (their scope, and their own cases for "mine") until a case
 * changes queue — a trigger tells every process, and this one forgets at once after its own changes — or
 * until time alone moves a case into due soon or breached. Kept only while PostgreSQL tells this process of
 * changes; otherwise, and for tests that do not watch, counted on every request.
 */
export const createQueueCounts = (
  { db, clock }: ServiceDeps,
  caseScopeOf: (caller: Actor) => repo.CaseScope,
) => {
  const cache = createWatchedCache<{ counts: QueueCounts; countedAt: number }>({
    channel: CASE_COUNTS_CHANNEL,
    maxEntries: 10_000,
  });
  const keyOf = (scope: repo.CaseScope, actorId: string) =>
    `${scope.kind === "organization" ? scope.organizationId : "all"}:${scope.escalatedOnly ? "escalated" : "any"}:${actorId}`;

  const queueCounts = async (actor: Actor | null): Promise<QueueCounts> => {
    const caller = authorize(actor, "cases:read");
    const scope = caseScopeOf(caller);
    const now = clock.now();
    const key = keyOf(scope, caller.userId);
    const kept = cache.find(key, now.getTime());
    // a clock set back finds counts made later than its now: they may hold cases overdue since
    if (kept && kept.countedAt <= now.getTime()) return kept.counts;
    const lookedUpAt = cache.generation();
    const { counts, changesAt } = await repo.countQueues(db, scope, { actorId: caller.userId, now });
    cache.keep(
      key,
      { counts, countedAt: now.getTime() },
      { lookedUpAt, expiresAt: changesAt?.getTime() ?? Number.POSITIVE_INFINITY },
    );
    return counts;
  };

  return {
    queueCounts,
    /** After a change this process committed: its next answer counts again, without waiting to be told. */
    forgetQueueCounts: cache.forget,
    /** Keeps counts while told of case changes over `databaseUrl` (a server process). */
    watchQueueCounts: cache.watch,
  };
};
