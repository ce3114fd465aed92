import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBHOOK_EVENT_TYPES } from "../../src/api/webhooks";
import type { DeliveryOptions } from "../../src/server/modules/webhooks/webhook-delivery.service";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { type HttpsReceiver, type ReceivedRequest, startHttpsReceiver } from "../harness/https-receiver";
import { type Session, setupTestApp } from "../harness/test-app";

const { ctx, request, signIn, login, PASSWORD } = setupTestApp({
  env: { SECRETS_KEY: "5a".repeat(32), WEBHOOK_ALLOW_HOSTS: "localhost" },
});

const START = "2026-11-27T15:00:00.000Z";
const HOUR = 3_600_000;
const CASE_EVENTS = ["case.created", "case.updated", "case.replied", "case.escalated", "case.sla_warning"];

let receiver: HttpsReceiver;
let admin: Session;
let specialist: Session;
let manager: Session;
let a: Awaited<ReturnType<typeof newCustomer>>;
let b: Awaited<ReturnType<typeof newCustomer>>;
let ana: Session;
let anaEmail: string;
let beto: Session;

const options = (): DeliveryOptions => ({
  client: { ca: receiver.ca, timeoutMs: 800 },
  baseBackoffMs: 60_000,
});
/** Sends whatever is due now, round after round, until nothing is. */
const drain = async (extra: DeliveryOptions = {}) => {
  let sent = 0;
  for (let n = await ctx.app.services.webhookDelivery.deliverDue({ ...options(), ...extra }); n > 0; ) {
    sent += n;
    n = await ctx.app.services.webhookDelivery.deliverDue({ ...options(), ...extra });
  }
  return sent;
};
const typesOf = (received: ReceivedRequest[]) => received.map((r) => JSON.parse(r.body).type as string);
const caseOf = (r: ReceivedRequest) => JSON.parse(r.body).data.case?.id as string | undefined;
const signatureHeaders = (r: ReceivedRequest) => ({
  "webhook-id": String(r.headers["webhook-id"]),
  "webhook-timestamp": String(r.headers["webhook-timestamp"]),
  "webhook-signature": String(r.headers["webhook-signature"]),
});

const register = async (body: Record<string, unknown>) => {
  const answer = await request("POST", "/api/v1/webhooks", { session: admin, body });
  expect(answer.statusCode, answer.body).toBe(201);
  return answer.json() as { id: string; secret: string; version: number };
};
/** Turns every endpoint off, so each test sees only its own. */
const quiet = () => ctx.db.db.updateTable("webhook_endpoints").set({ active: false }).execute();
const openCase = async (session: Session, systemId: string, subject = "Falla al timbrar") => {
  const answer = await request("POST", "/api/v1/cases", { session, body: p1Report(systemId, { subject }) });
  expect(answer.statusCode, answer.body).toBe(201);
  return answer.json() as { id: string; version: number; number: string };
};

beforeAll(async () => {
  receiver = await startHttpsReceiver();
  admin = await signIn("admin");
  specialist = await signIn("specialist");
  manager = await signIn("manager");
  a = await newCustomer(ctx.app, { planId: "extendido" });
  b = await newCustomer(ctx.app, { planId: "extendido" });
  const anaPerson = await newAuthorizedContact(ctx.app, a, { password: PASSWORD });
  const betoPerson = await newAuthorizedContact(ctx.app, b, { password: PASSWORD });
  anaEmail = anaPerson.email;
  ana = await login(anaEmail, PASSWORD, "10.40.0.1");
  beto = await login(betoPerson.email, PASSWORD, "10.40.0.2");
});
afterAll(async () => {
  await receiver?.close();
});

