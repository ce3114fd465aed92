/**
 * kill -9 of the server while it takes in a batch of 500 messages by SMTP; the sending side retries what
 * was not answered 250, as a mail server does. After a restart every message ends as exactly one case or
 * one reply: none lost, none doubled.
 */
import { rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { loadConfig } from "../../src/server/platform/config";
import { createServices } from "../../src/server/services";
import { freePort, type Server, startServer, tempDir } from "../cli/process-helpers";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { startSmtpReceiver } from "../harness/smtp-receiver";
import { createTestDatabase } from "../harness/test-database";
import { burstMailSettings, reportCounts } from "./support";

const MESSAGES = 500;
const REPLIES_EVERY = 5; // every 5th message replies to an existing case
const SUPPORT = "soporte@soporte.example";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let outgoing: Awaited<ReturnType<typeof startSmtpReceiver>>;
const dirs: string[] = [];
let server: Server | null = null;
let intakePort = 0;
let anaEmail = "";
let caseNumber = "";

const env = async () => {
  const dir = await tempDir("soporte-mail-crash-");
  dirs.push(dir);
  return {
    DATABASE_URL: database.url,
    SMTP_URL: outgoing.url,
    DATA_DIR: dir,
    MAIL_INTAKE_PORT: String(intakePort),
    MAIL_INTAKE_HOST: "127.0.0.1",
    MAIL_FROM: `Soporte <${SUPPORT}>`,
  };
};

const message = (i: number) =>
  [
    `From: Ana Pérez <${anaEmail}>`,
    `To: ${SUPPORT}`,
    i % REPLIES_EVERY === 0 ? `Subject: Re: [${caseNumber}] seguimiento ${i}` : `Subject: Falla número ${i}`,
    `Message-ID: <lote-${i}@municipio.example>`,
    "Date: Fri, 27 Nov 2026 17:00:00 -0600",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    `Mensaje ${i} del lote.`,
    "",
  ].join("\r\n");

/** Sends every message, 4 at a time; returns the indexes not answered 250 (to retry later). */
const sendAll = async (indexes: number[], onAccepted?: (count: number) => void) => {
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: intakePort,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 4,
    maxMessages: Number.POSITIVE_INFINITY,
    connectionTimeout: 3_000,
    socketTimeout: 5_000,
  });
  const failed: number[] = [];
  let accepted = 0;
  const queue = [...indexes];
  await Promise.all(
    [1, 2, 3, 4].map(async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        try {
          await transport.sendMail({ envelope: { from: anaEmail, to: [SUPPORT] }, raw: message(i) });
          accepted += 1;
          onAccepted?.(accepted);
        } catch {
          failed.push(i);
        }
      }
    }),
  );
  transport.close();
  return failed;
};

beforeAll(async () => {
  database = await createTestDatabase();
  outgoing = await startSmtpReceiver();
  intakePort = await freePort();
  const config = loadConfig({
    DATA_DIR: "/tmp/soporte-unused",
    DATABASE_URL: database.url,
    MAIL_FROM: `Soporte <${SUPPORT}>`,
  });
  const services = createServices({ config, db: database.db, clock: { now: () => new Date() } });
  const customer = await newCustomer({ services }, { startDate: "2026-06-01" });
  const ana = await newAuthorizedContact({ services }, customer, {
    password: "correct horse battery staple",
  });
  anaEmail = ana.email;
  await services.emailIntake.updateSettings(SYSTEM_ACTOR, burstMailSettings(SUPPORT));
  const opened = await services.cases.openCase(
    SYSTEM_ACTOR,
    { ...p1Report(customer.systemId, { subject: "Caso del lote" }), requesterId: ana.id } as never,
    "phone",
  );
  if (opened.outcome !== "opened") throw new Error("no case");
  caseNumber = opened.case.number;
}, 120_000);

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  await outgoing?.stop();
  await database?.drop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("mail intake across kill -9", () => {
  it("ends every one of 500 messages as exactly one case or reply", { timeout: 240_000 }, async () => {
    server = await startServer(await env());
    const victim = server;
    let killed = false;
    const all = Array.from({ length: MESSAGES }, (_, i) => i + 1);
    let pending = await sendAll(all, (count) => {
      if (count === 150 && !killed) {
        killed = true;
        victim.child.kill("SIGKILL");
      }
    });
    await victim.exited;
    expect(killed).toBe(true);
    expect(pending.length).toBeGreaterThan(0);
    // some messages were stored and answered before the kill; some were in flight, unanswered
    const storedBeforeRestart = Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM inbound_mail`.execute(database.db)).rows[0]!.n,
    );
    expect(storedBeforeRestart).toBeLessThan(MESSAGES);

    server = await startServer(await env());
    // the sending servers retry what was not acknowledged, until all are
    for (let round = 0; pending.length > 0 && round < 5; round += 1) pending = await sendAll(pending);
    expect(pending).toEqual([]);

    const settled = async () =>
      Number(
        (
          await sql<{ n: string }>`
            SELECT count(*) AS n FROM inbound_mail WHERE status IN ('received', 'processing')`.execute(
            database.db,
          )
        ).rows[0]!.n,
      ) === 0;
    const deadline = Date.now() + 90_000;
    while (!(await settled()) && Date.now() < deadline) await sleep(500);
    expect(await settled()).toBe(true);

    const rows = (
      await sql<{ message_id: string; status: string; outcome: string; case_id: string | null }>`
        SELECT message_id, status, outcome, case_id FROM inbound_mail`.execute(database.db)
    ).rows;
    // none lost: one stored row per message
    expect(rows).toHaveLength(MESSAGES);
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(MESSAGES);
    for (const r of rows) expect([r.status, r.outcome]).toEqual(expect.arrayContaining(["processed"]));
    const replies = rows.filter((r) => r.outcome === "reply_added");
    const opened = rows.filter((r) => r.outcome === "case_opened");
    expect(replies).toHaveLength(MESSAGES / REPLIES_EVERY);
    expect(opened).toHaveLength(MESSAGES - MESSAGES / REPLIES_EVERY);

    // none doubled: each message made exactly one case or one reply
    const created = await sql<{ mail: string; n: string }>`
      SELECT data ->> 'inboundMailId' AS mail, count(*) AS n FROM case_events
      WHERE kind IN ('created', 'reply') AND data ? 'inboundMailId' GROUP BY 1`.execute(database.db);
    expect(created.rows).toHaveLength(MESSAGES);
    expect(created.rows.every((r) => Number(r.n) === 1)).toBe(true);
    const cases = Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM cases WHERE channel = 'email'`.execute(database.db))
        .rows[0]!.n,
    );
    expect(cases).toBe(MESSAGES - MESSAGES / REPLIES_EVERY);
    await reportCounts("mail intake killed -9 mid-burst (SMTP)", {
      sent: MESSAGES,
      acknowledged: MESSAGES,
      stored: rows.length,
      duplicated: created.rows.filter((r) => Number(r.n) > 1).length,
      lost: MESSAGES - created.rows.length,
      "stored before the kill": storedBeforeRestart,
    });
  });
});
