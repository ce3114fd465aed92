/**
 * The email fixture corpus (test/fixtures/mail): every message goes through the real SMTP receiver over a
 * socket (nodemailer, raw) and must end as its expectation says — and the receiver keeps running.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { simpleParser } from "mailparser";
import nodemailer, { type Transporter } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpIntake } from "../../src/server/modules/email-intake";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { applyPlaceholders, type Generate, generateMessages } from "../fixtures/mail/generate.mjs";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { setupTestApp } from "../harness/test-app";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/mail");
const SUPPORT = "soporte@soporte.example";
const { ctx, request, login, PASSWORD } = setupTestApp({ env: { MAIL_FROM: `Soporte <${SUPPORT}>` } });

type CaseChecks = {
  subjectContains?: string;
  subjectNotContains?: string[];
  subjectMaxLength?: number;
  subjectNonEmpty?: boolean;
  descriptionContains?: string[];
  descriptionNotContains?: string[];
  originalContains?: string[];
  htmlContains?: string[];
  htmlNotContains?: string[];
  attachments?: {
    filename?: string;
    filenameEndsWith?: string;
    contentType?: string;
    size?: number;
    sha256?: string;
  }[];
  attachmentCount?: number;
  attachmentsNot?: string[];
  attachmentFilenameMaxLength?: number;
};
type Expectation = {
  smtp: "accepted" | "rejected";
  smtpCode?: number;
  outcome: string | null;
  reason?: string | null;
  caseRef?: string | null;
  notCaseRef?: string[];
  organization?: string;
  case?: CaseChecks;
  autoReply?: boolean;
  autoReplyTo?: string;
  bounceMarksFailed?: boolean;
  inboundReason?: string | null;
  deskNote?: boolean;
  bounces?: {
    outbox: string;
    status: string;
    action: string;
    recipient: string;
    outboxStatus: string;
    undeliverable: boolean;
    timeline: boolean;
  }[];
  repeat?: { smtp: string; outcome: string; reason: string | null; autoReply?: boolean };
  maxCasesOpened?: number;
  restOutcome?: string;
  restReason?: string;
  maxAutoReplies?: number;
};
type Fixture = {
  name: string;
  description: string;
  envelopeFrom?: string;
  deliver?: number;
  generate?: unknown;
  expect: Expectation;
};

const fixtures: Fixture[] = readdirSync(FIXTURES)
  .filter((f) => /^\d{2}-.+\.json$/.test(f))
  .sort()
  .map((f) => ({
    name: f.replace(/\.json$/, ""),
    ...JSON.parse(readFileSync(path.join(FIXTURES, f), "utf8")),
  }));

let smtp: Awaited<ReturnType<typeof startSmtpIntake>>;
const placeholders: Record<string, string> = {};
const world = {} as {
  specialist: Awaited<ReturnType<typeof login>>;
  caseA: string;
  caseB: string;
  organizations: Map<string, string>;
  outboxBounceId: string;
};
// each fixture meets a new day: its sender has had no automatic mail and no burst yet
let day = Date.parse("2026-11-27T16:00:00Z");

const db = () => ctx.db.db;
const bare = (id: string) => id.replace(/^<|>$/g, "");
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/;

const send = async (raw: Buffer, envelopeFrom: string, shared?: Transporter) => {
  const transport =
    shared ??
    nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope: { from: envelopeFrom, to: [SUPPORT] }, raw });
    return { accepted: true, code: 250, response: info.response };
  } catch (error) {
    const e = error as { responseCode?: number; response?: string };
    return { accepted: false, code: e.responseCode ?? 0, response: e.response ?? String(error) };
  } finally {
    if (!shared) transport.close();
  }
};

const settle = async (since: Date) => {
  for (let i = 0; i < 400; i += 1) {
    const busy = await db()
      .selectFrom("inbound_mail")
      .select("id")
      .where("last_delivered_at", ">=", since)
      .where("status", "in", ["received", "processing"])
      .execute();
    if (busy.length === 0 && smtp.backlog() === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("mail intake did not settle");
};

const rowsSince = (since: Date) =>
  db()
    .selectFrom("inbound_mail")
    .selectAll()
    .where("last_delivered_at", ">=", since)
    .orderBy("received_at")
    .execute();

const autoRepliesTo = async (address: string, since: Date) =>
  db()
    .selectFrom("outbox")
    .select(["kind", "to_address"])
    .where("to_address", "=", address.toLowerCase())
    .where("kind", "in", ["acknowledgement", "refusal", "held_request"])
    .where("created_at", ">=", since)
    .execute();

const fromOf = (raw: Buffer) => {
  const head = raw.toString("latin1").split(/\r\n\r\n/)[0] ?? "";
  const from = /^From:.*?<?([^\s<>"]+@[^\s<>"]+)>?\s*$/im.exec(head.replace(/\r\n[ \t]+/g, " "));
  return from?.[1]?.toLowerCase() ?? "ana@municipio.example";
};

const checkCase = async (
  checks: CaseChecks,
  target: { caseId: string; inboundId: string; reply: boolean },
) => {
  const c = await db()
    .selectFrom("cases")
    .select(["subject", "description"])
    .where("id", "=", target.caseId)
    .executeTakeFirstOrThrow();
  const inbound = await db()
    .selectFrom("inbound_mail")
    .select(["raw", "html"])
    .where("id", "=", target.inboundId)
    .executeTakeFirstOrThrow();
  let body = c.description;
  let eventId: number | null = null;
  if (target.reply) {
    const event = await sql<{ id: number; body: string }>`
      SELECT id, body FROM case_events WHERE case_id = ${target.caseId} AND kind = 'reply'
        AND data ->> 'inboundMailId' = ${target.inboundId}`.execute(db());
    expect(event.rows).toHaveLength(1);
    body = event.rows[0]!.body;
    eventId = event.rows[0]!.id;
  } else {
    eventId = (
      await db()
        .selectFrom("case_events")
        .select("id")
        .where("case_id", "=", target.caseId)
        .where("kind", "=", "created")
        .executeTakeFirstOrThrow()
    ).id;
  }
  if (!target.reply) {
    if (checks.subjectContains) expect(c.subject).toContain(checks.subjectContains);
    for (const s of checks.subjectNotContains ?? [])
      expect(c.subject.toLowerCase()).not.toContain(s.toLowerCase());
    if (checks.subjectMaxLength) expect([...c.subject].length).toBeLessThanOrEqual(checks.subjectMaxLength);
    if (checks.subjectNonEmpty) expect(c.subject.trim().length).toBeGreaterThan(0);
  }
  for (const s of checks.descriptionContains ?? []) expect(body).toContain(s);
  for (const s of checks.descriptionNotContains ?? [])
    expect(body.toLowerCase()).not.toContain(s.toLowerCase());
  if (checks.originalContains) {
    const original = await simpleParser(inbound.raw);
    for (const s of checks.originalContains) expect(original.text ?? "").toContain(s);
  }
  for (const s of checks.htmlContains ?? []) expect(inbound.html ?? "").toContain(s);
  for (const s of checks.htmlNotContains ?? [])
    expect((inbound.html ?? "").toLowerCase()).not.toContain(s.toLowerCase());
  const files = await db()
    .selectFrom("case_attachments")
    .select(["filename", "content_type", "size_bytes", "sha256"])
    .where("case_id", "=", target.caseId)
    .where("event_id", "=", eventId)
    .execute();
  if (checks.attachmentCount !== undefined) expect(files).toHaveLength(checks.attachmentCount);
  const unused = [...files];
  for (const m of checks.attachments ?? []) {
    const index = unused.findIndex(
      (f) =>
        (m.filename === undefined || f.filename === m.filename) &&
        (m.filenameEndsWith === undefined || f.filename.endsWith(m.filenameEndsWith)) &&
        (m.contentType === undefined || f.content_type.toLowerCase() === m.contentType.toLowerCase()) &&
        (m.size === undefined || f.size_bytes === m.size) &&
        (m.sha256 === undefined || f.sha256 === m.sha256),
    );
    expect(
      index,
      `attachment ${JSON.stringify(m)} among ${JSON.stringify(files.map((f) => f.filename))}`,
    ).toBeGreaterThanOrEqual(0);
    unused.splice(index, 1);
  }
  for (const s of checks.attachmentsNot ?? []) {
    for (const f of files) expect(f.filename).not.toContain(s);
  }
  if (checks.attachmentFilenameMaxLength) {
    for (const f of files)
      expect(Buffer.byteLength(f.filename)).toBeLessThanOrEqual(checks.attachmentFilenameMaxLength);
  }
  for (const f of files) {
    expect(f.filename.length).toBeGreaterThan(0);
    expect([".", ".."]).not.toContain(f.filename);
    expect(f.filename).not.toMatch(/[/\\]/);
    expect(f.filename).not.toMatch(CONTROL);
    expect(f.filename).not.toMatch(BIDI);
  }
  expect(c.subject).not.toMatch(CONTROL);
  expect(body).not.toMatch(CONTROL);
};

beforeAll(async () => {
  ctx.clock.set("2026-11-27T15:00:00Z");
  await ctx.app.services.emailIntake.updateSettings(SYSTEM_ACTOR, {
    supportAddresses: [SUPPORT],
    trustedAuthServIds: ["mx.soporte.example"],
    autoRepliesPerAddressPerDay: 5,
    loopThreshold: { messages: 20, minutes: 10 },
    imap: null,
  });
  const services = ctx.app.services;
  const make = async (name: string, startDate: string) => {
    const c = await newCustomer(ctx.app, { planId: "extendido", startDate });
    await db().updateTable("organizations").set({ name }).where("id", "=", c.organizationId).execute();
    await db()
      .updateTable("customer_systems")
      .set({ name: "SIGAP producción" })
      .where("id", "=", c.systemId)
      .execute();
    return c;
  };
  const municipio = await make("Municipio de Prueba", "2026-06-01");
  const lapsado = await make("Lapsado S.A.", "2025-01-02");
  const otra = await make("Otra Organización", "2026-06-01");
  world.organizations = new Map([
    ["Municipio de Prueba", municipio.organizationId],
    ["Otra Organización", otra.organizationId],
  ]);
  const person = async (customer: typeof municipio, email: string, name: string, authorized: boolean) => {
    if (authorized) {
      const c = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD, name });
      await db().updateTable("users").set({ email }).where("id", "=", c.id).execute();
      return c.id;
    }
    const c = await services.organizations.createContact(SYSTEM_ACTOR, customer.organizationId, {
      name,
      email,
      preferredLanguage: "es-MX",
      password: PASSWORD,
    });
    return c.id;
  };
  await person(municipio, "ana@municipio.example", "Ana Pérez", true);
  await person(municipio, "luis@municipio.example", "Luis Gómez", false);
  await person(lapsado, "eva@lapsado.example", "Eva Ruiz", true);
  await person(otra, "bob@otra.example", "Bob Smith", true);
  await services.users.createStaffUser(SYSTEM_ACTOR, {
    name: "Especialista",
    email: "especialista@soporte.example",
    role: "specialist",
    preferredLanguage: "es-MX",
    password: PASSWORD,
  });
  const ana = await login("ana@municipio.example", PASSWORD, "10.90.0.1");
  const bob = await login("bob@otra.example", PASSWORD, "10.90.0.2");
  const specialist = await login("especialista@soporte.example", PASSWORD, "10.90.0.3");
  const a = (
    await request("POST", "/api/v1/cases", {
      session: ana,
      body: p1Report(municipio.systemId, { subject: "Caso A" }),
    })
  ).json();
  const b = (
    await request("POST", "/api/v1/cases", {
      session: bob,
      body: p1Report(otra.systemId, { subject: "Caso B" }),
    })
  ).json();
  world.caseA = a.id;
  world.specialist = specialist;
  world.caseB = b.id;
  await request("POST", `/api/v1/cases/${a.id}/replies`, {
    session: specialist,
    body: { body: "¿Puede reiniciar el servicio?" },
  });
  const outA = await db()
    .selectFrom("outbox")
    .select(["kind", "message_id"])
    .where("case_id", "=", a.id)
    .execute();
  placeholders.CASE_A = a.number;
  placeholders.CASE_B = b.number;
  placeholders.CASE_A_ROOT = bare(outA.find((m) => m.kind === "acknowledgement")!.message_id);
  placeholders.CASE_A_MSGID = bare(outA.find((m) => m.kind === "staff_reply")!.message_id);
  await db()
    .transaction()
    .execute((tx) =>
      services.notifications.onIntakeRefused(tx, {
        toAddress: "noexiste@municipio.example",
        name: null,
        locale: null,
        subject: "Prueba",
        inReplyTo: null,
      }),
    );
  const bounce = await db()
    .selectFrom("outbox")
    .select(["id", "message_id"])
    .where("to_address", "=", "noexiste@municipio.example")
    .executeTakeFirstOrThrow();
  world.outboxBounceId = bounce.id;
  placeholders.OUTBOX_MSGID = bare(bounce.message_id);
  // one outgoing message per delivery-status fixture, to the address its report names
  const sentTo = async (address: string) => {
    await db()
      .transaction()
      .execute((tx) =>
        services.notifications.onIntakeRefused(tx, {
          toAddress: address,
          name: null,
          locale: null,
          subject: "Prueba",
          inReplyTo: null,
        }),
      );
    // bounces come for mail that left: as if the outbox had sent it
    const row = await db()
      .updateTable("outbox")
      .set({ status: "sent", sent_at: new Date("2026-11-27T15:00:00Z") })
      .where("to_address", "=", address)
      .returning("message_id")
      .executeTakeFirstOrThrow();
    return bare(row.message_id);
  };
  placeholders.BOUNCE_MSGID = await sentTo("baja@municipio.example");
  placeholders.DELAY_MSGID = await sentTo("lenta@municipio.example");
  placeholders.LUIS_MSGID = await sentTo("luis@municipio.example");
  placeholders.PAIR_FAILED_MSGID = await sentTo("uno@municipio.example");
  placeholders.PAIR_DELIVERED_MSGID = await sentTo("dos@municipio.example");
  smtp = await startSmtpIntake({ intake: services.emailIntake, port: 0, host: "127.0.0.1" });
});

afterAll(async () => {
  await smtp?.stop();
});

describe("mail fixture corpus through the SMTP receiver", () => {
  it("has at least 40 fixtures, each with an expectation", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
  });

  for (const fixture of fixtures) {
    it(`${fixture.name}: ${fixture.description.slice(0, 90)}`, { timeout: 120_000 }, async () => {
      day += 25 * 3_600_000;
      ctx.clock.set(new Date(day));
      const since = new Date(day);
      const e = fixture.expect;
      const raws: Buffer[] = fixture.generate
        ? generateMessages(fixture.generate as Generate)
        : [readFileSync(path.join(FIXTURES, `${fixture.name}.eml`))];
      const deliveries = fixture.deliver ?? 1;
      const results: { accepted: boolean; code: number; messageRaw: Buffer }[] = [];
      const deliver = async (template: Buffer, shared?: Transporter) => {
        const raw: Buffer = applyPlaceholders(template, {
          ...placeholders,
          MSGID: `${randomBytes(8).toString("hex")}@cliente.example`,
        });
        const result = await send(raw, fixture.envelopeFrom ?? fromOf(raw), shared);
        results.push({ ...result, messageRaw: raw });
      };
      if (raws.length > 1) {
        // a burst: several connections at once, as a looping mail system would
        const pool = nodemailer.createTransport({
          host: "127.0.0.1",
          port: smtp.port,
          secure: false,
          ignoreTLS: true,
          pool: true,
          maxConnections: 4,
          maxMessages: Number.POSITIVE_INFINITY,
        });
        const queue = [...raws];
        await Promise.all(
          [1, 2, 3, 4].map(async () => {
            for (let next = queue.shift(); next; next = queue.shift()) await deliver(next, pool);
          }),
        );
        pool.close();
      } else {
        for (let d = 0; d < deliveries; d += 1) {
          await deliver(raws[0]!);
          if (deliveries > 1) await settle(since);
        }
      }
      // the receiver keeps running and answers the next message
      expect(smtp.backlog()).toBeGreaterThanOrEqual(0);
      if (e.smtp === "rejected") {
        for (const r of results) {
          expect(r.accepted).toBe(false);
          if (e.smtpCode) expect(r.code).toBe(e.smtpCode);
        }
        expect(await rowsSince(since)).toEqual([]);
        return;
      }
      for (const r of results) expect(r.accepted, `SMTP ${r.code}`).toBe(true);
      await settle(since);
      const rows = await rowsSince(since);
      // nothing lost: every accepted delivery is stored byte-exact (a repeated Message-ID counts once more)
      const stored = rows.reduce((n, r) => n + r.deliveries, 0);
      expect(stored).toBe(results.length);
      for (const r of results) {
        expect(rows.some((row) => Buffer.compare(row.raw, r.messageRaw) === 0 || row.deliveries > 1)).toBe(
          true,
        );
      }
      for (const row of rows) {
        expect(row.subject ?? "").not.toMatch(CONTROL);
        expect(row.html ?? "").not.toMatch(CONTROL);
      }
      const replies = await autoRepliesTo(fromOf(results[0]!.messageRaw), since);

      if (e.outcome === "mixed") {
        const opened = rows.filter((r) => r.outcome === "case_opened");
        expect(opened.length).toBeGreaterThan(0);
        expect(opened.length).toBeLessThanOrEqual(e.maxCasesOpened ?? 20);
        const rest = rows.filter((r) => r.outcome !== "case_opened");
        expect(rest.length).toBe(rows.length - opened.length);
        for (const r of rest) expect([r.status, r.outcome]).toEqual([e.restOutcome, e.restReason]);
        expect(replies.length).toBeLessThanOrEqual(e.maxAutoReplies ?? 5);
        return;
      }

      const row = rows[0]!;
      const statusOf: Record<string, string> = {
        case_opened: "processed",
        reply_added: "processed",
        refused: "processed",
        held: "processed",
        review: "review",
        ignored: "ignored",
      };
      expect(row.status, `${row.outcome}: ${row.detail}`).toBe(statusOf[e.outcome!]);
      if (e.outcome === "review" || e.outcome === "ignored") {
        expect(row.outcome).toBe(e.reason);
      } else {
        expect(row.outcome, row.detail ?? "").toBe(e.outcome);
      }
      if (e.repeat) {
        expect(row.deliveries).toBe(deliveries);
        expect(rows).toHaveLength(1);
      }
      if (e.outcome === "reply_added") {
        expect(row.case_id).toBe(e.caseRef === "CASE_A" ? world.caseA : world.caseB);
      }
      if (e.outcome === "case_opened") {
        expect(row.case_id).not.toBeNull();
        expect([world.caseA, world.caseB]).not.toContain(row.case_id);
        if (e.organization) {
          const c = await db()
            .selectFrom("cases")
            .select("organization_id")
            .where("id", "=", row.case_id!)
            .executeTakeFirstOrThrow();
          expect(c.organization_id).toBe(world.organizations.get(e.organization));
        }
      }
      for (const ref of e.notCaseRef ?? []) {
        const id = ref === "CASE_A" ? world.caseA : world.caseB;
        const touched = await sql<{ n: string }>`
          SELECT count(*) AS n FROM case_events WHERE case_id = ${id} AND at >= ${since}`.execute(db());
        expect(Number(touched.rows[0]!.n)).toBe(0);
      }
      if (e.outcome === "held") expect(row.held_request_id).not.toBeNull();
      if (e.case && row.case_id && (e.outcome === "case_opened" || e.outcome === "reply_added")) {
        await checkCase(e.case, {
          caseId: row.case_id,
          inboundId: row.id,
          reply: e.outcome === "reply_added",
        });
      }
      if (e.autoReply !== undefined) {
        expect(replies.length > 0, `automatic replies: ${JSON.stringify(replies)}`).toBe(e.autoReply);
        if (e.autoReply) expect(replies).toHaveLength(1);
      }
      if (e.autoReplyTo) {
        const to = await db()
          .selectFrom("outbox")
          .select("to_address")
          .where("kind", "in", ["acknowledgement", "refusal", "held_request"])
          .where("created_at", ">=", since)
          .execute();
        expect(to.map((t) => t.to_address)).toEqual([e.autoReplyTo.toLowerCase()]);
      }
      if (e.inboundReason !== undefined) expect(row.reason, row.detail ?? "").toBe(e.inboundReason);
      if (e.deskNote !== undefined && row.case_id) {
        const notes = await db()
          .selectFrom("case_events")
          .select(["visibility", "data"])
          .where("case_id", "=", row.case_id)
          .where("kind", "=", "foreign_thread_cited")
          .execute();
        expect(notes.length > 0).toBe(e.deskNote);
        // the note names, for staff only, a case of another organization than the new case's
        for (const note of notes) {
          expect(note.visibility).toBe("internal");
          const cited = await db()
            .selectFrom("cases")
            .select("organization_id")
            .where("number", "=", (note.data as { citedCaseNumber: string }).citedCaseNumber)
            .executeTakeFirstOrThrow();
          const opened = await db()
            .selectFrom("cases")
            .select("organization_id")
            .where("id", "=", row.case_id)
            .executeTakeFirstOrThrow();
          expect(cited.organization_id).not.toBe(opened.organization_id);
        }
      }
      if (e.bounces) {
        const bounced = await db()
          .selectFrom("outbox")
          .select(["message_id", "status", "bounce_status", "bounce_action", "bounce_recipient", "case_id"])
          .where("bounced_at", ">=", since)
          .execute();
        expect(bounced).toHaveLength(e.bounces.length);
        for (const b of e.bounces) {
          const mail = bounced.find((m) => bare(m.message_id) === placeholders[b.outbox]);
          expect(mail, b.outbox).toBeDefined();
          expect(mail).toMatchObject({
            status: b.outboxStatus,
            bounce_status: b.status,
            bounce_action: b.action,
            bounce_recipient: b.recipient,
          });
          const marked = await db()
            .selectFrom("undeliverable_addresses")
            .select("status")
            .where("address", "=", b.recipient)
            .where("since", ">=", since)
            .executeTakeFirst();
          expect(marked !== undefined, `${b.recipient} undeliverable`).toBe(b.undeliverable);
          const timeline = mail?.case_id
            ? await db()
                .selectFrom("case_events")
                .select("data")
                .where("case_id", "=", mail.case_id)
                .where("kind", "=", "mail_bounced")
                .where("at", ">=", since)
                .execute()
            : [];
          expect(timeline.length > 0, `${b.outbox} on its case timeline`).toBe(b.timeline);
        }
      }
      if (e.bounceMarksFailed !== undefined) {
        const out = await db()
          .selectFrom("outbox")
          .select("status")
          .where("id", "=", world.outboxBounceId)
          .executeTakeFirstOrThrow();
        expect(out.status === "failed").toBe(e.bounceMarksFailed);
      }
    });
  }
});

describe("addresses a bounce marked not deliverable", () => {
  const userId = async (email: string) =>
    (await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;

  it("show on the contact and on the case's requester; the desk clears them, audited; a customer may not", async () => {
    await db()
      .insertInto("undeliverable_addresses")
      .values({
        address: "ana@municipio.example",
        status: "5.1.1",
        diagnostic: "smtp; 550 5.1.1 unknown",
        since: new Date(day),
      })
      .onConflict((oc) => oc.column("address").doNothing())
      .execute();
    const specialist = await login("especialista@soporte.example", PASSWORD, "10.90.0.11");
    const luis = await userId("luis@municipio.example");
    const before = await request("GET", `/api/v1/contacts/${luis}`, { session: specialist });
    expect(before.json().mailUndeliverable).toMatchObject({ status: "5.2.2" });
    const caseA = await request("GET", `/api/v1/cases/${world.caseA}`, { session: specialist });
    expect(caseA.json().requester).toMatchObject({ mailUndeliverable: true });
    const ana = await login("ana@municipio.example", PASSWORD, "10.90.0.12");
    const refused = await request("DELETE", `/api/v1/contacts/${luis}/mail-undeliverable`, { session: ana });
    expect(refused.statusCode).toBe(403);
    const cleared = await request("DELETE", `/api/v1/contacts/${luis}/mail-undeliverable`, {
      session: specialist,
    });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().mailUndeliverable).toBeNull();
    const audit = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", luis)
      .where("action", "=", "contact.mail_delivery_cleared")
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("is deliverable again when mail from the address arrives", async () => {
    day += 25 * 3_600_000;
    ctx.clock.set(new Date(day));
    const raw = Buffer.from(
      [
        "From: Ana Pérez <ana@municipio.example>",
        `To: ${SUPPORT}`,
        "Subject: Sigo sin poder entrar",
        `Message-ID: <vuelta-${randomBytes(6).toString("hex")}@municipio.example>`,
        "Content-Type: text/plain; charset=utf-8",
        "",
        "El sistema sigue sin responder.",
        "",
      ].join("\r\n"),
    );
    expect((await send(raw, "ana@municipio.example")).accepted).toBe(true);
    await settle(new Date(day));
    const marked = await db()
      .selectFrom("undeliverable_addresses")
      .select("address")
      .where("address", "=", "ana@municipio.example")
      .execute();
    expect(marked).toEqual([]);
  });
});

describe("replies by mail", () => {
  it("a customer's reply to a case waiting on the customer opens it again and resumes its clocks", async () => {
    day += 25 * 3_600_000;
    ctx.clock.set(new Date(day));
    // weeks of fixture days have passed: a fresh session
    world.specialist = await login("especialista@soporte.example", PASSWORD, "10.90.0.8");
    const current = (
      await request("GET", `/api/v1/cases/${world.caseA}`, { session: world.specialist })
    ).json();
    const waiting = await request("POST", `/api/v1/cases/${world.caseA}/status`, {
      session: world.specialist,
      body: { status: "waiting_on_customer", version: current.version },
    });
    expect(waiting.statusCode, waiting.body).toBe(200);
    ctx.clock.set(new Date(day + 3_600_000));
    const raw = Buffer.from(
      [
        "From: Ana Pérez <ana@municipio.example>",
        `To: ${SUPPORT}`,
        `Subject: Re: [${placeholders.CASE_A}] Caso A`,
        `Message-ID: <reanuda-${randomBytes(4).toString("hex")}@municipio.example>`,
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Aquí están los registros que pidieron.",
        "",
      ].join("\r\n"),
    );
    expect((await send(raw, "ana@municipio.example")).accepted).toBe(true);
    await settle(new Date(day + 3_600_000));
    const after = (
      await request("GET", `/api/v1/cases/${world.caseA}`, { session: world.specialist })
    ).json();
    expect(after.status).toBe("open");
    const timeline = (
      await request("GET", `/api/v1/cases/${world.caseA}/timeline`, { session: world.specialist })
    ).json().items as { kind: string; body: string; data: Record<string, unknown> }[];
    expect(timeline.at(-1)).toMatchObject({
      kind: "status_changed",
      data: { from: "waiting_on_customer", to: "open", channel: "email" },
    });
    expect(
      timeline.some((e) => e.kind === "reply" && e.body === "Aquí están los registros que pidieron."),
    ).toBe(true);
    // the original headers of that message are there for staff, not for customers
    const mailId = timeline.find((e) => e.body === "Aquí están los registros que pidieron.")!.data
      .inboundMailId as string;
    const headers = await request("GET", `/api/v1/cases/${world.caseA}/emails/${mailId}/headers`, {
      session: world.specialist,
    });
    expect(headers.json().headers).toContain("Subject: Re: [");
    const ana = await login("ana@municipio.example", PASSWORD, "10.90.0.9");
    expect(
      (await request("GET", `/api/v1/cases/${world.caseA}/emails/${mailId}/headers`, { session: ana }))
        .statusCode,
    ).toBe(403);
  });
});

describe("the incoming-mail list", () => {
  it("filters by what needs attention, and 'all' lists everything", async () => {
    const specialist = await login("especialista@soporte.example", PASSWORD, "10.90.0.7");
    const attention = (
      await request("GET", "/api/v1/inbound-mail?limit=200", { session: specialist })
    ).json();
    expect(attention.items.length).toBeGreaterThan(0);
    expect(attention.items.every((m: { status: string }) => ["review", "failed"].includes(m.status))).toBe(
      true,
    );
    const all = (
      await request("GET", "/api/v1/inbound-mail?filter=all&limit=200", { session: specialist })
    ).json();
    expect(all.items.some((m: { status: string }) => m.status === "processed")).toBe(true);
    expect(all.counts.processed).toBeGreaterThan(0);
    const one = await request("GET", `/api/v1/inbound-mail/${attention.items[0].id}`, {
      session: specialist,
    });
    expect(typeof one.json().raw).toBe("string");
    const ana = await login("ana@municipio.example", PASSWORD, "10.90.0.6");
    expect((await request("GET", "/api/v1/inbound-mail", { session: ana })).statusCode).toBe(403);
  });

  it("pages newest first with its cursor, neither repeating nor skipping a message", async () => {
    const specialist = await login("especialista@soporte.example", PASSWORD, "10.90.0.5");
    const everything = (
      await request("GET", "/api/v1/inbound-mail?filter=all&limit=200", { session: specialist })
    ).json();
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/inbound-mail?filter=all&limit=7${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await request("GET", url, { session: specialist })).json();
      paged.push(...page.items.map((m: { id: string }) => m.id));
      cursor = page.nextCursor;
    } while (cursor && paged.length < 200);
    // the first 200 in pages of 7 are the first 200 in one page
    expect(paged.slice(0, everything.items.length)).toEqual(
      everything.items.map((m: { id: string }) => m.id),
    );
    const received = everything.items.map((m: { receivedAt: string }) => m.receivedAt);
    expect(received).toEqual([...received].sort().reverse());
  });
});

describe("several stored messages in one transaction", () => {
  const stored = async (from: string, subject: string) => {
    const raw = Buffer.from(
      [
        `From: <${from}>`,
        `To: ${SUPPORT}`,
        `Subject: ${subject}`,
        `Message-ID: <lote-${randomBytes(6).toString("hex")}@example.org>`,
        "Content-Type: text/plain; charset=utf-8",
        "",
        `${subject}: el sistema no responde.`,
        "",
      ].join("\r\n"),
    );
    const origin = { source: "smtp" as const, detail: { mailFrom: from } };
    const { id } = await ctx.app.services.emailIntake.store(raw, origin);
    return { id, raw, origin };
  };
  const stateOf = async (id: string) => {
    const row = await db()
      .selectFrom("inbound_mail")
      .select(["status", "outcome", "case_id"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    const created = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM case_events
       WHERE kind = 'created' AND data ->> 'inboundMailId' = ${id}`.execute(db());
    return { ...row, cases: created.rows[0]!.n };
  };

  it("leaves out a sender whose lock another processor holds, for later; every message ends once", async () => {
    day += 25 * 3_600_000;
    ctx.clock.set(new Date(day));
    const batch = [
      await stored("ana@municipio.example", "Lote A1"),
      await stored("bob@otra.example", "Lote B1"),
      await stored("ana@municipio.example", "Lote A2"),
    ];
    const left = await db()
      .transaction()
      .execute(async (tx) => {
        await sql`SELECT pg_advisory_xact_lock(hashtextextended('bob@otra.example', 7331))`.execute(tx);
        return ctx.app.services.emailIntake.processStoredBatch(batch);
      });
    expect(left.map((m) => m.id)).toEqual([batch[1]!.id]);
    for (const message of [batch[0]!, batch[2]!])
      expect(await stateOf(message.id)).toMatchObject({
        status: "processed",
        outcome: "case_opened",
        cases: 1,
      });
    expect(await stateOf(batch[1]!.id)).toMatchObject({ status: "received", cases: 0 });
    expect(await ctx.app.services.emailIntake.processStoredBatch(left)).toEqual([]);
    for (const message of batch)
      expect(await stateOf(message.id)).toMatchObject({
        status: "processed",
        outcome: "case_opened",
        cases: 1,
      });
  });

  it("a message another processor finished undoes the batch; each of the others then goes on its own", async () => {
    const batch = [
      await stored("ana@municipio.example", "Lote C1"),
      await stored("ana@municipio.example", "Lote C2"),
      await stored("bob@otra.example", "Lote C3"),
    ];
    // the sweep of another process got to the second one first
    await db()
      .updateTable("inbound_mail")
      .set({ status: "review", outcome: "dismissed" })
      .where("id", "=", batch[1]!.id)
      .execute();
    expect(await ctx.app.services.emailIntake.processStoredBatch(batch)).toEqual([]);
    expect(await stateOf(batch[0]!.id)).toMatchObject({
      status: "processed",
      outcome: "case_opened",
      cases: 1,
    });
    expect(await stateOf(batch[1]!.id)).toMatchObject({ status: "review", outcome: "dismissed", cases: 0 });
    expect(await stateOf(batch[2]!.id)).toMatchObject({
      status: "processed",
      outcome: "case_opened",
      cases: 1,
    });
  });

  it("counts, for each message of a batch, the messages and automatic replies of the sender before it", async () => {
    day += 25 * 3_600_000;
    ctx.clock.set(new Date(day));
    const settings = {
      supportAddresses: [SUPPORT],
      trustedAuthServIds: ["mx.soporte.example"],
      autoRepliesPerAddressPerDay: 2,
      loopThreshold: { messages: 3, minutes: 10 },
      imap: null,
    };
    await ctx.app.services.emailIntake.updateSettings(SYSTEM_ACTOR, settings);
    try {
      const batch = [];
      for (const n of [1, 2, 3, 4]) batch.push(await stored("bob@otra.example", `Lote D${n}`));
      expect(await ctx.app.services.emailIntake.processStoredBatch(batch)).toEqual([]);
      const rows = await db()
        .selectFrom("inbound_mail")
        .select(["id", "outcome", "auto_replied"])
        .where(
          "id",
          "in",
          batch.map((m) => m.id),
        )
        .execute();
      const byId = new Map(rows.map((r) => [r.id, [r.outcome, r.auto_replied]]));
      // the same as one at a time: two acknowledgements, then none; the fourth crosses the loop guard
      expect(batch.map((m) => byId.get(m.id))).toEqual([
        ["case_opened", true],
        ["case_opened", true],
        ["case_opened", false],
        ["loop_suspected", false],
      ]);
    } finally {
      await ctx.app.services.emailIntake.updateSettings(SYSTEM_ACTOR, {
        ...settings,
        autoRepliesPerAddressPerDay: 5,
        loopThreshold: { messages: 20, minutes: 10 },
      });
    }
  });
});

describe("the acknowledgement of a case opened by mail", () => {
  it("answers in the contact's language with the case number, due time and the checklist request", async () => {
    day += 25 * 3_600_000;
    ctx.clock.set(new Date(day));
    const raw = Buffer.from(
      [
        "From: Ana Pérez <ana@municipio.example>",
        `To: ${SUPPORT}`,
        "Subject: Acuse de prueba",
        `Message-ID: <acuse-${randomBytes(6).toString("hex")}@municipio.example>`,
        "Content-Type: text/plain; charset=utf-8",
        "",
        "La nómina no calcula.",
        "",
      ].join("\r\n"),
    );
    const origin = { source: "smtp" as const, detail: { mailFrom: "ana@municipio.example" } };
    const { id } = await ctx.app.services.emailIntake.store(raw, origin);
    expect(await ctx.app.services.emailIntake.processStored({ id, raw, origin })).toBe("case_opened");
    const opened = await db()
      .selectFrom("inbound_mail as m")
      .innerJoin("cases as c", "c.id", "m.case_id")
      .select(["c.id", "c.number", "c.thread_token", "c.response_due_at"])
      .where("m.id", "=", id)
      .executeTakeFirstOrThrow();
    const [ack, ...more] = await db()
      .selectFrom("outbox")
      .selectAll()
      .where("case_id", "=", opened.id)
      .where("kind", "=", "acknowledgement")
      .execute();
    expect(more).toEqual([]);
    expect(ack).toMatchObject({
      to_address: "ana@municipio.example",
      locale: "es-MX",
      subject: `[${opened.number}] Recibimos su caso: Acuse de prueba`,
      in_reply_to: null,
    });
    expect(ack!.message_id).toBe(`<${opened.number.toLowerCase()}.${opened.thread_token}@soporte.example>`);
    expect(ack!.text_body).toContain("Hola, Ana Pérez");
    expect(ack!.text_body).toContain("prioridad preliminar P2");
    const due = new Intl.DateTimeFormat("es-MX", {
      timeZone: "America/Mexico_City",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    }).format(opened.response_due_at);
    expect(ack!.text_body).toContain(due);
    expect(ack!.text_body).toContain("confírmenos por favor que los componentes asociados");
  });
});
