import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/server/app";
import { newContactWithCases } from "../harness/case-fixtures";
import { buildSecondApp, type Session, setupTestApp, waitUntil } from "../harness/test-app";

/**
 * A server process keeps each caller's queue counts (migration 0026) while PostgreSQL tells it of case
 * changes. `ctx.app` keeps them; `plain`, a second app on the same database that does not watch, counts on
 * every request: the two must agree whenever nothing is being changed behind the trigger's back.
 */
const harness = setupTestApp();
const { ctx, request, signIn } = harness;

let plain: App;
let watch: { listening: () => boolean; stop: () => Promise<void> };
let specialist: Session;
let manager: Session;
let contact: Session;
const caseIds: string[] = [];

const COUNTS = "/api/v1/cases/counts";
const kept = async (session: Session) => (await request("GET", COUNTS, { session })).json();
const fresh = async (session: Session) =>
  (
    await plain.inject({
      method: "GET",
      url: COUNTS,
      headers: { cookie: session.cookie, "x-csrf-token": session.csrf },
    })
  ).json();
const agree = async (session: Session) => {
  const [a, b] = await Promise.all([kept(session), fresh(session)]);
  expect(a).toEqual(b);
  return a;
};

beforeAll(async () => {
  plain = await buildSecondApp(ctx);
  watch = ctx.app.services.cases.watchQueueCounts(ctx.db.url);
  expect(await waitUntil(async () => watch.listening())).toBe(true);
  // Friday 27 November 2026, 09:00 in Mexico City
  specialist = await signIn("specialist");
  manager = await signIn("manager");
  const opened = await newContactWithCases(harness, ["Caso Uno", "Caso Dos", "Caso Tres"]);
  contact = opened.contact;
  caseIds.push(...opened.caseIds);
  // what PostgreSQL tells of the cases opened above reaches the app before the counts are kept
  await new Promise((resolve) => setTimeout(resolve, 300));
});

afterAll(async () => {
  await watch?.stop();
  await plain?.close();
});

describe("queue counts kept in memory", () => {
  it("counts as afresh for staff and for the customer, and keeps the count it made", async () => {
    for (const session of [specialist, contact]) {
      const counts = await agree(session);
      expect(counts.untriaged).toBe(3);
      expect(counts.unassigned).toBe(3);
    }
    // a change the trigger is not told of is not seen: the answer came from memory
    await ctx.db.pool.query("ALTER TABLE cases DISABLE TRIGGER cases_counts_update");
    try {
      await ctx.db.pool.query("UPDATE cases SET status = 'waiting_on_customer' WHERE id = $1", [caseIds[0]]);
      expect((await kept(specialist)).waiting_on_customer).toBe(0);
      expect((await fresh(specialist)).waiting_on_customer).toBe(1);
    } finally {
      await ctx.db.pool.query("ALTER TABLE cases ENABLE TRIGGER cases_counts_update");
    }
    await ctx.db.pool.query("UPDATE cases SET status = 'new' WHERE id = $1", [caseIds[0]]);
    expect(await waitUntil(async () => (await kept(specialist)).waiting_on_customer === 0)).toBe(true);
    await agree(specialist);
  });

  it("counts again at once after a change this process makes, and soon after another process's", async () => {
    const shown = (await request("GET", `/api/v1/cases/${caseIds[1]}`, { session: manager })).json();
    const assigned = await request("POST", `/api/v1/cases/${caseIds[1]}/assignee`, {
      session: manager,
      body: { assigneeId: specialist.userId, version: shown.version },
    });
    expect(assigned.statusCode).toBe(200);
    // no wait: the kept count was forgotten when the change was committed
    expect((await kept(specialist)).mine).toBe(1);
    await agree(specialist);

    // another process (a second app, or the escalation's own statement) is heard of through PostgreSQL
    await ctx.db.pool.query("UPDATE cases SET escalation_level = 1 WHERE id = $1", [caseIds[2]]);
    expect(await waitUntil(async () => (await kept(specialist)).escalated === 1)).toBe(true);
    await agree(specialist);
    await agree(contact);
  });

  it("moves cases into due soon and breached as time passes, with nothing written", async () => {
    const before = await agree(specialist);
    const dueAt = new Date(
      (await request("GET", `/api/v1/cases/${caseIds[0]}`, { session: specialist })).json().sla.dueAt,
    );
    const was = ctx.clock.now();
    try {
      ctx.clock.set(new Date(dueAt.getTime() - 60 * 60_000));
      const soon = await agree(specialist);
      expect(soon.due_soon).toBeGreaterThan(before.due_soon);
      ctx.clock.set(new Date(dueAt.getTime() + 60_000));
      const late = await agree(specialist);
      expect(late.breached).toBeGreaterThan(before.breached);
      expect(late.breached + late.due_soon).toBeGreaterThanOrEqual(soon.due_soon);
    } finally {
      ctx.clock.set(was);
    }
    expect(await agree(specialist)).toEqual(before);
  });
});