describe("webhook endpoints", () => {
  it("registers https endpoints on public addresses only, for known events, by admins only", async () => {
    const count = async () => (await ctx.db.db.selectFrom("webhook_endpoints").select("id").execute()).length;
    const before = await count();
    const refused: [string, string][] = [
      ["http://hooks.example.com/in", "insecure_url"],
      ["https://127.0.0.1/hook", "blocked_address"],
      ["https://10.0.0.1/hook", "blocked_address"],
      ["https://169.254.169.254/latest/meta-data", "blocked_address"],
      ["https://[::ffff:127.0.0.1]/hook", "blocked_address"],
      ["https://[::1]/hook", "blocked_address"],
      ["https://[fd00:ec2::254]/hook", "blocked_address"],
      ["file:///etc/passwd", "insecure_url"],
    ];
    for (const [url, problem] of refused) {
      const answer = await request("POST", "/api/v1/webhooks", {
        session: admin,
        body: { url, events: ["case.created"] },
      });
      expect([url, answer.statusCode]).toEqual([url, 400]);
      expect(answer.json().errors).toEqual([
        expect.objectContaining({
          field: "url",
          code: "webhook_url",
          params: { problem: expect.any(String) },
        }),
      ]);
      if (problem === "blocked_address") expect(answer.json().errors[0].params.problem).toBe(problem);
    }
    const unknownEvent = await request("POST", "/api/v1/webhooks", {
      session: admin,
      body: { url: "https://hooks.example.com/in", events: ["case.deleted"] },
    });
    expect(unknownEvent.statusCode).toBe(400);
    expect(unknownEvent.json().errors[0].field).toMatch(/^events/);
    const staffEventForCustomer = await request("POST", "/api/v1/webhooks", {
      session: admin,
      body: {
        url: "https://hooks.example.com/in",
        events: ["case.created", "case.escalated"],
        organizationId: a.organizationId,
      },
    });
    expect(staffEventForCustomer.statusCode).toBe(400);
    expect(staffEventForCustomer.json().errors[0]).toMatchObject({
      field: "events",
      code: "webhook_event_not_for_organization",
      params: { events: "case.escalated" },
    });
    for (const session of [manager, specialist, ana]) {
      const answer = await request("POST", "/api/v1/webhooks", {
        session,
        body: { url: "https://hooks.example.com/in", events: ["case.created"] },
      });
      expect(answer.statusCode).toBe(403);
      expect((await request("GET", "/api/v1/webhooks", { session })).statusCode).toBe(403);
    }
    expect(await count()).toBe(before);

    const created = await register({
      url: "https://hooks.example.com/in",
      events: ["case.created"],
      description: "CRM",
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // the secret is sealed at rest and never answered again
    const stored = await ctx.db.db
      .selectFrom("webhook_endpoints")
      .select("secret_sealed")
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret_sealed).toMatch(/^sb1\./);
    expect(stored.secret_sealed).not.toContain(created.secret.slice(6, 20));
    const listed = await request("GET", "/api/v1/webhooks", { session: admin });
    expect(listed.body).not.toContain(created.secret.slice(6));
    expect(
      JSON.stringify(
        await request("GET", `/api/v1/webhooks/${created.id}`, { session: admin }).then((r) => r.json()),
      ),
    ).not.toContain(created.secret.slice(6));
    await quiet();
  });

  it("delivers each case's events signed, in order, and never an internal note", async () => {
    const hook = await register({ url: receiver.url, events: CASE_EVENTS });
    receiver.received.length = 0;
    const opened = await openCase(ana, a.systemId, "Nómina no timbra");
    const triaged = (
      await request("POST", `/api/v1/cases/${opened.id}/triage`, {
        session: specialist,
        body: { priority: "P1", version: opened.version },
      })
    ).json();
    await request("POST", `/api/v1/cases/${opened.id}/notes`, {
      session: specialist,
      body: { body: "NOTA-INTERNA-SECRETA: revisar el certificado" },
    });
    await request("POST", `/api/v1/cases/${opened.id}/replies`, {
      session: specialist,
      body: { body: "Estamos revisando el timbrado." },
    });
    const current = (await request("GET", `/api/v1/cases/${opened.id}`, { session: specialist })).json();
    await request("POST", `/api/v1/cases/${opened.id}/status`, {
      session: specialist,
      body: { status: "waiting_on_customer", version: current.version },
    });
    expect(triaged.priority).toBe("P1");
    expect(await drain()).toBe(4);
    const received = receiver.received.filter((r) => caseOf(r) === opened.id);
    expect(typesOf(received)).toEqual(["case.created", "case.updated", "case.replied", "case.updated"]);
    const bodies = received.map((r) => JSON.parse(r.body));
    expect(bodies[0]).toMatchObject({
      type: "case.created",
      version: 1,
      data: {
        case: { id: opened.id, number: opened.number, status: "new", organizationId: a.organizationId },
      },
    });
    expect(bodies[1].data.changes).toEqual({
      priority: { from: expect.any(String), to: "P1" },
      status: { from: "new", to: "open" },
    });
    expect(bodies[2].data.reply).toMatchObject({
      body: "Estamos revisando el timbrado.",
      author: { staff: true },
    });
    expect(bodies[3].data.changes).toEqual({ status: { from: "open", to: "waiting_on_customer" } });
    expect(receiver.received.some((r) => r.body.includes("NOTA-INTERNA-SECRETA"))).toBe(false);
    // every body verifies with the endpoint's secret through the Standard Webhooks library
    const verifier = new Webhook(hook.secret);
    for (const r of received)
      expect(verifier.verify(r.body, signatureHeaders(r))).toEqual(JSON.parse(r.body));
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`).verify(
        received[0]!.body,
        signatureHeaders(received[0]!),
      ),
    ).toThrow();
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(4);
    const log = (await request("GET", `/api/v1/webhooks/${hook.id}/deliveries`, { session: admin })).json();
    expect(log.items.slice(0, 4).map((d: { status: string }) => d.status)).toEqual(
      Array(4).fill("delivered"),
    );
    expect(log.items[0].log[0]).toMatchObject({ ok: true, statusCode: 200 });
    await quiet();
  });

  it("retries a 500 and a timeout with backoff under the same webhook-id, holding the case's later events, then redelivers on request", async () => {
    const hook = await register({ url: receiver.url, events: ["case.created", "case.replied"] });
    receiver.received.length = 0;
    const failing = await openCase(ana, a.systemId, "Caso que falla");
    let answers = 0;
    receiver.setResponder(({ body }) => {
      if (!body.includes(failing.id)) return { status: 204 };
      answers += 1;
      return answers === 1
        ? { status: 500, body: "boom" }
        : answers === 2
          ? { status: 200, delayMs: 2_000 }
          : { status: 200 };
    });
    await request("POST", `/api/v1/cases/${failing.id}/replies`, {
      session: ana,
      body: { body: "¿Alguna novedad?" },
    });
    const other = await openCase(ana, a.systemId, "Otro caso");
    await drain();
    // the failing case's reply waits behind its creation; the other case is not held up
    expect(receiver.received.map((r) => [caseOf(r), JSON.parse(r.body).type])).toEqual([
      [failing.id, "case.created"],
      [other.id, "case.created"],
    ]);
    const pending = async () =>
      (
        await request("GET", `/api/v1/webhooks/${hook.id}/deliveries?status=pending`, { session: admin })
      ).json().items;
    const [first] = (await pending()).filter(
      (d: { caseId: string; eventType: string }) => d.eventType === "case.created",
    );
    expect(first).toMatchObject({
      attempts: 1,
      lastError: "http_error",
      nextAttemptAt: new Date(Date.parse(START) + 60_000).toISOString(),
    });
    ctx.clock.set(new Date(Date.parse(START) + 61_000));
    await drain();
    const [second] = (await pending()).filter((d: { eventType: string }) => d.eventType === "case.created");
    // the second wait is twice the first
    expect(second).toMatchObject({ attempts: 2, lastError: "timeout" });
    expect(Date.parse(second.nextAttemptAt) - Date.parse(START) - 61_000).toBe(120_000);
    ctx.clock.set(new Date(Date.parse(START) + 182_000));
    await drain();
    const forFailing = receiver.received.filter((r) => caseOf(r) === failing.id);
    expect(typesOf(forFailing)).toEqual(["case.created", "case.created", "case.created", "case.replied"]);
    expect(new Set(forFailing.slice(0, 3).map((r) => r.headers["webhook-id"])).size).toBe(1);
    const all = (await request("GET", `/api/v1/webhooks/${hook.id}/deliveries`, { session: admin })).json()
      .items;
    const created = all.find(
      (d: { caseId: string; eventType: string }) => d.caseId === failing.id && d.eventType === "case.created",
    );
    expect(created.status).toBe("delivered");
    expect(created.log.map((l: { error: string | null }) => l.error)).toEqual([
      null,
      "timeout",
      "http_error",
    ]);
    expect(created.log[2]).toMatchObject({ statusCode: 500, responseExcerpt: "boom" });

    const redelivered = await request(
      "POST",
      `/api/v1/webhooks/${hook.id}/deliveries/${created.id}/redeliver`,
      {
        session: admin,
      },
    );
    expect(redelivered.statusCode).toBe(200);
    expect(redelivered.json()).toMatchObject({ status: "pending" });
    expect(
      (await request("POST", `/api/v1/webhooks/${hook.id}/deliveries/999999/redeliver`, { session: admin }))
        .statusCode,
    ).toBe(404);
    await drain();
    const again = receiver.received.filter((r) => caseOf(r) === failing.id);
    expect(again).toHaveLength(5);
    expect(again[4]!.headers["webhook-id"]).toBe(forFailing[0]!.headers["webhook-id"]);
    receiver.setResponder(() => ({ status: 200 }));
    ctx.clock.set(START);
    await quiet();
  });

  it("turns off an endpoint failing for 24 hours and mails the admins, while other endpoints go on", async () => {
    const failingHook = await register({
      url: `${receiver.origin}/down`,
      events: ["case.created"],
      description: "ERP caído",
    });
    const healthy = await register({ url: `${receiver.origin}/up`, events: ["case.created"] });
    receiver.setResponder(({ path }) => (path === "/down" ? { status: 503 } : { status: 200 }));
    receiver.received.length = 0;
    const opened = await openCase(ana, a.systemId, "Falla con el ERP caído");
    await drain();
    let mails = 0;
    for (let hours = 1; hours <= 25; hours += 1) {
      ctx.clock.set(new Date(Date.parse(START) + hours * HOUR));
      await drain({ ...options(), maxBackoffMs: HOUR });
      mails = (
        await ctx.db.db.selectFrom("outbox").select("id").where("kind", "=", "webhook_disabled").execute()
      ).length;
    }
    const admins = await ctx.db.db
      .selectFrom("users")
      .select("email")
      .where("role", "=", "admin")
      .where("active", "=", true)
      .execute();
    const mailed = await ctx.db.db
      .selectFrom("outbox")
      .select(["to_address", "subject"])
      .where("kind", "=", "webhook_disabled")
      .execute();
    expect(mails).toBe(admins.length);
    expect(mailed.map((m) => m.to_address).sort()).toEqual(admins.map((x) => x.email).sort());
    expect(mailed[0]!.subject).toContain("ERP caído");
    const endpoint = (
      await request("GET", `/api/v1/webhooks/${failingHook.id}`, { session: await signIn("admin") })
    ).json();
    expect(endpoint).toMatchObject({ active: false, disabledReason: "failing" });
    const up = receiver.received.filter((r) => r.path === "/up" && caseOf(r) === opened.id);
    expect(up).toHaveLength(1);
    const down = receiver.received.filter((r) => r.path === "/down");
    expect(down.length).toBeGreaterThan(3);
    expect(healthy.id).not.toBe(failingHook.id);
    receiver.setResponder(() => ({ status: 200 }));
    ctx.clock.set(START);
    admin = await signIn("admin");
    specialist = await signIn("specialist");
    await quiet();
  });

  it("gives an organization's endpoint only that organization's events, and never the desk's", async () => {
    const own = await register({
      url: `${receiver.origin}/a-only`,
      events: ["case.created", "case.updated", "case.replied"],
      organizationId: a.organizationId,
    });
    receiver.received.length = 0;
    const ofA = await openCase(ana, a.systemId, "Caso de A");
    const ofB = await openCase(beto, b.systemId, "Caso de B");
    await request("POST", `/api/v1/cases/${ofB.id}/replies`, {
      session: beto,
      body: { body: "Hola desde B" },
    });
    await request("POST", `/api/v1/cases/${ofA.id}/assignee`, {
      session: manager,
      body: { assigneeId: specialist.userId, version: ofA.version },
    });
    await drain();
    expect(receiver.received.map((r) => [caseOf(r), JSON.parse(r.body).type])).toEqual([
      [ofA.id, "case.created"],
    ]);
    expect(receiver.received.some((r) => r.body.includes(b.organizationId))).toBe(false);
    expect(own.id).toBeTruthy();
    await quiet();
  });

  it("refuses at delivery a name that resolves to a private address, a huge answer and a silent receiver, without holding up the others", async () => {
    const rebinding = await register({ url: "https://internal.hooks.example/in", events: ["case.created"] });
    const huge = await register({ url: `${receiver.origin}/huge`, events: ["case.created"] });
    const silent = await register({ url: `${receiver.origin}/silent`, events: ["case.created"] });
    const fine = await register({ url: `${receiver.origin}/fine`, events: ["case.created"] });
    receiver.setResponder(({ path }) =>
      path === "/huge"
        ? { status: 200, body: Buffer.alloc(10 * 1024 * 1024, 65) }
        : path === "/silent"
          ? { status: 200, neverAnswer: true }
          : { status: 200 },
    );
    receiver.received.length = 0;
    const connectionsBefore = receiver.connections();
    await openCase(ana, a.systemId, "Caso para receptores hostiles");
    await drain({
      client: {
        ca: receiver.ca,
        timeoutMs: 600,
        resolver: async (host) =>
          host === "localhost" ? [{ address: "127.0.0.1", family: 4 }] : [{ address: "10.1.2.3", family: 4 }],
      },
    });
    const lastError = async (id: string) =>
      (await request("GET", `/api/v1/webhooks/${id}/deliveries`, { session: admin })).json().items[0];
    expect((await lastError(rebinding.id)).log[0]).toMatchObject({ ok: false, error: "blocked_address" });
    expect((await lastError(huge.id)).log[0]).toMatchObject({ ok: false, error: "response_too_large" });
    expect((await lastError(silent.id)).log[0]).toMatchObject({ ok: false, error: "timeout" });
    expect((await lastError(silent.id)).log[0].latencyMs).toBeLessThan(2_000);
    expect((await lastError(fine.id)).status).toBe("delivered");
    // three connections (huge, silent, fine): none to the rebinding name
    expect(receiver.connections() - connectionsBefore).toBe(3);
    receiver.setResponder(() => ({ status: 200 }));
    await quiet();
  });

  it("signs with both secrets during a rotation's overlap, then with the new one only", async () => {
    const hook = await register({ url: receiver.url, events: ["case.created"] });
    const rotated = await request("POST", `/api/v1/webhooks/${hook.id}/secret`, {
      session: admin,
      body: { overlapHours: 24 },
    });
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json() as { secret: string; previousSecretUntil: string };
    expect(fresh.secret).not.toBe(hook.secret);
    expect(fresh.previousSecretUntil).toBe(new Date(Date.parse(START) + 24 * HOUR).toISOString());
    receiver.received.length = 0;
    await openCase(ana, a.systemId, "Durante la rotación");
    await drain();
    const during = receiver.received[0]!;
    expect(String(during.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(new Webhook(hook.secret).verify(during.body, signatureHeaders(during))).toBeTruthy();
    expect(new Webhook(fresh.secret).verify(during.body, signatureHeaders(during))).toBeTruthy();
    ctx.clock.set(new Date(Date.parse(START) + 25 * HOUR));
    const anaLater = await login(anaEmail, PASSWORD, "10.40.0.3");
    receiver.received.length = 0;
    await openCase(anaLater, a.systemId, "Después de la rotación");
    expect(await drain()).toBe(1);
    const after = receiver.received[0]!;
    expect(String(after.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(new Webhook(fresh.secret).verify(after.body, signatureHeaders(after))).toBeTruthy();
    expect(() => new Webhook(hook.secret).verify(after.body, signatureHeaders(after))).toThrow();
    ctx.clock.set(START);
    await quiet();
  });

  it("tells of a contract entering its last 30 days once, and lists every event in the OpenAPI document", async () => {
    await register({ url: receiver.url, events: ["contract.expiring"], organizationId: a.organizationId });
    receiver.received.length = 0;
    ctx.clock.set("2026-12-15T18:00:00.000Z");
    // the job runs every hour: the contract's second run finds its event already there
    await ctx.app.services.webhookDelivery.emitExpiringContracts();
    await ctx.app.services.webhookDelivery.emitExpiringContracts();
    expect(await drain()).toBe(1);
    expect(typesOf(receiver.received)).toEqual(["contract.expiring"]);
    expect(JSON.parse(receiver.received[0]!.body).data.contract).toMatchObject({
      id: a.contractId,
      organizationId: a.organizationId,
      daysLeft: expect.any(Number),
    });
    ctx.clock.set(START);
    const document = (await request("GET", "/api/v1/openapi.json")).json();
    expect(Object.keys(document.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    expect(
      document.webhooks["case.replied"].post.requestBody.content["application/json"].schema.properties.data,
    ).toBeTruthy();
    await quiet();
  });
});
