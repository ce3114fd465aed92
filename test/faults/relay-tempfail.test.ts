/**
 * Fault scenario (5): the SMTP relay answers temporary failures for a while — first 421 at the greeting,
 * then 451 to every recipient — while a `soporte serve` process sends the acknowledgements of a burst of
 * portal cases. Each message is retried with a growing delay (read from its outbox row: the attempt count
 * and the next attempt's time it is given after each failure), and all arrive exactly once when the relay
 * accepts again.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpReceiver } from "../harness/smtp-receiver";
import {
  type AcknowledgementRow,
  acknowledgementsOf,
  customersWithContacts,
  deliveredOnce,
  faultStage,
  openPortalCase,
  reportCounts,
  signInOverHttp,
} from "./support";

const CASES = 12;

let stage: Awaited<ReturnType<typeof faultStage>>;
let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
let people: Awaited<ReturnType<typeof customersWithContacts>>;

const acknowledgements = (caseIds: string[]) => acknowledgementsOf(stage.database.db, caseIds);

/**
 * Watches the outbox rows: for each message, the time of its next attempt as set after each failed attempt
 * (attempt count → next attempt at), and the last error seen.
 */
const watchRetries = (caseIds: string[]) => {
  const schedule = new Map<string, Map<number, number>>();
  const errors = new Set<string>();
  let latest: AcknowledgementRow[] = [];
  let stopped = false;
  const running = (async () => {
    while (!stopped) {
      latest = await acknowledgements(caseIds);
      for (const r of latest) {
        if (r.status !== "pending" || r.attempts < 1) continue;
        if (!schedule.has(r.id)) schedule.set(r.id, new Map());
        schedule.get(r.id)!.set(r.attempts, r.next_attempt_at.getTime());
        if (r.last_error) errors.add(r.last_error.slice(0, 3));
      }
      await sleep(150);
    }
  })();
  return {
    schedule,
    errors,
    rows: () => latest,
    until: async (what: (rows: AcknowledgementRow[]) => boolean, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline && !(latest.length === caseIds.length && what(latest))) await sleep(100);
      return latest.length === caseIds.length && what(latest);
    },
    stop: async () => {
      stopped = true;
      await running;
    },
  };
};

beforeAll(async () => {
  stage = await faultStage();
  // busy from the start: every connection is turned away at the greeting
  receiver = await startSmtpReceiver({ tempFail: 421 });
  people = await customersWithContacts(stage.services, CASES);
});

afterAll(async () => {
  await stage?.stopAll();
  await receiver?.stop();
});

describe("fault: the SMTP relay fails temporarily", () => {
  it("(5) 421 then 451 for a while: each message is retried with growing delays and arrives once", async () => {
    const server = await stage.serve({ SMTP_URL: receiver.url });
    const sessions = await Promise.all(people.map((p, i) => signInOverHttp(server.port, p.email, i)));
    const answers = await Promise.all(
      people.map((p, i) => openPortalCase(server.port, sessions[i]!, p.systemId, `Relevo ocupado ${i}`)),
    );
    expect(answers.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.problem}`)).toEqual([]);
    const caseIds = answers.map((a) => a.id!);
    const watch = watchRetries(caseIds);

    // first attempts meet the 421 greeting; then the relay answers 451 to each recipient
    expect(
      await watch.until((rows) => rows.every((r) => r.attempts >= 1 && r.status === "pending"), 10_000),
    ).toBe(true);
    receiver.setTempFail(451);
    expect(
      await watch.until((rows) => rows.every((r) => r.attempts >= 2 && r.status === "pending"), 20_000),
    ).toBe(true);
    // the relay recovers; the third attempt of each goes through
    receiver.setTempFail(null);
    const sent = await watch.until((rows) => rows.every((r) => r.status === "sent"), 25_000);
    await watch.stop();
    if (!sent) console.error("outbox after the wait", watch.rows());
    expect(sent).toBe(true);
    await sleep(1_000);
    const rows = await acknowledgements(caseIds);

    // retried, with backoff: each message's wait after its second failure is longer than after its first,
    // and neither is a hot loop
    const firstDelays: number[] = [];
    const secondDelays: number[] = [];
    for (const r of rows) {
      expect(r.attempts).toBeGreaterThan(1);
      const after = watch.schedule.get(r.id)!;
      const first = after.get(1)! - r.created_at.getTime();
      const second = after.get(2)! - after.get(1)!;
      firstDelays.push(first);
      secondDelays.push(second);
      expect(first).toBeGreaterThanOrEqual(3_000);
      expect(second).toBeGreaterThan(first);
    }
    expect([...watch.errors].sort()).toEqual(["421", "451"]);
    // the relay saw the 451 attempts one per message, the later one after a longer wait
    const refusedAt451 = receiver.refused.filter((r) => r.code === 451);
    expect(new Set(refusedAt451.map((r) => r.to)).size).toBe(CASES);

    const { delivered, duplicated } = deliveredOnce(
      receiver.received,
      rows.map((r) => r.message_id),
    );
    expect(delivered).toBe(CASES);
    expect(duplicated).toBe(0);

    const seconds = (ms: number[]) => ms.map((v) => (v / 1000).toFixed(1));
    console.info(
      `relay tempfail: delays after the 1st failure ${seconds(firstDelays).join(" ")} s, after the 2nd ${seconds(secondDelays).join(" ")} s`,
    );
    await reportCounts("5 relay 421/451 for a while", {
      sent: answers.length,
      acknowledged: answers.filter((a) => a.status === 201).length,
      stored: rows.length,
      duplicated,
      lost: CASES - delivered,
      delivered,
      "refused 421": receiver.refused.filter((r) => r.code === 421).length,
      "refused 451": refusedAt451.length,
      "min attempts": Math.min(...rows.map((r) => r.attempts)),
    });
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});
