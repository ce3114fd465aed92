/**
 * Escalation across real `soporte serve` processes sharing one PostgreSQL: every step fires exactly once and
 * on time, also when one process is killed mid-run, and steps that fell due while all were down fire once
 * on start-up. Mail goes to a real SMTP receiver.
 */
import { rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { loadConfig } from "../../src/server/platform/config";
import { createServices } from "../../src/server/services";
import { type Server, startServer, tempDir } from "../cli/process-helpers";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { startSmtpReceiver } from "../harness/smtp-receiver";
import { createTestDatabase } from "../harness/test-database";
import { minuteEscalation, reportCounts, waitFor } from "./support";

const CASES = 200;
const PER_SECOND = 14;
const PASSWORD = "correct horse battery staple";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
const dirs: string[] = [];
const servers: Server[] = [];
let registeredAt = new Date();
const clock = { now: () => registeredAt };
let services: ReturnType<typeof createServices>;
let customer: Awaited<ReturnType<typeof newCustomer>>;
let requesterId = "";

const serverEnv = async () => {
  const dir = await tempDir("soporte-esc-");
  dirs.push(dir);
  return { DATABASE_URL: database.url, SMTP_URL: receiver.url, DATA_DIR: dir, LOG_LEVEL: "warn" };
};

const stopServer = async (server: Server) => {
  server.child.kill("SIGTERM");
  await server.exited;
};

const openCaseRegisteredAt = async (at: Date, subject: string) => {
  registeredAt = at;
  const result = await services.cases.openCase(
    SYSTEM_ACTOR,
    { ...p1Report(customer.systemId, { subject }), requesterId } as never,
    "phone",
  );
  if (result.outcome !== "opened") throw new Error("case not opened");
  return result.case.id;
};

const firings = async (caseIds: string[]) =>
  (
    await sql<{ case_id: string; level: number; due_at: Date; fired_at: Date }>`
      SELECT case_id, level, due_at, fired_at FROM case_escalations WHERE case_id = ANY(${caseIds}::uuid[])`.execute(
      database.db,
    )
  ).rows;

const historyCount = async (caseIds: string[]) =>
  Number(
    (
      await sql<{ n: string }>`
        SELECT count(*) AS n FROM case_events
        WHERE kind IN ('warned', 'escalated') AND case_id = ANY(${caseIds}::uuid[])`.execute(database.db)
    ).rows[0]!.n,
  );

const escalationMails = (caseNumbers: Set<string>) =>
  receiver.received.filter((m) => {
    const number = /^\[(CAS-\d{4}-\d{6})\] (Aviso|Escalamiento)/.exec(m.parsed.subject ?? "")?.[1];
    return number !== undefined && caseNumbers.has(number);
  });

beforeAll(async () => {
  database = await createTestDatabase();
  receiver = await startSmtpReceiver();
  const config = loadConfig({ DATA_DIR: "/tmp/soporte-unused", DATABASE_URL: database.url });
  services = createServices({ config, db: database.db, clock });
  await minuteEscalation(database.db, services);
  customer = await newCustomer({ services }, { planId: "relampago" });
  requesterId = (await newAuthorizedContact({ services }, customer, { password: PASSWORD })).id;
  // one after the other: the first creates the admin the others find
  for (let i = 0; i < 3; i += 1) servers.push(await startServer(await serverEnv()));
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => (s.child.exitCode === null ? stopServer(s) : undefined)));
  await receiver?.stop();
  await database?.drop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("escalation with several server processes", () => {
  const caseIds: string[] = [];
  const numbers = new Set<string>();

  it("fires every step of 200 cases exactly once within 5 s of its due time, with one process killed -9 mid-run", async () => {
    // due times staggered over ~30 s, starting once every case exists
    const start = Date.now() + 12_000;
    for (let i = 0; i < CASES; i += 1) {
      const offset = Math.floor(i / PER_SECOND) * 1000;
      const at = new Date(Math.floor((start - 45_000 + offset) / 1000) * 1000);
      const id = await openCaseRegisteredAt(at, `Carga ${i}`);
      caseIds.push(id);
    }
    const rows = await database.db.selectFrom("cases").select("number").where("id", "in", caseIds).execute();
    for (const r of rows) numbers.add(r.number);
    expect(Date.now()).toBeLessThan(start);

    // kill one process after warnings and some level 1 have fired
    await sleep(start + 16_000 - Date.now());
    const victim = servers[0]!;
    victim.child.kill("SIGKILL");
    await victim.exited;

    const done = await waitFor(async () => (await firings(caseIds)).length >= CASES * 3, 110_000);
    expect(done).toBe(true);
    // settle: nothing more may fire
    await sleep(3_000);
    const fired = await firings(caseIds);
    expect(fired).toHaveLength(CASES * 3);
    expect(await historyCount(caseIds)).toBe(CASES * 3);
    const lateness = fired.map((f) => f.fired_at.getTime() - f.due_at.getTime()).sort((a, b) => a - b);
    expect(lateness[0]).toBeGreaterThanOrEqual(0);
    expect(lateness.at(-1)).toBeLessThanOrEqual(5_000);
    console.info(
      `escalation processes: ${fired.length} steps, lateness p50 ${lateness[Math.floor(lateness.length / 2)]} ms, max ${lateness.at(-1)} ms`,
    );

    // one mail per step reaches the receiver (the outbox of the killed process is finished by the others)
    const mailed = await waitFor(async () => {
      const ids = new Set(escalationMails(numbers).map((m) => m.parsed.messageId));
      return ids.size >= CASES * 3;
    }, 90_000);
    if (!mailed) {
      const statuses = await database.db
        .selectFrom("outbox")
        .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
        .groupBy("status")
        .execute();
      console.error("outbox after the wait", statuses, "received", receiver.received.length);
    }
    expect(mailed).toBe(true);
    const mails = escalationMails(numbers);
    const distinct = new Set(mails.map((m) => m.parsed.messageId));
    expect(distinct.size).toBe(CASES * 3);
    // a copy can only come from a message the killed process had handed to SMTP but not yet marked sent;
    // it carries the same Message-ID, so the receiver can drop it
    expect(mails.length - distinct.size).toBeLessThanOrEqual(20);
    const levelOne = mails.filter((m) => m.parsed.subject?.includes("Escalamiento nivel 1"));
    expect(new Set(levelOne.map((m) => m.parsed.subject)).size).toBe(CASES);
    const unsent = await database.db
      .selectFrom("outbox")
      .select("id")
      .where("case_id", "in", caseIds)
      .where("status", "!=", "sent")
      .execute();
    expect(unsent).toEqual([]);
    await reportCounts("2 kill -9 of one of three processes during escalation firing", {
      sent: CASES * 3,
      acknowledged: fired.length,
      stored: await historyCount(caseIds),
      duplicated: fired.length - new Set(fired.map((f) => `${f.case_id}:${f.level}`)).size,
      lost: CASES * 3 - new Set(fired.map((f) => `${f.case_id}:${f.level}`)).size,
      "escalation mails (distinct)": distinct.size,
      "late ms (max)": lateness.at(-1)!,
    });
  }, 300_000);

  it("after all servers were down, steps that fell due fire once when one server starts", async () => {
    await Promise.all(servers.filter((s) => s.child.exitCode === null).map(stopServer));
    const downIds: string[] = [];
    // every step of these falls due while nothing runs
    const now = Date.now();
    for (let i = 0; i < 20; i += 1) {
      downIds.push(
        await openCaseRegisteredAt(new Date(Math.floor((now - 120_000) / 1000) * 1000), `Apagado ${i}`),
      );
    }
    expect(await firings(downIds)).toEqual([]);
    const started = Date.now();
    const server = await startServer(await serverEnv());
    servers.push(server);
    expect(await waitFor(async () => (await firings(downIds)).length >= 60, 30_000)).toBe(true);
    await sleep(3_000);
    const fired = await firings(downIds);
    expect(fired).toHaveLength(60);
    expect(await historyCount(downIds)).toBe(60);
    for (const f of fired) expect(f.fired_at.getTime()).toBeGreaterThanOrEqual(started);
  }, 120_000);
});
