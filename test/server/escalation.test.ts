import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { type Session, setupTestApp } from "../harness/test-app";

const { ctx, request, signIn, login, PASSWORD } = setupTestApp();
// Friday 27 Nov 2026, 17:00 in Mexico City (UTC−6). Estándar P1: 4 business hours, due Monday 12:00.
const FRIDAY_17 = "2026-11-27T23:00:00.000Z";
const MONDAY_11 = "2026-11-30T17:00:00.000Z"; // 75 %: 1 h Friday + 2 h Monday
const MONDAY_12 = "2026-11-30T18:00:00.000Z"; // 100 %
const MONDAY_14 = "2026-11-30T20:00:00.000Z"; // 150 %
const minutesBefore = (at: string, minutes: number) =>
  new Date(Date.parse(at) - minutes * 60_000).toISOString();

let admin: Session;
let specialist: Session & { email: string };
let manager: Session & { email: string };
let engineer: Session & { email: string };
let executive: Session & { email: string };
let customer: Awaited<ReturnType<typeof newCustomer>>;
let ana: Session;

const db = () => ctx.db.db;
const services = () => ctx.app.services;

const openCase = async (overrides: Record<string, unknown> = {}) => {
  ctx.clock.set(FRIDAY_17);
  const res = await request("POST", "/api/v1/cases", {
    session: ana,
    body: p1Report(customer.systemId, overrides),
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; number: string; version: number };
};

const timersOf = (caseId: string) =>
  db().selectFrom("escalation_timers").selectAll().where("case_id", "=", caseId).orderBy("clock").execute();

const jobState = async (jobId: string | null) =>
  (
    await sql<{ state: string; start_after: Date }>`
      SELECT state, start_after FROM pgboss.job WHERE id = ${jobId}`.execute(db())
  ).rows[0];

const historyOf = async (caseId: string) =>
  (await request("GET", `/api/v1/cases/${caseId}/timeline`, { session: manager })).json().items as {
    kind: string;
    data: Record<string, unknown>;
    visibility: string;
  }[];

const escalationsOf = async (caseId: string) =>
  (await historyOf(caseId)).filter((e) => e.kind === "warned" || e.kind === "escalated");

const mailsOf = (caseId: string, kind: string) =>
  db()
    .selectFrom("outbox")
    .select(["to_address", "subject", "text_body", "in_reply_to", "references", "message_id"])
    .where("case_id", "=", caseId)
    .where("kind", "=", kind)
    .orderBy("to_address")
    .execute();

beforeAll(async () => {
  admin = await signIn("admin");
  specialist = await signIn("specialist");
  manager = await signIn("manager");
  engineer = await signIn("technical_staff");
  executive = await signIn("account_executive");
  customer = await newCustomer(ctx.app, { accountExecutiveId: executive.userId });
  const contact = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD });
  ana = await login(contact.email, PASSWORD, "10.77.0.1");
});

