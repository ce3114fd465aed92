/**
 * Fault scenario (7): the IMAP server goes down under a real `soporte serve` process and comes back on the
 * same port. Mail keeps arriving in the mailbox meanwhile (straight into the maildir, as the local delivery
 * agent does); the server stays up and quiet (health 200, little CPU), polls again by itself once the IMAP
 * server is back, and every message — from before, during and after the outage — opens exactly one case.
 * Then a restart of the IMAP server in the middle of taking a burst: the messages stored but not yet moved
 * are fetched again and recognised, none opens a second case.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { type RawBuilder, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/server/platform/config";
import { createServices } from "../../src/server/services";
import type { Server } from "../cli/process-helpers";
import { type Dovecot, startDovecot } from "../harness/dovecot";
import { startSmtpReceiver } from "../harness/smtp-receiver";
import {
  burstMailSettings,
  customersWithContacts,
  dovecotMailbox,
  faultStage,
  reportCounts,
  SYSTEM_ACTOR,
  waitFor,
} from "./support";

const SUPPORT = "soporte@soporte.example";
const MAILBOX_USER = "soporte";
const MAILBOX_PASSWORD = "buzón-caído";
// one key for this process and the server: the stored IMAP password is sealed with it
const SECRETS_KEY = randomBytes(32).toString("hex");
const SENDERS = 6;
// messages delivered before the outage, while the IMAP server is down, once it is back, and the burst cut
// by a restart
const PHASES = { before: 5, during: 5, after: 5, burst: 200 } as const;
// long enough for the intake to fail to reconnect twice (at once, then after its pause of 5 s)
const OUTAGE_MS = 6_000;

let stage: Awaited<ReturnType<typeof faultStage>>;
let outgoing: Awaited<ReturnType<typeof startSmtpReceiver>>;
let dovecot: Dovecot;
let server: Server;
let senders: string[];

const mail = (i: number) =>
  [
    `From: ${senders[i % SENDERS]}`,
    `To: ${SUPPORT}`,
    `Subject: Falla con el servidor de correo caído ${i}`,
    `Message-ID: <imap-down-${i}@cliente.example>`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    `El sistema no responde (mensaje ${i}).`,
    "",
  ].join("\r\n");

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

const count = async (query: RawBuilder<unknown>) =>
  Number(((await query.execute(stage.database.db)).rows[0] as { n: string }).n);

/** Messages stored and finished (processed, or anything but waiting). */
const settled = () =>
  count(sql`SELECT count(*) AS n FROM inbound_mail WHERE status NOT IN ('received', 'processing')`);

/** CPU time (user + system) of a process so far, in ms (Linux /proc; clock ticks of 10 ms). */
const cpuMs = async (pid: number) => {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/** The server's logged IMAP intake errors (its reconnection attempts that failed) between two times. */
const imapErrors = (from: number, to: number) =>
  server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { msg?: string; time?: number })
    .filter((e) => e.msg === "IMAP intake" && e.time !== undefined && e.time >= from && e.time < to).length;

