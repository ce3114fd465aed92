/**
 * Fault scenario (4): the SMTP relay is down for a whole burst of portal cases on two `soporte serve`
 * processes, each case queuing its acknowledgement; when the relay comes back the outbox drains exactly
 * once — one message per case by Message-ID, none twice, none left unsent.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Server } from "../cli/process-helpers";
import { startSmtpReceiver } from "../harness/smtp-receiver";
import {
  acknowledgementsOf,
  customersWithContacts,
  deliveredOnce,
  faultStage,
  openPortalCase,
  pool,
  reportCounts,
  signInOverHttp,
  waitFor,
} from "./support";

const CONTACTS = 20;
const CASES = 100;

let stage: Awaited<ReturnType<typeof faultStage>>;
let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
let people: Awaited<ReturnType<typeof customersWithContacts>>;

const acknowledgements = (caseIds: string[]) => acknowledgementsOf(stage.database.db, caseIds);

beforeAll(async () => {
  stage = await faultStage();
  receiver = await startSmtpReceiver();
  people = await customersWithContacts(stage.services, CONTACTS);
});

afterAll(async () => {
  await stage?.stopAll();
  await receiver?.stop();
});

describe("fault: the SMTP relay is down", () => {
  it("(4) 100 cases acknowledged while the relay is down: once it is back, each acknowledgement is sent once", async () => {
    // the relay goes down before anything is sent; its port stays ours
    await receiver.stop();
    const servers: Server[] = [];
    for (let i = 0; i < 2; i++) servers.push(await stage.serve({ SMTP_URL: receiver.url }));
    const sessions = await pool(people, 10, (p, i) => signInOverHttp(servers[i % 2]!.port, p.email, i));
    const requests = Array.from({ length: CASES }, (_, i) => ({
      person: i % CONTACTS,
      server: servers[i % 2]!,
      subject: `Relevo caído ${String(i).padStart(3, "0")}`,
    }));
    const answers = await pool(requests, 10, (r) =>
      openPortalCase(r.server.port, sessions[r.person]!, people[r.person]!.systemId, r.subject),
    );
    expect(answers.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.problem}`)).toEqual([]);
    const caseIds = answers.map((a) => a.id!);

    // every acknowledgement is queued and has been tried against the dead relay, none given up on
    expect(
      await waitFor(async () => {
        const rows = await acknowledgements(caseIds);
        return rows.length === CASES && rows.every((r) => r.attempts >= 1 && r.status === "pending");
      }, 15_000),
    ).toBe(true);
    const whileDown = await acknowledgements(caseIds);
    expect(whileDown.every((r) => r.last_error !== null)).toBe(true);
    expect(receiver.received).toHaveLength(0);

    await receiver.start();
    const drained = await waitFor(
      async () => (await acknowledgements(caseIds)).every((r) => r.status === "sent"),
      30_000,
    );
    if (!drained) console.error("outbox after the wait", await acknowledgements(caseIds));
    expect(drained).toBe(true);
    // settle: nothing more may arrive
    await sleep(1_500);

    const rows = await acknowledgements(caseIds);
    const {
      expected: expectedCount,
      delivered,
      duplicated,
    } = deliveredOnce(
      receiver.received,
      rows.map((r) => r.message_id),
    );
    const lost = expectedCount - delivered;
    expect(expectedCount).toBe(CASES);
    expect(delivered).toBe(CASES);
    expect(duplicated).toBe(0);
    expect(lost).toBe(0);
    // nothing at all is left waiting in the outbox
    const unsent = await stage.database.db
      .selectFrom("outbox")
      .select(["kind", "status"])
      .where("status", "!=", "sent")
      .execute();
    expect(unsent).toEqual([]);

    await reportCounts("4 relay down for the burst", {
      sent: requests.length,
      acknowledged: answers.filter((a) => a.status === 201).length,
      stored: rows.length,
      duplicated,
      lost,
      delivered,
      "mails received": receiver.received.length,
      "max attempts": Math.max(...rows.map((r) => r.attempts)),
    });
    for (const s of servers) {
      s.child.kill("SIGTERM");
      expect(await s.exited).toBe(0);
    }
  });
});