describe("escalation timers", () => {
  it("opening a case times the warning at 75 % of the target in business time; its pg-boss job comes ten minutes before", async () => {
    const opened = await openCase();
    const [timer] = await timersOf(opened.id);
    expect(timer).toMatchObject({ clock: "response", level: 0, job_id: null });
    expect(timer!.due_at.toISOString()).toBe(MONDAY_11);
    ctx.clock.set(minutesBefore(MONDAY_11, 11));
    await services().escalation.arm({ limit: 100 });
    expect((await timersOf(opened.id))[0]!.job_id).toBeNull();
    ctx.clock.set(minutesBefore(MONDAY_11, 9));
    expect(await services().escalation.arm({ limit: 100 })).toBeGreaterThanOrEqual(1);
    const job = await jobState((await timersOf(opened.id))[0]!.job_id);
    expect(job?.state).toBe("created");
    expect(job?.start_after.toISOString()).toBe(MONDAY_11);
  });

  it("fires the warning to the assignee and the queue once, then the next level is scheduled", async () => {
    const opened = await openCase();
    ctx.clock.set(minutesBefore(MONDAY_11, 5));
    await services().escalation.arm({ limit: 100 });
    const before = (await timersOf(opened.id))[0]!;
    expect(before.job_id).not.toBeNull();
    ctx.clock.set(MONDAY_11);
    // three workers racing for the same case: the row lock and the primary key let one fire
    const fired = await Promise.all([1, 2, 3].map(() => services().escalation.fireDue(opened.id)));
    expect(fired.reduce((a, b) => a + b, 0)).toBe(1);
    const history = await escalationsOf(opened.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      kind: "warned",
      visibility: "internal",
      data: { clock: "response", level: 0, percent: 75, dueAt: MONDAY_11 },
    });
    expect(history[0]!.data.notified).toContain(`specialist ${specialist.email.split(".")[1]}`);
    const mails = await mailsOf(opened.id, "warning");
    expect(mails.map((m) => m.to_address)).toContain(specialist.email);
    expect(mails.map((m) => m.to_address)).not.toContain(manager.email);
    expect(mails[0]!.subject).toMatch(/^\[CAS-2026-\d{6}\] Aviso: el tiempo de respuesta vence el lunes/);
    const after = (await timersOf(opened.id))[0]!;
    expect(after).toMatchObject({ level: 1 });
    expect(after.due_at.toISOString()).toBe(MONDAY_12);
    expect((await jobState(before.job_id))?.state).toBe("cancelled");
    // an hour away: armed later
    expect(after.job_id).toBeNull();
  });

  it("escalates at 100 % to managers and technical staff, and at 150 % to the account executive and director", async () => {
    const opened = await openCase();
    for (const at of [MONDAY_11, MONDAY_12, MONDAY_14]) {
      ctx.clock.set(at);
      expect(await services().escalation.fireDue(opened.id)).toBe(1);
    }
    const history = await escalationsOf(opened.id);
    expect(history.map((e) => [e.kind, e.data.level, e.data.dueAt])).toEqual([
      ["warned", 0, MONDAY_11],
      ["escalated", 1, MONDAY_12],
      ["escalated", 2, MONDAY_14],
    ]);
    const level1 = (await mailsOf(opened.id, "escalation")).filter((m) => m.subject.includes("nivel 1"));
    expect(level1.map((m) => m.to_address)).toEqual(expect.arrayContaining([manager.email, engineer.email]));
    expect(level1.map((m) => m.to_address)).not.toContain(executive.email);
    const level2 = (await mailsOf(opened.id, "escalation")).filter((m) => m.subject.includes("nivel 2"));
    expect(level2.map((m) => m.to_address)).toContain(executive.email);
    const adminEmail = (
      await db().selectFrom("users").select("email").where("id", "=", admin.userId).executeTakeFirstOrThrow()
    ).email;
    expect(level2.map((m) => m.to_address)).toContain(adminEmail);
    // one mail per person and level: no storms
    expect(new Set(level2.map((m) => m.to_address)).size).toBe(level2.length);
    expect(await timersOf(opened.id)).toEqual([]);
    // firing again changes nothing
    ctx.clock.set("2026-12-01T20:00:00.000Z");
    expect(await services().escalation.fireDue(opened.id)).toBe(0);
    expect(await escalationsOf(opened.id)).toHaveLength(3);
  });

  it("a level due while every server was down fires on the next run, each once, in order", async () => {
    const opened = await openCase();
    ctx.clock.set("2026-12-02T15:00:00.000Z");
    expect(await services().escalation.fireDue(opened.id)).toBe(3);
    expect(await services().escalation.fireDue(opened.id)).toBe(0);
    const history = await escalationsOf(opened.id);
    expect(history.map((e) => e.data.level)).toEqual([0, 1, 2]);
  });

  it("the first staff reply stops the response clock: its timer goes and its job is cancelled", async () => {
    const opened = await openCase();
    ctx.clock.set(minutesBefore(MONDAY_11, 5));
    await services().escalation.arm({ limit: 100 });
    const [timer] = await timersOf(opened.id);
    expect(timer!.job_id).not.toBeNull();
    const res = await request("POST", `/api/v1/cases/${opened.id}/replies`, {
      session: specialist,
      body: { body: "Estamos revisando." },
    });
    expect(res.statusCode).toBe(201);
    expect(await timersOf(opened.id)).toEqual([]);
    expect((await jobState(timer!.job_id))?.state).toBe("cancelled");
    ctx.clock.set(MONDAY_14);
    expect(await services().escalation.fireDue(opened.id)).toBe(0);
  });

  it("a customer reply does not stop it", async () => {
    const opened = await openCase();
    await request("POST", `/api/v1/cases/${opened.id}/replies`, {
      session: ana,
      body: { body: "¿Alguna novedad?" },
    });
    expect(await timersOf(opened.id)).toHaveLength(1);
  });

  it("triage to another priority moves the timer to the new target counted from registration", async () => {
    const opened = await openCase();
    const [before] = await timersOf(opened.id);
    const res = await request("POST", `/api/v1/cases/${opened.id}/triage`, {
      session: specialist,
      body: { priority: "P2", reason: "Pueden seguir trabajando", version: opened.version },
    });
    expect(res.statusCode).toBe(200);
    const [after] = await timersOf(opened.id);
    // P2: 8 business hours; 75 % = 6 h: 1 h Friday + 5 h Monday → Monday 14:00
    expect(before!.due_at.toISOString()).toBe(MONDAY_11);
    expect(after!.due_at.toISOString()).toBe(MONDAY_14);
    ctx.clock.set(minutesBefore(MONDAY_14, 5));
    await services().escalation.arm({ limit: 100 });
    expect((await jobState((await timersOf(opened.id))[0]!.job_id))?.start_after.toISOString()).toBe(
      MONDAY_14,
    );
  });

  it("a priority raised past a threshold fires the overdue step at once (its job is due now)", async () => {
    const opened = await openCase({ affectedPercent: 20, canKeepWorking: true });
    ctx.clock.set(MONDAY_12);
    const res = await request("POST", `/api/v1/cases/${opened.id}/triage`, {
      session: specialist,
      body: { priority: "P1", reason: "Producción detenida", version: opened.version },
    });
    expect(res.statusCode).toBe(200);
    const [timer] = await timersOf(opened.id);
    expect(timer).toMatchObject({ level: 0 });
    expect(timer!.due_at.toISOString()).toBe(MONDAY_12);
    expect(await services().escalation.fireDue(opened.id)).toBe(2);
  });

  it("the backstop sweep fires a timer whose job never ran", async () => {
    const opened = await openCase();
    ctx.clock.set("2026-11-30T17:00:30.000Z");
    expect(await services().escalation.sweep({ graceSeconds: 10, limit: 100 })).toBeGreaterThanOrEqual(1);
    expect((await escalationsOf(opened.id)).map((e) => e.data.level)).toEqual([0]);
  });

  it("closing a case clears its timers", async () => {
    const opened = await openCase();
    const res = await request("POST", `/api/v1/cases/${opened.id}/status`, {
      session: specialist,
      body: { status: "resolved", version: opened.version },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await timersOf(opened.id)).toEqual([]);
  });
});