const health = async () => {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/health`).catch(() => null);
  return res?.status ?? 0;
};

beforeAll(async () => {
  stage = await faultStage();
  [outgoing, dovecot] = await Promise.all([
    startSmtpReceiver(),
    startDovecot({ users: [{ user: MAILBOX_USER, password: MAILBOX_PASSWORD }] }),
  ]);
  senders = (await customersWithContacts(stage.services, SENDERS)).map((p) => p.email);
  // the stage's services have no SECRETS_KEY; these seal the IMAP password with the server's key
  const services = createServices({
    config: loadConfig({
      DATA_DIR: "/tmp/soporte-unused",
      DATABASE_URL: stage.database.url,
      MAIL_FROM: `Soporte <${SUPPORT}>`,
      SECRETS_KEY,
    }),
    db: stage.database.db,
    clock: { now: () => new Date() },
  });
  await services.emailIntake.updateSettings(
    SYSTEM_ACTOR,
    burstMailSettings(SUPPORT, { imap: dovecotMailbox(dovecot.port, MAILBOX_USER, MAILBOX_PASSWORD) }),
  );
  server = await stage.serve({
    SMTP_URL: outgoing.url,
    MAIL_FROM: `Soporte <${SUPPORT}>`,
    SECRETS_KEY,
  });
}, 120_000);

afterAll(async () => {
  await stage?.stopAll();
  await dovecot?.stop();
  await outgoing?.stop();
});

describe("fault: the IMAP server is down and comes back", () => {
  it("(7) mail from before, during and after the outage: each message processed once, the server up throughout", async () => {
    const started = Date.now();
    const pid = server.child.pid!;
    const before = range(1, PHASES.before);
    const during = range(1 + PHASES.before, PHASES.during);
    const after = range(1 + PHASES.before + PHASES.during, PHASES.after);
    const burst = range(1 + PHASES.before + PHASES.during + PHASES.after, PHASES.burst);
    const total = before.length + during.length + after.length + burst.length;

    await dovecot.deliver(MAILBOX_USER, before.map(mail));
    expect(await waitFor(async () => (await settled()) === before.length, 20_000)).toBe(true);

    // the IMAP server goes away under the polling session; mail goes on arriving in the maildir
    await dovecot.down();
    const downAt = Date.now();
    const cpuAtDown = await cpuMs(pid);
    await dovecot.deliver(MAILBOX_USER, during.map(mail));
    const statuses: number[] = [];
    while (Date.now() - downAt < OUTAGE_MS) {
      statuses.push(await health());
      await sleep(500);
    }
    const outageMs = Date.now() - downAt;
    const cpuDuringOutage = (await cpuMs(pid)) - cpuAtDown;
    // nothing could be taken while it was down
    expect(await settled()).toBe(before.length);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(server.child.exitCode).toBeNull();
    // no busy loop of reconnections: one at once, then one every 5 s; a small share of one core (the sweeps
    // and timers run meanwhile)
    const attempts = imapErrors(downAt - 1_000, Date.now());
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(Math.ceil(outageMs / 5_000) + 2);
    expect(cpuDuringOutage).toBeLessThan(outageMs * 0.25);

    await dovecot.up();
    const upAt = Date.now();
    // the messages of the outage are taken without any new mail to announce them
    expect(await waitFor(async () => (await settled()) === before.length + during.length, 15_000)).toBe(true);
    const resumedMs = Date.now() - upAt;
    await dovecot.deliver(MAILBOX_USER, after.map(mail));
    const beforeBurst = total - burst.length;
    expect(await waitFor(async () => (await settled()) === beforeBurst, 15_000)).toBe(true);

    // a restart while the burst is being taken (more than the intake reads ahead of processing): a run of
    // messages may be stored with its move not done yet
    await dovecot.deliver(MAILBOX_USER, burst.map(mail));
    const storedNow = () => count(sql`SELECT count(*) AS n FROM inbound_mail`);
    expect(await waitFor(async () => (await storedNow()) >= beforeBurst + 100, 15_000, 5)).toBe(true);
    const storedAtCut = (await storedNow()) - beforeBurst;
    await dovecot.down();
    await dovecot.up();
    expect(await waitFor(async () => (await settled()) === total, 20_000)).toBe(true);
    // settle: nothing more may be stored or opened
    await sleep(1_000);
    expect(await health()).toBe(200);

    const rows = (
      await sql<{ message_id: string; outcome: string | null; deliveries: number }>`
        SELECT message_id, outcome, deliveries FROM inbound_mail ORDER BY received_at`.execute(
        stage.database.db,
      )
    ).rows;
    const expected = range(1, total).map((i) => `imap-down-${i}@cliente.example`);
    const stored = new Map<string, number>();
    for (const r of rows) stored.set(r.message_id, (stored.get(r.message_id) ?? 0) + 1);
    // cases per message, through the inbound message each case was opened from
    const cases = (
      await sql<{ message_id: string; n: string }>`
        SELECT m.message_id, count(*) AS n FROM cases c
        JOIN case_events e ON e.case_id = c.id AND e.kind = 'created'
        JOIN inbound_mail m ON m.id::text = e.data ->> 'inboundMailId'
        WHERE c.channel = 'email' GROUP BY m.message_id`.execute(stage.database.db)
    ).rows;
    const casesOf = new Map(cases.map((r) => [r.message_id, Number(r.n)]));
    const emailCases = await count(sql`SELECT count(*) AS n FROM cases WHERE channel = 'email'`);
    const duplicated =
      [...stored.values()].filter((n) => n > 1).length + [...casesOf.values()].filter((n) => n > 1).length;
    const lost = expected.filter((id) => !stored.has(id) || casesOf.get(id) !== 1).length;

    expect(rows.map((r) => r.outcome)).toEqual(expected.map(() => "case_opened"));
    expect([...stored.keys()].sort()).toEqual([...expected].sort());
    expect(emailCases).toBe(total);
    expect(duplicated).toBe(0);
    expect(lost).toBe(0);
    // every message left the inbox for the processed folder once
    expect(
      await waitFor(async () => (await dovecot.list(MAILBOX_USER, "Procesados")).length === total, 5_000),
    ).toBe(true);
    expect(await dovecot.list(MAILBOX_USER, "INBOX")).toEqual([]);

    await reportCounts("7 IMAP down and back", {
      sent: total,
      acknowledged: rows.length,
      stored: emailCases,
      duplicated,
      lost,
      "outage ms": outageMs,
      "failed reconnections": attempts,
      "resumed after ms": resumedMs,
      "burst stored at the restart": storedAtCut,
      "fetched again": rows.filter((r) => r.deliveries > 1).length,
      "cpu ms during outage": cpuDuringOutage,
      "wall ms": Date.now() - started,
    });
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});
