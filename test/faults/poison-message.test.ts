/**
 * Fault scenario (8): a poison message — one whose processing throws, every time — reaches the mail intake
 * of a `soporte serve` process by SMTP among a burst of normal ones. The fault is injected at the database:
 * a trigger of this test's database raises for a case whose subject carries a marker. The poison is tried
 * MAX_ATTEMPTS times, waiting between attempts, then listed for review (failed, with its error); meanwhile
 * every other message of the burst becomes its case or its reply, once, without waiting for it. A message
 * whose processors die with it (the lease lapses) is given up on after the same number of attempts.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { inboundMailSummarySchema } from "../../src/api/email";
import { MAX_ATTEMPTS } from "../../src/server/modules/email-intake/intake-message.service";
import { freePort, type Server } from "../cli/process-helpers";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { startSmtpReceiver } from "../harness/smtp-receiver";
import {
  burstMailSettings,
  faultStage,
  PASSWORD,
  reportCounts,
  SYSTEM_ACTOR,
  signInOverHttp,
} from "./support";

const MESSAGES = 60;
const REPLIES_EVERY = 5; // every 5th message replies to its sender's organization's case
const POISON = new Set([7, 33]);
const MARKER = "VENENO-8";
const SUPPORT = "soporte@soporte.example";
const ADMIN = "admin@buzon.example";

let stage: Awaited<ReturnType<typeof faultStage>>;
let outgoing: Awaited<ReturnType<typeof startSmtpReceiver>>;
let intakePort = 0;
let server: Server;
const senders: { email: string; caseNumber: string }[] = [];

const message = (i: number) => {
  const sender = senders[i % senders.length]!;
  const subject = POISON.has(i)
    ? `Falla ${MARKER} número ${i}`
    : i % REPLIES_EVERY === 0
      ? `Re: [${sender.caseNumber}] seguimiento ${i}`
      : `Falla número ${i}`;
  return [
    `From: <${sender.email}>`,
    `To: ${SUPPORT}`,
    `Subject: ${subject}`,
    `Message-ID: <veneno-${i}@municipio.example>`,
    "Date: Fri, 27 Nov 2026 17:00:00 -0600",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    `Mensaje ${i} de la ráfaga.`,
    "",
  ].join("\r\n");
};

/** Sends every message over 4 connections; returns how many were answered 250. */
const sendAll = async (indexes: number[]) => {
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: intakePort,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 4,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  let accepted = 0;
  const queue = [...indexes];
  await Promise.all(
    [1, 2, 3, 4].map(async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const from = senders[i % senders.length]!.email;
        await transport.sendMail({ envelope: { from, to: [SUPPORT] }, raw: message(i) });
        accepted += 1;
      }
    }),
  );
  transport.close();
  return accepted;
};

type Row = {
  message_id: string;
  status: string;
  outcome: string | null;
  attempts: number;
  reason: string | null;
  error: string | null;
};
const inbound = async () =>
  (
    await sql<Row>`
      SELECT message_id, status, outcome, attempts, reason, reason_params ->> 'error' AS error
      FROM inbound_mail`.execute(stage.database.db)
  ).rows;
const isPoison = (r: Row) => /^veneno-(7|33)@/.test(r.message_id);