describe("who sees escalations", () => {
  it("lists escalated cases in their queue with the level for staff, never for the customer", async () => {
    const opened = await openCase();
    ctx.clock.set(MONDAY_12);
    await services().escalation.fireDue(opened.id);
    const queue = await request("GET", "/api/v1/cases?queue=escalated&limit=200", { session: manager });
    const item = (queue.json().items as { id: string; escalationLevel: number }[]).find(
      (c) => c.id === opened.id,
    );
    expect(item?.escalationLevel).toBe(1);
    const asCustomer = await request("GET", `/api/v1/cases/${opened.id}`, { session: ana });
    expect(asCustomer.json().escalationLevel).toBeNull();
    const timeline = (await request("GET", `/api/v1/cases/${opened.id}/timeline`, { session: ana })).json()
      .items as {
      kind: string;
    }[];
    expect(timeline.some((e) => e.kind === "escalated" || e.kind === "warned")).toBe(false);
  });

  it("technical staff read escalated cases only", async () => {
    const quiet = await openCase();
    const loud = await openCase();
    ctx.clock.set(MONDAY_12);
    await services().escalation.fireDue(loud.id);
    expect((await request("GET", `/api/v1/cases/${quiet.id}`, { session: engineer })).statusCode).toBe(404);
    expect((await request("GET", `/api/v1/cases/${loud.id}`, { session: engineer })).statusCode).toBe(200);
    const list = (await request("GET", "/api/v1/cases?limit=200", { session: engineer })).json().items as {
      escalationLevel: number;
    }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((c) => c.escalationLevel >= 1)).toBe(true);
  });

  it("the bell counts the notifications and marks them read", async () => {
    const opened = await openCase();
    ctx.clock.set(MONDAY_12);
    await services().escalation.fireDue(opened.id);
    const page = await request("GET", "/api/v1/notifications?unread=true", { session: manager });
    expect(page.statusCode).toBe(200);
    const body = page.json() as {
      items: { id: string; kind: string; caseId: string; data: { level: number } }[];
      unread: number;
    };
    const mine = body.items.find((n) => n.caseId === opened.id);
    expect(mine).toMatchObject({ kind: "escalation", data: { level: 1 } });
    const marked = await request("POST", "/api/v1/notifications/read", {
      session: manager,
      body: { ids: [mine!.id] },
    });
    expect(marked.json()).toEqual({ marked: 1, unread: body.unread - 1 });
    // someone else's notification id marks nothing
    const other = await request("POST", "/api/v1/notifications/read", {
      session: ana,
      body: { ids: [mine!.id] },
    });
    expect(other.json().marked).toBe(0);
    const all = await request("POST", "/api/v1/notifications/read", {
      session: manager,
      body: { all: true },
    });
    expect(all.json().unread).toBe(0);
    const empty = await request("POST", "/api/v1/notifications/read", { session: manager, body: {} });
    expect(empty.statusCode).toBe(400);
  });
});

