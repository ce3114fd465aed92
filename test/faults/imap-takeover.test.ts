/**
 * IMAP intake across real `soporte serve` processes sharing one PostgreSQL and one mailbox (a real Dovecot):
 * only the holder of the mailbox's advisory lock polls; when it is killed -9 another takes over and the
 * mail delivered meanwhile is processed, none twice; a mailbox of 1,000 unseen messages is taken a few at
 * a time, each processed once, in bounded memory.
 */
import { randomBytes } from "node:crypto";
import { readdir, readFile, readlink, rm } from "node:fs/promises";
import { type RawBuilder, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_WAITING } from "../../src/server/modules/email-intake/intake-lanes";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { loadConfig } from "../../src/server/platform/config";
import { createServices } from "../../src/server/services";
import { type Server, startServer, tempDir } from "../cli/process-helpers";
import { newAuthorizedContact, newCustomer } from "../harness/case-fixtures";
import { type Dovecot, startDovecot } from "../harness/dovecot";
import { startSmtpReceiver } from "../harness/smtp-receiver";
import { createTestDatabase } from "../harness/test-database";
import { burstMailSettings, dovecotMailbox, waitFor } from "./support";

const SUPPORT = "soporte@soporte.example";
const MAILBOX_USER = "soporte";
const MAILBOX_PASSWORD = "buzón-compartido";
const PASSWORD = "correct horse battery staple";
const SENDERS = 8;
// one key for this process and the servers: the stored IMAP password is sealed with it
const SECRETS_KEY = randomBytes(32).toString("hex");
const BACKLOG = 1_000;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let outgoing: Awaited<ReturnType<typeof startSmtpReceiver>>;
let dovecot: Dovecot;
const dirs: string[] = [];
const servers: Server[] = [];
const senders: string[] = [];

const mail = (i: number) =>
  [
    `From: ${senders[i % SENDERS]}`,
    `To: ${SUPPORT}`,
    `Subject: Falla ${i}`,
    `Message-ID: <imap-proc-${i}@cliente.example>`,
    "Date: Fri, 27 Nov 2026 17:00:00 -0600",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    `El sistema no responde (mensaje ${i}).`,
    // about 4 KB, with a pasted log
    ...Array.from({ length: 64 }, (_, n) => `${n} ERROR [sigap.nomina] tiempo de espera agotado`),
    "",
  ].join("\r\n");

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

const count = async (query: RawBuilder<unknown>) =>
  Number(((await query.execute(database.db)).rows[0] as { n: string }).n);

/** Messages stored and finished (processed, or anything but waiting). */
const settled = () =>
  count(sql`SELECT count(*) AS n FROM inbound_mail WHERE status NOT IN ('received', 'processing')`);

/** The pids of the `soporte serve` processes holding an IMAP mailbox lock, and of all trying. */
const lockSessions = async () => {
  const { rows } = await sql<{ application_name: string; held: boolean }>`
    SELECT a.application_name, EXISTS (
      SELECT 1 FROM pg_locks l
      WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
    ) AS held
    FROM pg_stat_activity a
    WHERE a.datname = current_database() AND a.application_name LIKE 'soporte-imap:%'`.execute(database.db);
  const pid = (r: { application_name: string }) => Number(r.application_name.split(":")[1]);
  return { holders: rows.filter((r) => r.held).map(pid), all: rows.map(pid) };
};

/** Established TCP connections of a process to a local port (Linux /proc). */
const connectionsTo = async (pid: number, port: number) => {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of (await readFile(table, "utf8").catch(() => "")).split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && Number.parseInt(f[2]!.split(":")[1]!, 16) === port && f[3] === "01")
        inodes.add(f[9]!);
    }
  }
  let n = 0;
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
    if (inodes.has(/^socket:\[(\d+)\]$/.exec(link)?.[1] ?? "")) n += 1;
  }
  return n;
};

