/**
 * Fault scenarios (1) and (12): a burst of portal cases from 50 signed-in contacts, spread over three
 * `soporte serve` processes on one database — every case numbered once and acknowledged by mail once — and
 * a burst cut short by `kill -9` of the only server: every acknowledged case is there, none twice.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Server } from "../cli/process-helpers";
import { startSmtpReceiver } from "../harness/smtp-receiver";
import {
  customersWithContacts,
  faultStage,
  type HttpSession,
  openPortalCase,
  pool,
  reportCounts,
  signInOverHttp,
  waitFor,
} from "./support";

let stage: Awaited<ReturnType<typeof faultStage>>;
let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
let people: Awaited<ReturnType<typeof customersWithContacts>>;

beforeAll(async () => {
  stage = await faultStage();
  receiver = await startSmtpReceiver();
  people = await customersWithContacts(stage.services, 50);
});

afterAll(async () => {
  await stage?.stopAll();
  await receiver?.stop();
});

/** The burst's cases in the database, by subject: how many rows each subject has. */
const storedBySubject = async (prefix: string) =>
  (
    await sql<{ subject: string; id: string; number: string }>`
      SELECT subject, id, number FROM cases WHERE subject LIKE ${`${prefix}%`}`.execute(stage.database.db)
  ).rows;