beforeAll(async () => {
  stage = await faultStage();
  outgoing = await startSmtpReceiver();
  intakePort = await freePort();
  const { services } = stage;
  await services.emailIntake.updateSettings(
    SYSTEM_ACTOR,
    burstMailSettings(SUPPORT, { autoRepliesPerAddressPerDay: 100 }),
  );
  // two organizations, two contacts each; each organization has a case its contacts reply to
  for (let c = 0; c < 2; c++) {
    const customer = await newCustomer({ services }, { startDate: "2026-06-01" });
    const contacts = [
      await newAuthorizedContact({ services }, customer, { password: PASSWORD }),
      await newAuthorizedContact({ services }, customer, { password: PASSWORD }),
    ];
    const opened = await services.cases.openCase(
      SYSTEM_ACTOR,
      {
        ...p1Report(customer.systemId, { subject: `Caso de la ráfaga ${c}` }),
        requesterId: contacts[0]!.id,
      } as never,
      "phone",
    );
    if (opened.outcome !== "opened") throw new Error("no case");
    for (const contact of contacts) senders.push({ email: contact.email, caseNumber: opened.case.number });
  }
  await services.users.createStaffUser(SYSTEM_ACTOR, {
    name: "Administradora del buzón",
    email: ADMIN,
    role: "admin",
    preferredLanguage: "es-MX",
    password: PASSWORD,
  });
  // the fault: opening a case whose subject carries the marker raises, whoever tries it, however often
  await sql`
    CREATE FUNCTION poison_case() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.subject LIKE ${sql.lit(`%${MARKER}%`)} THEN
        RAISE EXCEPTION 'veneno de prueba: %', NEW.subject;
      END IF;
      RETURN NEW;
    END $$`.execute(stage.database.db);
  await sql`CREATE TRIGGER poison_case BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION poison_case()`.execute(
    stage.database.db,
  );
});

afterAll(async () => {
  await stage?.stopAll();
  await outgoing?.stop();
});

