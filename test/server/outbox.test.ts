import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { startSmtpReceiver } from "../harness/smtp-receiver";
import { type Session, setupTestApp } from "../harness/test-app";

const { ctx, request, signIn, login, PASSWORD } = setupTestApp();
const FRIDAY_17 = "2026-11-27T23:00:00.000Z";
const fast = { baseBackoffMs: 1_000, maxBackoffMs: 4_000, batchSize: 50 };

let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
let admin: Session;
let specialist: Session;
let customer: Awaited<ReturnType<typeof newCustomer>>;
let ana: Session & { email: string };
let john: Session & { email: string };

const transport = () => nodemailer.createTransport(receiver.url);
const sendAll = () => ctx.app.services.outbox.sendBatch(transport(), fast);
const statusOf = async (caseId: string) =>
  ctx.db.db
    .selectFrom("outbox")
    .select(["kind", "status", "attempts", "last_error"])
    .where("case_id", "=", caseId)
    .execute();

const openCase = async (session: Session, subject = "No se puede acceder a SIGAP") => {
  const res = await request("POST", "/api/v1/cases", {
    session,
    body: p1Report(customer.systemId, { subject }),
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; number: string; version: number };
};

beforeAll(async () => {
  receiver = await startSmtpReceiver({ reject: /^rebota/ });
  admin = await signIn("admin");
  specialist = await signIn("specialist");
  customer = await newCustomer(ctx.app);
  const a = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD, name: "Ana Pérez" });
  const j = await newAuthorizedContact(ctx.app, customer, {
    password: PASSWORD,
    language: "en",
    name: "John Doe",
  });
  ana = { ...(await login(a.email, PASSWORD, "10.88.0.1")), email: a.email };
  john = { ...(await login(j.email, PASSWORD, "10.88.0.2")), email: j.email };
  ctx.clock.set(FRIDAY_17);
});
afterAll(async () => {
  await receiver?.stop();
});

describe("acknowledgement and replies over SMTP", () => {
  it("acknowledges a case with its number, target and due time in the recipient's zone and language", async () => {
    const opened = await openCase(ana);
    expect(await sendAll()).toMatchObject({ sent: 1, retry: 0, failed: 0 });
    const mail = receiver.received.find((m) => m.to.includes(ana.email))!;
    expect(mail.parsed.subject).toBe(`[${opened.number}] Recibimos su caso: No se puede acceder a SIGAP`);
    expect(mail.parsed.text).toContain("Hola, Ana Pérez:");
    expect(mail.parsed.text).toContain(
      "Tiempo objetivo de respuesta: 4 horas (horario hábil de la Ciudad de México)",
    );
    expect(mail.parsed.text).toMatch(/lunes, 30 de noviembre de 2026, 12:00/);
    expect(mail.parsed.text).toContain(`/cases/${opened.id}`);
    const token = (
      await ctx.db.db
        .selectFrom("cases")
        .select("thread_token")
        .where("id", "=", opened.id)
        .executeTakeFirstOrThrow()
    ).thread_token;
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(mail.parsed.messageId).toBe(`<${opened.number.toLowerCase()}.${token}@localhost>`);
    expect(mail.parsed.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail.parsed.html).toContain("Ana Pérez");
  });

  it("writes to an English-speaking contact in English", async () => {
    const opened = await openCase(john, "Cannot sign in");
    await sendAll();
    const mail = receiver.received.find((m) => m.to.includes(john.email))!;
    expect(mail.parsed.subject).toBe(`[${opened.number}] We received your case: Cannot sign in`);
    expect(mail.parsed.text).toMatch(/Monday, November 30, 2026 (at )?12:00/);
  });

  it("threads a staff reply under the acknowledgement (In-Reply-To and References)", async () => {
    const opened = await openCase(ana, "Hilo");
    await request("POST", `/api/v1/cases/${opened.id}/replies`, {
      session: specialist,
      body: { body: "Revisamos los registros del servidor." },
    });
    await sendAll();
    const thread = receiver.received.filter((m) => m.parsed.subject?.includes(opened.number));
    const ack = thread.find((m) => m.parsed.subject?.includes("Recibimos"))!;
    const reply = thread.find((m) => m.parsed.subject?.includes("Respuesta"))!;
    expect(reply.parsed.inReplyTo).toBe(ack.parsed.messageId);
    expect(reply.parsed.references).toEqual(ack.parsed.messageId);
    expect(reply.parsed.messageId).not.toBe(ack.parsed.messageId);
    expect(reply.parsed.text).toContain("Revisamos los registros del servidor.");
    // a person wrote it: not marked automatic
    expect(reply.parsed.headers.get("auto-submitted")).toBeUndefined();
  });
});