const memory = async (pid: number) => {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") * 1024, peak: kb("VmHWM") * 1024 };
};

const serverOf = (pid: number) => servers.find((s) => s.child.pid === pid)!;

beforeAll(async () => {
  database = await createTestDatabase();
  [outgoing, dovecot] = await Promise.all([
    startSmtpReceiver(),
    startDovecot({ users: [{ user: MAILBOX_USER, password: MAILBOX_PASSWORD }] }),
  ]);
  const config = loadConfig({
    DATA_DIR: "/tmp/soporte-unused",
    DATABASE_URL: database.url,
    MAIL_FROM: `Soporte <${SUPPORT}>`,
    SECRETS_KEY,
  });
  const services = createServices({ config, db: database.db, clock: { now: () => new Date() } });
  // an admin already there: the servers find it, so they can start together
  await services.users.createStaffUser(SYSTEM_ACTOR, {
    name: "Administración",
    email: "admin@soporte.example",
    role: "admin",
    preferredLanguage: "es-MX",
    password: PASSWORD,
  });
  // two authorized contacts per organization (the plan's limit)
  for (let i = 0; i < SENDERS; i += 2) {
    const customer = await newCustomer({ services }, { startDate: "2026-06-01" });
    for (const _ of [1, 2])
      senders.push((await newAuthorizedContact({ services }, customer, { password: PASSWORD })).email);
  }
  await services.emailIntake.updateSettings(
    SYSTEM_ACTOR,
    burstMailSettings(SUPPORT, { imap: dovecotMailbox(dovecot.port, MAILBOX_USER, MAILBOX_PASSWORD) }),
  );
  const env = async () => {
    const dir = await tempDir("soporte-imap-proc-");
    dirs.push(dir);
    return {
      DATABASE_URL: database.url,
      SMTP_URL: outgoing.url,
      DATA_DIR: dir,
      MAIL_FROM: `Soporte <${SUPPORT}>`,
      SECRETS_KEY,
    };
  };
  const [a, b] = await Promise.all([env(), env()]);
  servers.push(...(await Promise.all([startServer(a), startServer(b)])));
}, 120_000);

