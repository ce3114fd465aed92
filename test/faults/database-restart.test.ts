/**
 * Fault scenario (3): PostgreSQL restarts under a server taking portal cases over HTTP and mail over SMTP.
 * During the outage requests get a prompt 503 problem+json (no hang, no crash) and the mail server is told to
 * try again later; afterwards the server carries on by itself, and everything acknowledged is stored once.
 */
import { rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { systemClock } from "../../src/server/platform/clock";
import { loadConfig } from "../../src/server/platform/config";
import { openDatabase } from "../../src/server/platform/db";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "../../src/server/platform/embedded-database";
import { migrate } from "../../src/server/platform/migrate";
import { createServices } from "../../src/server/services";
import { freePort, type Server, startServer, tempDir } from "../cli/process-helpers";
import { newAuthorizedContact, newCustomer } from "../harness/case-fixtures";
import { startSmtpReceiver } from "../harness/smtp-receiver";
import { burstMailSettings, openPortalCase, PASSWORD, reportCounts, signInOverHttp } from "./support";

const SUPPORT = "soporte@soporte.example";
const dirs: string[] = [];
let pgDir = "";
let pgPort = 0;
let postgres: EmbeddedDatabase | null = null;
let handle: ReturnType<typeof openDatabase> | null = null;
let server: Server | null = null;
let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;

const startPostgres = async () => {
  postgres = await startEmbeddedDatabase({ dataDir: pgDir, port: pgPort });
  return postgres;
};

beforeAll(async () => {
  pgDir = await tempDir("soporte-pg-restart-");
  dirs.push(pgDir);
  pgPort = await freePort();
  const pg = await startPostgres();
  await migrate(pg.url);
  receiver = await startSmtpReceiver();
  handle = openDatabase(pg.url, { max: 4 });
});

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  await handle?.close();
  await postgres?.stop();
  await receiver?.stop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("fault: the database restarts", () => {
  it("(3) PostgreSQL restarted during a mail burst and an API burst: 503 meanwhile, then carries on, nothing acknowledged lost", async () => {
    const services = createServices({
      config: loadConfig({
        DATA_DIR: "/tmp/soporte-unused",
        DATABASE_URL: postgres!.url,
        MAIL_FROM: SUPPORT,
      }),
      db: handle!.db,
      clock: systemClock,
    });
    const customer = await newCustomer({ services });
    const contact = await newAuthorizedContact({ services }, customer, { password: PASSWORD });
    await services.emailIntake.updateSettings(SYSTEM_ACTOR, burstMailSettings(SUPPORT));
    const intakePort = await freePort();
    const dir = await tempDir("soporte-pg-restart-server-");
    dirs.push(dir);
    server = await startServer({
      DATABASE_URL: postgres!.url,
      DATA_DIR: dir,
      SMTP_URL: receiver.url,
      MAIL_INTAKE_PORT: String(intakePort),
      MAIL_INTAKE_HOST: "127.0.0.1",
      MAIL_FROM: `Soporte <${SUPPORT}>`,
      TRUST_PROXY: "true",
    });
    const session = await signInOverHttp(server.port, contact.email, 0);

    let running = true;
    let outage: { from: number; to: number } | null = null;
    // the API burst: one case after another, 4 at a time, each answer timed
    const api: { status: number; id: string | null; ms: number; at: number; problem: string | null }[] = [];
    let apiSent = 0;
    const apiBurst = Promise.all(
      [0, 1, 2, 3].map(async (lane) => {
        for (let i = 0; running; i++) {
          const started = Date.now();
          apiSent += 1;
          const answer = await openPortalCase(
            server!.port,
            session,
            customer.systemId,
            `Reinicio ${lane}-${i}`,
          ).catch((error: Error) => ({
            status: 0,
            id: null,
            number: null,
            problem: `no answer: ${String(error.cause)}`,
          }));
          api.push({ ...answer, ms: Date.now() - started, at: started });
          await sleep(40);
        }
      }),
    );
    // the mail burst: a mail server that tries again until it is answered 250
    const transport = nodemailer.createTransport({
      host: "127.0.0.1",
      port: intakePort,
      secure: false,
      ignoreTLS: true,
      connectionTimeout: 3_000,
      socketTimeout: 10_000,
    });
    let mailSent = 0;
    let mailAccepted = 0;
    let mailDeferred = 0;
    const mailBurst = (async () => {
      for (let i = 0; running; i++) {
        mailSent += 1;
        const raw = [
          `From: Contacto <${contact.email}>`,
          `To: ${SUPPORT}`,
          `Subject: Correo durante el reinicio ${i}`,
          `Message-ID: <reinicio-${i}@municipio.example>`,
          "Date: Sun, 06 Dec 2026 10:00:00 -0600",
          "MIME-Version: 1.0",
          "Content-Type: text/plain; charset=utf-8",
          "",
          `Mensaje ${i}.`,
          "",
        ].join("\r\n");
        for (let tries = 0; tries < 100; tries++) {
          try {
            await transport.sendMail({ envelope: { from: contact.email, to: [SUPPORT] }, raw });
            mailAccepted += 1;
            break;
          } catch {
            mailDeferred += 1;
            await sleep(300);
          }
        }
        await sleep(60);
      }
    })();

    await sleep(2_500);
    const from = Date.now();
    await postgres!.stop();
    await sleep(4_000);
    await startPostgres();
    outage = { from, to: Date.now() };
    await sleep(6_000);
    running = false;
    await Promise.all([apiBurst, mailBurst]);
    transport.close();

    expect(server.child.exitCode, server.output()).toBeNull();
    const acknowledged = api.filter((a) => a.status === 201);
    const refused = api.filter((a) => a.status !== 201);
    // during the outage: 503 problem+json, promptly; never a 500, a hang or a lost connection
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused.map((a) => `${a.status} ${a.problem}`))).toEqual(
      new Set(["503 application/problem+json service_unavailable"]),
    );
    expect(Math.max(...api.map((a) => a.ms))).toBeLessThan(10_000);
    // after it: cases are taken again without a restart of the server
    expect(acknowledged.some((a) => a.at > outage!.to + 1_000)).toBe(true);

    const stored = await sql<{ id: string; subject: string }>`
      SELECT id, subject FROM cases WHERE subject LIKE 'Reinicio %'`.execute(handle!.db);
    const ids = new Set(stored.rows.map((r) => r.id));
    const lost = acknowledged.filter((a) => !ids.has(a.id!)).length;
    const duplicated = stored.rows.length - new Set(stored.rows.map((r) => r.subject)).size;
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);

    // every mail answered 250 is stored once and ends processed (a case each)
    const deadline = Date.now() + 30_000;
    const inbound = async () =>
      (
        await sql<{ status: string; n: number }>`
          SELECT status, count(*)::int AS n FROM inbound_mail GROUP BY status`.execute(handle!.db)
      ).rows;
    while (Date.now() < deadline) {
      const rows = await inbound();
      const done = rows.filter((r) => r.status !== "received" && r.status !== "processing");
      if (done.reduce((n, r) => n + r.n, 0) >= mailAccepted) break;
      await sleep(250);
    }
    const mailCases = await sql<{ subject: string; n: number }>`
      SELECT subject, count(*)::int AS n FROM cases WHERE subject LIKE 'Correo durante el reinicio %' GROUP BY subject`.execute(
      handle!.db,
    );
    const inboundRows = await sql<{ message_id: string; n: number }>`
      SELECT message_id, count(*)::int AS n FROM inbound_mail GROUP BY message_id`.execute(handle!.db);
    expect(inboundRows.rows).toHaveLength(mailAccepted);
    expect(inboundRows.rows.every((r) => r.n === 1)).toBe(true);
    expect(mailCases.rows).toHaveLength(mailAccepted);
    expect(mailCases.rows.every((r) => r.n === 1)).toBe(true);

    await reportCounts("3 PostgreSQL restarted under an API and a mail burst", {
      sent: apiSent + mailSent,
      acknowledged: acknowledged.length + mailAccepted,
      stored: stored.rows.length + mailCases.rows.length,
      duplicated: duplicated + mailCases.rows.filter((r) => r.n > 1).length,
      lost: lost + (mailAccepted - mailCases.rows.length),
      "503 answers": refused.length,
      "mail deferred and retried": mailDeferred,
      "outage ms": outage.to - outage.from,
    });
  });
});