describe("warning digest", () => {
  it("someone who chose the digest gets no warning mail, then one digest with every warning", async () => {
    const quiet = await signIn("specialist");
    const pref = await request("PUT", "/api/v1/notification-preferences", {
      session: quiet,
      body: { warningDelivery: "digest" },
    });
    expect(pref.statusCode).toBe(200);
    const first = await openCase({ subject: "Primero" });
    const second = await openCase({ subject: "Segundo" });
    ctx.clock.set(MONDAY_11);
    await services().escalation.fireDue(first.id);
    await services().escalation.fireDue(second.id);
    const immediate = await db()
      .selectFrom("outbox")
      .select("id")
      .where("to_address", "=", quiet.email)
      .where("kind", "=", "warning")
      .execute();
    expect(immediate).toEqual([]);
    expect(await services().notifications.sendDigests()).toBeGreaterThanOrEqual(1);
    const digests = await db()
      .selectFrom("outbox")
      .select(["subject", "text_body"])
      .where("to_address", "=", quiet.email)
      .where("kind", "=", "warning_digest")
      .execute();
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text_body).toContain("«Primero»");
    expect(digests[0]!.text_body).toContain("«Segundo»");
    // taken: the next digest run sends nothing more to this person
    await services().notifications.sendDigests();
    expect(
      await db()
        .selectFrom("outbox")
        .select("id")
        .where("to_address", "=", quiet.email)
        .where("kind", "=", "warning_digest")
        .execute(),
    ).toHaveLength(1);
    const customerPref = await request("PUT", "/api/v1/notification-preferences", {
      session: ana,
      body: { warningDelivery: "digest" },
    });
    expect(customerPref.statusCode).toBe(403);
  });
});

describe("escalation plans (admin)", () => {
  it("validates, is admin-only, applies per plan and priority, and reschedules running cases", async () => {
    const current = await request("GET", "/api/v1/settings/escalation", { session: admin });
    expect(current.json()).toMatchObject({
      default: [
        { level: 0, percent: 75 },
        { level: 1, percent: 100 },
        { level: 2, percent: 150 },
      ],
      planIds: expect.arrayContaining(["estandar", "extendido"]),
    });
    const bad = await request("PUT", "/api/v1/settings/escalation", {
      session: admin,
      body: {
        default: [
          { level: 0, percent: 90, audiences: ["assignee"] },
          { level: 1, percent: 80, audiences: ["manager"] },
        ],
        byPlan: {},
      },
    });
    expect(bad.statusCode).toBe(400);
    const unknownPlan = await request("PUT", "/api/v1/settings/escalation", {
      session: admin,
      body: { default: current.json().default, byPlan: { platino: { P1: current.json().default } } },
    });
    expect(unknownPlan.statusCode).toBe(400);
    expect(unknownPlan.json().detail).toContain("platino");
    const forbidden = await request("PUT", "/api/v1/settings/escalation", {
      session: manager,
      body: { default: current.json().default, byPlan: {} },
    });
    expect(forbidden.statusCode).toBe(403);

    const running = await openCase();
    const saved = await request("PUT", "/api/v1/settings/escalation", {
      session: admin,
      body: {
        default: current.json().default,
        byPlan: {
          estandar: {
            P1: [
              { level: 0, percent: 50, audiences: ["queue"] },
              { level: 1, percent: 100, audiences: ["manager"] },
            ],
          },
        },
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    // 50 % of 4 business hours from Friday 17:00: 1 h Friday + 1 h Monday → Monday 10:00
    const [timer] = await timersOf(running.id);
    expect(timer!.due_at.toISOString()).toBe("2026-11-30T16:00:00.000Z");
    const audit = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "settings.escalation_updated")
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
    // restore the default plan for the other tests of this file
    await services().escalation.updateSettings(SYSTEM_ACTOR, { default: current.json().default, byPlan: {} });
  });
});