afterAll(async () => {
  await Promise.all(
    servers.map(async (s) => {
      if (s.child.exitCode !== null || s.child.signalCode !== null) return;
      s.child.kill("SIGTERM");
      await s.exited;
    }),
  );
  await dovecot?.stop();
  await outgoing?.stop();
  await database?.drop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("IMAP intake with several server processes", () => {
  it("polls from one process only; after kill -9 another takes over within 30 s, nothing processed twice", async () => {
    await dovecot.deliver(MAILBOX_USER, range(1, 4).map(mail));
    expect(await waitFor(async () => (await settled()) === 4, 20_000)).toBe(true);
    const before = await lockSessions();
    // both try; one holds the mailbox and is the only one connected to the IMAP server
    expect(before.all.sort()).toEqual(servers.map((s) => s.child.pid).sort());
    expect(before.holders).toHaveLength(1);
    const holder = serverOf(before.holders[0]!);
    const other = servers.find((s) => s !== holder)!;
    expect(await connectionsTo(holder.child.pid!, dovecot.port)).toBe(1);
    expect(await connectionsTo(other.child.pid!, dovecot.port)).toBe(0);

    holder.child.kill("SIGKILL");
    const killedAt = Date.now();
    await holder.exited;
    await dovecot.deliver(MAILBOX_USER, range(5, 4).map(mail));
    expect(await waitFor(async () => (await lockSessions()).holders[0] === other.child.pid, 30_000)).toBe(
      true,
    );
    const takeover = Date.now() - killedAt;
    expect(await waitFor(async () => (await settled()) === 8, 20_000)).toBe(true);
    console.info(`IMAP takeover after kill -9: lock held by the other process after ${takeover} ms`);
    expect(takeover).toBeLessThan(30_000);
    expect(await connectionsTo(other.child.pid!, dovecot.port)).toBe(1);

    const rows = (
      await sql<{ message_id: string; outcome: string; deliveries: number }>`
        SELECT message_id, outcome, deliveries FROM inbound_mail ORDER BY received_at`.execute(database.db)
    ).rows;
    expect(rows.map((r) => [r.outcome, r.deliveries])).toEqual(range(1, 8).map(() => ["case_opened", 1]));
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(8);
    expect(
      await count(sql`SELECT count(DISTINCT data ->> 'inboundMailId') AS n FROM case_events
        WHERE kind = 'created' AND data ? 'inboundMailId'`),
    ).toBe(8);
    expect(await count(sql`SELECT count(*) AS n FROM cases WHERE channel = 'email'`)).toBe(8);
    expect(
      await waitFor(async () => (await dovecot.list(MAILBOX_USER, "Procesados")).length === 8, 5_000),
    ).toBe(true);
    expect(await dovecot.list(MAILBOX_USER, "INBOX")).toEqual([]);
  });

  it("takes 1,000 unseen messages a few at a time: each processed once, in bounded memory", async () => {
    const { holders } = await lockSessions();
    expect(holders).toHaveLength(1);
    const pid = holders[0]!;
    const start = await memory(pid);
    const startCount = await settled();
    await dovecot.deliver(
      MAILBOX_USER,
      range(1_001, BACKLOG).map((i) => mail(i)),
    );
    const delivered = Date.now();
    // stored but not yet processed, sampled: fetching waits while processing is behind
    let waitingMax = 0;
    let peakRss = start.rss;
    const done = await waitFor(
      async () => {
        const waiting = await count(
          sql`SELECT count(*) AS n FROM inbound_mail WHERE status IN ('received', 'processing')`,
        );
        waitingMax = Math.max(waitingMax, waiting);
        peakRss = Math.max(peakRss, (await memory(pid)).rss);
        return (await settled()) === startCount + BACKLOG;
      },
      60_000,
      200,
    );
    const seconds = (Date.now() - delivered) / 1000;
    const end = await memory(pid);
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.info(
      `IMAP backlog: ${BACKLOG} messages processed in ${seconds.toFixed(1)} s (${Math.round(BACKLOG / seconds)}/s); ` +
        `RSS ${mb(start.rss)} → ${mb(end.rss)} MB (growth ${mb(end.rss - start.rss)} MB, sampled peak ` +
        `${mb(peakRss)} MB, VmHWM ${mb(end.peak)} MB); at most ${waitingMax} stored messages waiting`,
    );
    expect(done).toBe(true);
    expect(end.rss - start.rss).toBeLessThan(150 * 1024 * 1024);
    expect(peakRss - start.rss).toBeLessThan(150 * 1024 * 1024);
    // never the whole mailbox: the lanes' queue, one fetch (16 messages) and 6 lanes' batches (8 each)
    expect(waitingMax).toBeLessThanOrEqual(MAX_WAITING + 16 + 6 * 8);

    const outcomes = (
      await sql<{ outcome: string; n: string }>`
        SELECT outcome, count(*) AS n FROM inbound_mail
        WHERE message_id LIKE 'imap-proc-%' AND deliveries = 1 GROUP BY outcome`.execute(database.db)
    ).rows;
    expect(outcomes.map((r) => [r.outcome, Number(r.n)])).toEqual([["case_opened", 8 + BACKLOG]]);
    expect(
      await count(sql`SELECT count(*) AS n FROM (
        SELECT data ->> 'inboundMailId' FROM case_events
        WHERE kind = 'created' AND data ? 'inboundMailId' GROUP BY 1 HAVING count(*) = 1) once`),
    ).toBe(8 + BACKLOG);
    expect(await count(sql`SELECT count(*) AS n FROM cases WHERE channel = 'email'`)).toBe(8 + BACKLOG);
  }, 90_000);
});
