import { z } from "zod";
import {
  type Case,
  type CaseEvent,
  caseEventSchema,
  caseSchema,
  caseSummarySchema,
  type listCasesQuerySchema,
} from "../../../api/cases";
import { type Actor, authorize } from "../../platform/actor";
import { createBatchedLookup, createBatcher } from "../../platform/batched-lookup";
import type { ServiceDeps } from "../../platform/deps";
import { notFound } from "../../platform/errors";
import { compileResponse, PreSerialized } from "../../platform/response-serializer";
import { createWatchedCache } from "../../platform/watched-cache";
import { type CaseViewer, isStaff, toCase, viewChangesAt } from "./case-view";
import * as repo from "./cases.repository";

/** The channel migration 0024's triggers notify when a name or setting a case view shows changes. */
export const CASE_VIEWS_CHANNEL = "soporte_case_views";
const ITEMS = Buffer.from('{"items":[');
const COMMA = Buffer.from(",");

/**
 * The desk's busiest reads, a case and a page of cases (their summaries), answered from the JSON of each
 * case as last shown to the same role, kept by case and revision (every update of a case row gives it the
 * next revision) until the view would read otherwise with time (a target passing unmet); and a case's
 * timeline, kept by the number and last id of its events. A read costs one query for the revisions (or the
 * events' key) and writes only what is not kept. Kept only while PostgreSQL tells this process of changes
 * to the names and settings the views show; otherwise, and for tests that do not watch, the plain reads.
 */
export const createCaseViewReads = (
  { db, clock, config }: ServiceDeps,
  parts: {
    caseScopeOf: (caller: Actor) => repo.CaseScope;
    viewerOf: (caller: Actor) => Promise<CaseViewer>;
    getCase: (actor: Actor | null, id: string) => Promise<Case>;
    listCases: (
      actor: Actor | null,
      query: z.output<typeof listCasesQuerySchema>,
    ) => Promise<{ items: Case[]; nextCursor: string | null }>;
    timeline: (actor: Actor | null, id: string) => Promise<CaseEvent[]>;
  },
) => {
  const cache = createWatchedCache<Buffer>({ channel: CASE_VIEWS_CHANNEL, maxEntries: 50_000 });
  const check = config.nodeEnv !== "production";
  const writers = {
    case: compileResponse(caseSchema, { check }),
    summary: compileResponse(caseSummarySchema, { check }),
  };
  const writeTimeline = compileResponse(z.object({ items: z.array(caseEventSchema) }), { check });
  type View = keyof typeof writers;
  // the lookups of concurrent reads share a round trip, each under its caller's scope
  const caseKey = createBatchedLookup((groups: repo.ScopedIds[]) => repo.findCaseKeys(db, groups));
  const timelineKey = createBatchedLookup((groups: repo.ScopedIds[]) => repo.findTimelineKeys(db, groups));
  const pageKeys = createBatcher(
    (pages: readonly { query: repo.CasePageKeysQuery; limit: number; ascending: boolean }[]) =>
      repo.findCasePagesKeys(db, pages),
    { maxBatchSize: 20 },
  );
  const keyOf = (view: View, caller: Actor, id: string, revision: number) =>
    `${view}:${caller.role}:${id}:${revision}`;

  /** Writes and keeps the views of these rows. */
  const viewsOf = async (view: View, caller: Actor, rows: repo.CaseRow[], lookedUpAt: number) => {
    const now = clock.now();
    const viewer = await parts.viewerOf(caller);
    const views = new Map<string, Buffer>();
    for (const row of rows) {
      // kept encoded: a page is then put together by copying bytes
      const json = Buffer.from(writers[view](toCase(row, now, viewer)));
      cache.keep(keyOf(view, caller, row.id, row.revision), json, {
        lookedUpAt,
        expiresAt: viewChangesAt(row, now, viewer),
      });
      views.set(row.id, json);
    }
    return views;
  };

  const getCaseView = async (actor: Actor | null, id: string): Promise<Case | PreSerialized> => {
    if (!cache.active()) return parts.getCase(actor, id);
    const caller = authorize(actor, "cases:read");
    const scope = parts.caseScopeOf(caller);
    const key = await caseKey(scope, id);
    if (!key) throw notFound("case");
    const kept = cache.find(keyOf("case", caller, id, key.revision), clock.now().getTime());
    if (kept) return new PreSerialized(kept);
    const lookedUpAt = cache.generation();
    const row = await repo.findCase(db, scope, id);
    if (!row) throw notFound("case");
    return new PreSerialized((await viewsOf("case", caller, [row], lookedUpAt)).get(id)!);
  };

  const listCaseViews = async (
    actor: Actor | null,
    query: z.output<typeof listCasesQuerySchema>,
  ): Promise<{ items: Case[]; nextCursor: string | null } | PreSerialized> => {
    if (!cache.active()) return parts.listCases(actor, query);
    const caller = authorize(actor, "cases:read");
    const now = clock.now();
    const page = await pageKeys({
      query: repo.casePageKeysQuery(db, parts.caseScopeOf(caller), { ...query, actorId: caller.userId, now }),
      limit: query.limit,
      ascending: repo.listOrderOf(query).ascending,
    });
    const views = new Map<string, Buffer>();
    const missing: string[] = [];
    for (const key of page.items) {
      const kept = cache.find(keyOf("summary", caller, key.id, key.revision), now.getTime());
      if (kept) views.set(key.id, kept);
      else missing.push(key.id);
    }
    if (missing.length) {
      const lookedUpAt = cache.generation();
      const rows = await repo.findCasesByIds(db, missing);
      for (const [id, json] of await viewsOf("summary", caller, rows, lookedUpAt)) views.set(id, json);
    }
    // a case deleted between the two queries is left out (cases are never deleted today)
    const bytes: Buffer[] = [ITEMS];
    for (const key of page.items) {
      const json = views.get(key.id);
      if (!json) continue;
      if (bytes.length > 1) bytes.push(COMMA);
      bytes.push(json);
    }
    bytes.push(Buffer.from(`],"nextCursor":${JSON.stringify(page.nextCursor)}}`));
    return new PreSerialized(Buffer.concat(bytes));
  };

  /** A case's timeline, kept by the number and last id of its events (they are never changed). */
  const timelineView = async (
    actor: Actor | null,
    id: string,
  ): Promise<{ items: CaseEvent[] } | PreSerialized> => {
    if (!cache.active()) return { items: await parts.timeline(actor, id) };
    const caller = authorize(actor, "cases:read");
    const key = await timelineKey(parts.caseScopeOf(caller), id);
    if (!key) throw notFound("case");
    const keptKey = `timeline:${isStaff(caller) ? "staff" : "public"}:${id}:${key.events}:${key.last_event_id}`;
    const kept = cache.find(keptKey, clock.now().getTime());
    if (kept) return new PreSerialized(kept);
    const lookedUpAt = cache.generation();
    // read after the key: it may hold an event committed since, never one less
    const json = Buffer.from(writeTimeline({ items: await parts.timeline(caller, id) }));
    cache.keep(keptKey, json, { lookedUpAt, expiresAt: Number.POSITIVE_INFINITY });
    return new PreSerialized(json);
  };

  return {
    getCaseView,
    listCaseViews,
    timelineView,
    /** Keeps case views while told of changes over `databaseUrl` (a server process). */
    watchCaseViews: cache.watch,
  };
};