describe("fault: portal bursts", () => {
  it("(12) 1,000 portal cases from 50 contacts on three processes: each numbered once, each acknowledged once", async () => {
    const servers: Server[] = [];
    for (let i = 0; i < 3; i++) servers.push(await stage.serve({ SMTP_URL: receiver.url }));
    const sessions: HttpSession[] = await pool(people, 10, (p, i) =>
      signInOverHttp(servers[i % 3]!.port, p.email, i),
    );
    const requests = Array.from({ length: 1_000 }, (_, i) => ({
      person: i % people.length,
      server: servers[i % 3]!,
      subject: `Ráfaga ${String(i).padStart(4, "0")}`,
    }));
    const answers = await pool(requests, 30, (r) =>
      openPortalCase(r.server.port, sessions[r.person]!, people[r.person]!.systemId, r.subject),
    );
    const acknowledged = answers.filter((a) => a.status === 201);
    expect(answers.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.problem}`)).toEqual([]);

    const stored = await storedBySubject("Ráfaga ");
    const subjects = new Map<string, number>();
    for (const row of stored) subjects.set(row.subject, (subjects.get(row.subject) ?? 0) + 1);
    const duplicated = [...subjects.values()].filter((n) => n > 1).length;
    const numbers = new Set(stored.map((r) => r.number));
    const storedIds = new Set(stored.map((r) => r.id));
    const lost = acknowledged.filter((a) => !storedIds.has(a.id!)).length;
    expect(stored).toHaveLength(1_000);
    expect(numbers.size).toBe(1_000);
    expect(new Set(acknowledged.map((a) => a.number)).size).toBe(1_000);
    expect(duplicated).toBe(0);
    expect(lost).toBe(0);

    // one acknowledgement per case reaches the mail server, whichever process sent it
    const acknowledgements = () =>
      receiver.received.filter((m) => {
        const number = /\[(CAS-\d{4}-\d{6})\]/.exec(m.parsed.subject ?? "")?.[1];
        return number !== undefined && numbers.has(number);
      });
    await waitFor(async () => acknowledgements().length >= 1_000, 60_000, 250);
    await sleep(1_000);
    const mails = acknowledgements();
    const perCase = new Map<string, number>();
    for (const m of mails) {
      const number = /\[(CAS-\d{4}-\d{6})\]/.exec(m.parsed.subject ?? "")![1]!;
      perCase.set(number, (perCase.get(number) ?? 0) + 1);
    }
    expect(perCase.size).toBe(1_000);
    expect([...perCase.values()].every((n) => n === 1)).toBe(true);
    const outbox = await sql<{ status: string; n: number }>`
      SELECT status, count(*)::int AS n FROM outbox WHERE kind = 'acknowledgement' GROUP BY status`.execute(
      stage.database.db,
    );
    expect(outbox.rows).toEqual([{ status: "sent", n: 1_000 }]);

    await reportCounts("12 portal burst, 3 processes", {
      sent: requests.length,
      acknowledged: acknowledged.length,
      stored: stored.length,
      duplicated,
      lost,
      "numbers unique": numbers.size,
      "acknowledgement mails": mails.length,
    });
    for (const s of servers) {
      s.child.kill("SIGTERM");
      expect(await s.exited).toBe(0);
    }
  });

  it("(1) kill -9 of the server mid-burst: every acknowledged case is stored once, and the next start carries on", async () => {
    const server = await stage.serve({ SMTP_URL: receiver.url });
    const sessions = await pool(people.slice(0, 20), 10, (p, i) =>
      signInOverHttp(server.port, p.email, 100 + i),
    );
    const requests = Array.from({ length: 400 }, (_, i) => ({ person: i % 20, subject: `Corte ${i}` }));
    let answered = 0;
    let killed = false;
    const answers = await pool(requests, 20, async (r) => {
      const answer = await openPortalCase(
        server.port,
        sessions[r.person]!,
        people[r.person]!.systemId,
        r.subject,
      ).catch(() => ({ status: 0, id: null, number: null, problem: "connection" }));
      answered += 1;
      if (answered === 150 && !killed) {
        killed = true;
        server.child.kill("SIGKILL");
      }
      return answer;
    });
    await server.exited;
    const acknowledged = answers.filter((a) => a.status === 201);
    // what was not acknowledged got no answer at all (the process died), never a wrong one
    expect(answers.filter((a) => a.status !== 201 && a.status !== 0)).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(140);
    expect(acknowledged.length).toBeLessThan(400);

    const stored = await storedBySubject("Corte ");
    const ids = new Set(stored.map((r) => r.id));
    const lost = acknowledged.filter((a) => !ids.has(a.id!)).length;
    const duplicated = stored.length - new Set(stored.map((r) => r.subject)).size;
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    // in doubt: committed while the answer was on its way; never more than the requests in flight
    expect(stored.length - acknowledged.length).toBeLessThanOrEqual(20);

    // a new start finishes what the dead process left: every stored case acknowledged once, its timers set
    const next = await stage.serve({ SMTP_URL: receiver.url });
    const unsent = async () =>
      (
        await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM outbox o JOIN cases c ON c.id = o.case_id
          WHERE c.subject LIKE 'Corte %' AND o.kind = 'acknowledgement' AND o.status <> 'sent'`.execute(
          stage.database.db,
        )
      ).rows[0]!.n;
    await waitFor(async () => (await unsent()) === 0, 60_000, 250);
    const acks = await sql<{ case_id: string; n: number }>`
      SELECT o.case_id, count(*)::int AS n FROM outbox o JOIN cases c ON c.id = o.case_id
      WHERE c.subject LIKE 'Corte %' AND o.kind = 'acknowledgement' AND o.status = 'sent' GROUP BY o.case_id`.execute(
      stage.database.db,
    );
    expect(acks.rows).toHaveLength(stored.length);
    expect(acks.rows.every((r) => r.n === 1)).toBe(true);
    const timers = await sql<{ n: number }>`
      SELECT count(DISTINCT e.case_id)::int AS n FROM escalation_timers e JOIN cases c ON c.id = e.case_id
      WHERE c.subject LIKE 'Corte %'`.execute(stage.database.db);
    expect(timers.rows[0]!.n).toBe(stored.length);
    next.child.kill("SIGTERM");
    expect(await next.exited).toBe(0);

    await reportCounts("1 kill -9 mid-burst", {
      sent: requests.length,
      acknowledged: acknowledged.length,
      stored: stored.length,
      duplicated,
      lost,
      "stored but not acknowledged (in doubt)": stored.length - acknowledged.length,
    });
  });
});
