/**
 * Fault scenario (6): the SMTP relay refuses one recipient for good (550) during a burst of portal cases
 * on a `soporte serve` process. Only that acknowledgement fails — at once, not retried — and it shows in
 * the failed mail an admin lists (`GET /api/v1/outbox?status=failed`, the outbox page's list); retried
 * there (`POST /api/v1/outbox/:id/retry`) once the relay takes the address, it is sent, once. Every other
 * message is delivered once.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxMessage } from "../../src/api/notifications";
import { startSmtpReceiver } from "../harness/smtp-receiver";
import {
  acknowledgementsOf,
  customersWithContacts,
  deliveredOnce,
  faultStage,
  type HttpSession,
  openPortalCase,
  PASSWORD,
  reportCounts,
  SYSTEM_ACTOR,
  signInOverHttp,
  waitFor,
} from "./support";

const CASES = 20;
const ADMIN = "admin@relevo.example";

let stage: Awaited<ReturnType<typeof faultStage>>;
let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
let people: Awaited<ReturnType<typeof customersWithContacts>>;

const exactly = (address: string) => new RegExp(`^${address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "i");

const acknowledgements = (caseIds: string[]) => acknowledgementsOf(stage.database.db, caseIds);

const api = async (port: number, session: HttpSession, method: string, path: string) => {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
    method,
    headers: { cookie: session.cookie, "x-csrf-token": session.csrf },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

type OutboxPage = { items: OutboxMessage[]; counts: Record<string, number> };

beforeAll(async () => {
  stage = await faultStage();
  people = await customersWithContacts(stage.services, CASES);
  // the relay knows every address but one
  receiver = await startSmtpReceiver({ reject: exactly(people[7]!.email) });
  await stage.services.users.createStaffUser(SYSTEM_ACTOR, {
    name: "Administradora del correo",
    email: ADMIN,
    role: "admin",
    preferredLanguage: "es-MX",
    password: PASSWORD,
  });
});

afterAll(async () => {
  await stage?.stopAll();
  await receiver?.stop();
});

describe("fault: the SMTP relay refuses one recipient", () => {
  it("(6) one 550 among 20: only that message fails, an admin sees it and retries it, it is sent once", async () => {
    const server = await stage.serve({ SMTP_URL: receiver.url });
    const refusedAddress = people[7]!.email;
    const sessions = await Promise.all(people.map((p, i) => signInOverHttp(server.port, p.email, i)));
    const answers = await Promise.all(
      people.map((p, i) => openPortalCase(server.port, sessions[i]!, p.systemId, `Relevo rechaza ${i}`)),
    );
    expect(answers.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.problem}`)).toEqual([]);
    const caseIds = answers.map((a) => a.id!);

    // everything is settled: the others sent, the refused one failed on its first attempt
    expect(
      await waitFor(async () => {
        const rows = await acknowledgements(caseIds);
        return rows.length === CASES && rows.every((r) => r.status === "sent" || r.status === "failed");
      }, 15_000),
    ).toBe(true);
    await sleep(1_500);
    let rows = await acknowledgements(caseIds);
    const failed = rows.filter((r) => r.status === "failed");
    expect(failed.map((r) => [r.to_address, r.attempts])).toEqual([[refusedAddress, 1]]);
    expect(receiver.refused.filter((r) => r.code === 550)).toHaveLength(1);

    // the admin's outbox page lists it, with the relay's answer
    const admin = await signInOverHttp(server.port, ADMIN, 100);
    const list = await api(server.port, admin, "GET", "/outbox?status=failed");
    expect(list.status).toBe(200);
    const page = list.body as unknown as OutboxPage;
    expect(page.items.map((m) => [m.id, m.to, m.kind, m.status])).toEqual([
      [failed[0]!.id, refusedAddress, "acknowledgement", "failed"],
    ]);
    expect(page.items[0]!.lastError).toMatch(/^550 /);
    expect(page.counts.failed).toBe(1);
    // a customer may not see it
    const customerList = await api(server.port, sessions[0]!, "GET", "/outbox?status=failed");
    expect(customerList.status).toBe(403);

    // the address is fixed at the relay; the admin retries the message
    receiver.setReject(null);
    const retried = await api(server.port, admin, "POST", `/outbox/${failed[0]!.id}/retry`);
    expect(retried).toEqual({ status: 200, body: { id: failed[0]!.id, status: "pending" } });
    expect(
      await waitFor(async () => (await acknowledgements(caseIds)).every((r) => r.status === "sent"), 10_000),
    ).toBe(true);
    await sleep(1_500);
    rows = await acknowledgements(caseIds);
    expect(rows.find((r) => r.id === failed[0]!.id)!.attempts).toBe(2);
    const afterRetry = (await api(server.port, admin, "GET", "/outbox?status=failed"))
      .body as unknown as OutboxPage;
    expect(afterRetry.items).toEqual([]);

    const { delivered, duplicated } = deliveredOnce(
      receiver.received,
      rows.map((r) => r.message_id),
    );
    expect(delivered).toBe(CASES);
    expect(duplicated).toBe(0);
    expect(receiver.received.filter((m) => m.to.includes(refusedAddress))).toHaveLength(1);

    await reportCounts("6 relay 550 for one recipient", {
      sent: answers.length,
      acknowledged: answers.filter((a) => a.status === 201).length,
      stored: rows.length,
      duplicated,
      lost: CASES - delivered,
      delivered,
      "failed before retry": failed.length,
      "refused 550": receiver.refused.filter((r) => r.code === 550).length,
    });
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});