describe("when the mail server is down", () => {
  it("keeps mail pending with the error, then delivers every message once when it is back", async () => {
    await sendAll();
    const before = receiver.received.length;
    await receiver.stop();
    const opened = await Promise.all([1, 2, 3].map((n) => openCase(ana, `Caída ${n}`)));
    const down = await sendAll();
    expect(down).toMatchObject({ sent: 0, retry: 3 });
    for (const c of opened) {
      const [row] = await statusOf(c.id);
      expect(row).toMatchObject({ status: "pending", attempts: 1 });
      expect(row!.last_error).toMatch(/ECONNREFUSED|connect/i);
    }
    // not due again before the backoff
    expect(await sendAll()).toMatchObject({ sent: 0, retry: 0 });
    await receiver.start();
    ctx.clock.set(new Date(Date.parse(FRIDAY_17) + 60_000));
    expect(await sendAll()).toMatchObject({ sent: 3, retry: 0 });
    expect(await sendAll()).toMatchObject({ sent: 0 });
    const arrived = receiver.received.slice(before).map((m) => m.parsed.subject);
    for (const c of opened) expect(arrived.filter((s) => s?.startsWith(`[${c.number}]`))).toHaveLength(1);
    ctx.clock.set(FRIDAY_17);
  });

  it("gives up on a message after five days of temporary failures: failed, with the last error, for an admin to send again", async () => {
    await receiver.stop();
    const opened = await openCase(ana, "Cinco días sin relevo");
    expect(await sendAll()).toMatchObject({ sent: 0, retry: 1 });
    ctx.clock.set(new Date(Date.parse(FRIDAY_17) + 5 * 24 * 3_600_000 - 60_000));
    expect(await sendAll()).toMatchObject({ retry: 1, failed: 0 });
    ctx.clock.set(new Date(Date.parse(FRIDAY_17) + 5 * 24 * 3_600_000 + 60_000));
    expect(await sendAll()).toMatchObject({ retry: 0, failed: 1 });
    const [row] = await statusOf(opened.id);
    expect(row).toMatchObject({ status: "failed", attempts: 3 });
    expect(row!.last_error).toMatch(/^gave up after 5 days of temporary failures: .*(ECONNREFUSED|connect)/i);
    await receiver.start();
    ctx.clock.set(FRIDAY_17);
  });

  it("two senders at once never take the same message", async () => {
    const opened = await Promise.all([1, 2, 3, 4, 5].map((n) => openCase(ana, `Paralelo ${n}`)));
    const results = await Promise.all([sendAll(), sendAll(), sendAll()]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(5);
    for (const c of opened) {
      expect(receiver.received.filter((m) => m.parsed.subject?.startsWith(`[${c.number}]`))).toHaveLength(1);
    }
  });

  it("takes a message again when its sender crashed mid-send (lease lapsed)", async () => {
    const opened = await openCase(ana, "Lease");
    await ctx.db.db
      .updateTable("outbox")
      .set({ status: "sending", attempts: 1, locked_until: new Date(Date.parse(FRIDAY_17) - 1000) })
      .where("case_id", "=", opened.id)
      .execute();
    expect((await sendAll()).sent).toBe(1);
    expect((await statusOf(opened.id))[0]).toMatchObject({ status: "sent", attempts: 2 });
  });
});

describe("permanent failures", () => {
  it("marks a recipient refused with 5xx as failed, shows it to admins and retries on request", async () => {
    const other = await newCustomer(ctx.app);
    const bounced = await newAuthorizedContact(ctx.app, other, { password: PASSWORD });
    await ctx.db.db
      .updateTable("users")
      .set({ email: `rebota.${bounced.email}` })
      .where("id", "=", bounced.id)
      .execute();
    const session = await login(`rebota.${bounced.email}`, PASSWORD, "10.88.0.9");
    const res = await request("POST", "/api/v1/cases", {
      session,
      body: p1Report(other.systemId, { subject: "Rebote" }),
    });
    const opened = res.json() as { id: string };
    expect((await sendAll()).failed).toBe(1);
    const [row] = await statusOf(opened.id);
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row!.last_error).toMatch(/550/);

    const page = await request("GET", "/api/v1/outbox?status=failed", { session: admin });
    expect(page.statusCode).toBe(200);
    const item = (page.json().items as { id: string; caseId: string; lastError: string }[]).find(
      (m) => m.caseId === opened.id,
    );
    expect(item?.lastError).toMatch(/550/);
    expect(page.json().counts.failed).toBeGreaterThanOrEqual(1);
    expect((await request("GET", "/api/v1/outbox", { session: specialist })).statusCode).toBe(403);

    const retried = await request("POST", `/api/v1/outbox/${item!.id}/retry`, { session: admin });
    expect(retried.json()).toEqual({ id: item!.id, status: "pending" });
    expect((await statusOf(opened.id))[0]!.status).toBe("pending");
    const sent = await ctx.db.db
      .selectFrom("outbox")
      .select("id")
      .where("status", "=", "sent")
      .executeTakeFirstOrThrow();
    expect((await request("POST", `/api/v1/outbox/${sent.id}/retry`, { session: admin })).statusCode).toBe(
      404,
    );
  });
});

