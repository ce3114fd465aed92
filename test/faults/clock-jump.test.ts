/**
 * Fault scenario (11): one of two `soporte serve` processes has its clock jump a day forward (libfaketime,
 * Debian's `faketime` package, reading its offset from a file it re-reads). The jumped process fires every
 * escalation step at once; the other, when its clock gets there too, fires none again.
 */
import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { tempDir } from "../cli/process-helpers";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { startSmtpReceiver } from "../harness/smtp-receiver";
import { faultStage, minuteEscalation, PASSWORD, reportCounts } from "./support";

const FAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
const CASES = 30;

let stage: Awaited<ReturnType<typeof faultStage>>;
let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
let dir = "";

beforeAll(async () => {
  if (!existsSync(FAKETIME)) throw new Error(`${FAKETIME} is missing: apt-get install -y faketime`);
  stage = await faultStage();
  receiver = await startSmtpReceiver();
  dir = await tempDir("soporte-clock-");
  await minuteEscalation(stage.database.db, stage.services);
});

afterAll(async () => {
  await stage?.stopAll();
  await receiver?.stop();
  await rm(dir, { recursive: true, force: true });
});

const offsetFile = (name: string) => path.join(dir, `${name}.faketime`);
const faked = async (name: string) => {
  await writeFile(offsetFile(name), "+0\n");
  return {
    LD_PRELOAD: FAKETIME,
    FAKETIME_TIMESTAMP_FILE: offsetFile(name),
    FAKETIME_NO_CACHE: "1",
    // timers run on the monotonic clock: only the wall clock jumps
    FAKETIME_DONT_FAKE_MONOTONIC: "1",
  };
};

describe("fault: a clock jumps", () => {
  it("(11) a day forward on one process: every escalation step fires once, not again when the other's clock gets there", async () => {
    const steady = await stage.serve({ SMTP_URL: receiver.url, ...(await faked("steady")) });
    const jumpy = await stage.serve({ SMTP_URL: receiver.url, ...(await faked("jumpy")) });
    const customer = await newCustomer({ services: stage.services }, { planId: "relampago" });
    const requester = await newAuthorizedContact({ services: stage.services }, customer, {
      password: PASSWORD,
    });
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const opened = await stage.services.cases.openCase(
        SYSTEM_ACTOR,
        { ...p1Report(customer.systemId, { subject: `Reloj ${i}` }), requesterId: requester.id } as never,
        "phone",
      );
      if (opened.outcome !== "opened") throw new Error("case not opened");
      caseIds.push(opened.case.id);
    }
    const openedAt = Date.now();

    const firings = async () =>
      (
        await sql<{ case_id: string; level: number }>`
          SELECT case_id, level FROM case_escalations WHERE case_id = ANY(${caseIds}::uuid[])`.execute(
          stage.database.db,
        )
      ).rows;
    await writeFile(offsetFile("jumpy"), "+1d\n");
    const deadline = Date.now() + 30_000;
    while ((await firings()).length < CASES * 3 && Date.now() < deadline) await sleep(250);
    // all fired by the jumped process, long before any step was due on the real clock (45 s)
    expect(await firings()).toHaveLength(CASES * 3);
    expect(Date.now() - openedAt).toBeLessThan(40_000);

    // the steady process's clock gets there too: its sweep finds every step due, and fires none again
    await writeFile(offsetFile("steady"), "+1d\n");
    await sleep(6_000);
    const fired = await firings();
    const perStep = new Map<string, number>();
    for (const f of fired)
      perStep.set(`${f.case_id}:${f.level}`, (perStep.get(`${f.case_id}:${f.level}`) ?? 0) + 1);
    const history = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM case_events
      WHERE kind IN ('warned', 'escalated') AND case_id = ANY(${caseIds}::uuid[])`.execute(stage.database.db);
    const outbox = await sql<{ status: string; n: number }>`
      SELECT status, count(*)::int AS n FROM outbox
      WHERE case_id = ANY(${caseIds}::uuid[]) AND kind <> 'acknowledgement' GROUP BY status`.execute(
      stage.database.db,
    );
    const duplicated = [...perStep.values()].filter((n) => n > 1).length;
    expect(fired).toHaveLength(CASES * 3);
    expect(duplicated).toBe(0);
    expect(history.rows[0]!.n).toBe(CASES * 3);
    expect(outbox.rows).toEqual([{ status: "sent", n: CASES * 3 }]);
    const numbers = new Set(
      (await stage.database.db.selectFrom("cases").select("number").where("id", "in", caseIds).execute()).map(
        (c) => c.number,
      ),
    );
    const mails = receiver.received.filter((m) => {
      const number = /^\[(CAS-\d{4}-\d{6})\] (Aviso|Escalamiento)/.exec(m.parsed.subject ?? "")?.[1];
      return number !== undefined && numbers.has(number);
    });
    expect(new Set(mails.map((m) => m.parsed.messageId)).size).toBe(CASES * 3);
    expect(steady.child.exitCode).toBeNull();
    expect(jumpy.child.exitCode).toBeNull();

    await reportCounts("11 clock a day forward on one of two processes", {
      sent: CASES * 3,
      acknowledged: fired.length,
      stored: history.rows[0]!.n,
      duplicated,
      lost: CASES * 3 - perStep.size,
      "escalation mails": mails.length,
    });
  });
});