describe("fault: a poison message in the mail intake", () => {
  it("(8) a message that always throws is tried 5 times, then listed for review; the other 58 go through once", async () => {
    server = await stage.serve({
      SMTP_URL: outgoing.url,
      MAIL_INTAKE_PORT: String(intakePort),
      MAIL_INTAKE_HOST: "127.0.0.1",
      MAIL_FROM: `Soporte <${SUPPORT}>`,
    });
    const all = Array.from({ length: MESSAGES }, (_, i) => i + 1);
    const started = Date.now();
    const accepted = await sendAll(all);
    expect(accepted).toBe(MESSAGES);

    // the others are done while the poison is still waiting for its next attempts
    let othersDoneAt = 0;
    let poisonAtThatTime: Row[] = [];
    const poisonStates = new Set<string>();
    const deadline = Date.now() + 35_000;
    for (;;) {
      const rows = await inbound();
      const poison = rows.filter(isPoison);
      for (const r of poison) poisonStates.add(`${r.status}/${r.attempts}`);
      if (
        !othersDoneAt &&
        rows.length === MESSAGES &&
        rows.filter((r) => !isPoison(r)).every((r) => r.status === "processed")
      ) {
        othersDoneAt = Date.now();
        poisonAtThatTime = poison;
      }
      if (othersDoneAt && poison.every((r) => r.status === "failed")) break;
      if (Date.now() > deadline) break;
      await sleep(100);
    }
    const settledAt = Date.now();
    expect(othersDoneAt).toBeGreaterThan(0);
    // not given up yet: waiting for an attempt (a batch the poison undid leaves it received for a moment)
    expect(poisonAtThatTime).toHaveLength(2);
    expect(poisonAtThatTime.every((r) => r.status === "processing" || r.status === "received")).toBe(true);
    expect(poisonAtThatTime.every((r) => r.attempts < MAX_ATTEMPTS)).toBe(true);
    // between attempts it waits (processing, its lease lapsing later), showing the error
    for (let n = 1; n < MAX_ATTEMPTS; n++) expect(poisonStates).toContain(`processing/${n}`);

    const rows = await inbound();
    expect(rows).toHaveLength(MESSAGES);
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(MESSAGES);
    const poison = rows.filter(isPoison);
    expect(poison.map((r) => [r.status, r.attempts, r.reason])).toEqual([
      ["failed", MAX_ATTEMPTS, "processing_error"],
      ["failed", MAX_ATTEMPTS, "processing_error"],
    ]);
    for (const r of poison) expect(r.error).toContain(`veneno de prueba: Falla ${MARKER}`);

    // the desk's review list (the incoming-mail screen's default filter) shows both, with their error
    const admin = await signInOverHttp(server.port, ADMIN, 1);
    const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/inbound-mail?filter=attention`, {
      headers: { cookie: admin.cookie },
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: z.infer<typeof inboundMailSummarySchema>[] };
    const listed = page.items.map((m) => [m.messageId, m.status, m.attempts, m.reason]).sort();
    expect(listed).toEqual(
      [...POISON]
        .map((i) => [`veneno-${i}@municipio.example`, "failed", MAX_ATTEMPTS, "processing_error"])
        .sort(),
    );
    for (const m of page.items) expect(m.reasonParams.error).toContain(`veneno de prueba: Falla ${MARKER}`);

    // every other message became its case or its reply, once
    const others = rows.filter((r) => !isPoison(r));
    const replies = others.filter((r) => r.outcome === "reply_added").length;
    const opened = others.filter((r) => r.outcome === "case_opened").length;
    expect(replies).toBe(MESSAGES / REPLIES_EVERY);
    expect(opened).toBe(MESSAGES - MESSAGES / REPLIES_EVERY - POISON.size);
    const made = (
      await sql<{ mail: string; n: number }>`
        SELECT data ->> 'inboundMailId' AS mail, count(*)::int AS n FROM case_events
        WHERE kind IN ('created', 'reply') AND data ? 'inboundMailId' GROUP BY 1`.execute(stage.database.db)
    ).rows;
    const duplicated = made.filter((r) => r.n > 1).length;
    const lost = others.length - made.length;
    expect(made).toHaveLength(others.length);
    expect(duplicated).toBe(0);
    const emailCases = Number(
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases WHERE channel = 'email'`.execute(
          stage.database.db,
        )
      ).rows[0]!.n,
    );
    expect(emailCases).toBe(opened);

    console.info(
      `poison message: the others done ${((othersDoneAt - started) / 1000).toFixed(1)} s after the first was sent, the poison listed for review at ${((settledAt - started) / 1000).toFixed(1)} s`,
    );
    await reportCounts("8 poison message in the mail intake", {
      sent: MESSAGES,
      acknowledged: accepted,
      stored: rows.length,
      duplicated,
      lost,
      poison: poison.length,
      "poison attempts": Math.max(...poison.map((r) => r.attempts)),
      "listed for review": page.items.length,
      cases: opened,
      replies,
    });
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it("a message whose processors die with it is given up on after the same attempts, not taken again", async () => {
    const { services, database } = stage;
    const store = (i: number) =>
      services.emailIntake.store(Buffer.from(message(i)), {
        source: "smtp",
        detail: { mailFrom: senders[0]!.email, rcptTo: [SUPPORT] },
      });
    // both were taken and their processors died: one on its last attempt, one with an attempt left
    const spent = await store(101);
    const left = await store(102);
    for (const [id, attempts] of [
      [spent.id, MAX_ATTEMPTS],
      [left.id, MAX_ATTEMPTS - 1],
    ] as const) {
      await database.db
        .updateTable("inbound_mail")
        .set({ status: "processing", attempts, locked_until: new Date(Date.now() - 1_000) })
        .where("id", "=", id)
        .execute();
    }
    expect(await services.emailIntake.sweep({ graceSeconds: 30, limit: 100 })).toBe(1);
    const rows = await database.db
      .selectFrom("inbound_mail")
      .select(["id", "status", "outcome", "attempts", "reason"])
      .where("id", "in", [spent.id, left.id])
      .execute();
    expect(rows.find((r) => r.id === spent.id)).toMatchObject({
      status: "failed",
      attempts: MAX_ATTEMPTS,
      reason: "processing_abandoned",
    });
    expect(rows.find((r) => r.id === left.id)).toMatchObject({
      status: "processed",
      outcome: "case_opened",
      attempts: MAX_ATTEMPTS,
    });
  });
});