describe("other notifications", () => {
  it("tells the requester when staff change the status, with the reopen window when resolved", async () => {
    const opened = await openCase(ana, "Estado");
    const res = await request("POST", `/api/v1/cases/${opened.id}/status`, {
      session: specialist,
      body: { status: "resolved", version: opened.version },
    });
    expect(res.statusCode, res.body).toBe(200);
    await sendAll();
    const mail = receiver.received.find(
      (m) => m.parsed.subject === `[${opened.number}] Su caso está resuelto: Estado`,
    );
    expect(mail?.parsed.text).toContain("cambió de nuevo a resuelto");
    expect(mail?.parsed.text).toContain("dentro de los próximos 15 días");
    const bell = await request("GET", "/api/v1/notifications", { session: ana });
    expect(
      (bell.json().items as { kind: string; caseId: string }[]).some(
        (n) => n.caseId === opened.id && n.kind === "status_changed",
      ),
    ).toBe(true);
  });

  it("tells a contact whose request is held why, and what unblocks it", async () => {
    const lapsed = await newCustomer(ctx.app, { startDate: "2025-01-02" });
    const contact = await newAuthorizedContact(ctx.app, lapsed, { password: PASSWORD });
    const session = await login(contact.email, PASSWORD, "10.88.0.20");
    const res = await request("POST", "/api/v1/cases", {
      session,
      body: p1Report(lapsed.systemId, { subject: "Sin póliza" }),
    });
    expect(res.statusCode).toBe(202);
    await sendAll();
    const mail = receiver.received.find((m) => m.to.includes(contact.email));
    expect(mail?.parsed.subject).toBe("Su solicitud está retenida: se requiere orden de compra");
    expect(mail?.parsed.text).toContain("«Sin póliza»");
  });
});
