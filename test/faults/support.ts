import { appendFile, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { sql } from "kysely";
import type { MailSettings } from "../../src/api/email";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { systemClock } from "../../src/server/platform/clock";
import { loadConfig } from "../../src/server/platform/config";
import type { Database } from "../../src/server/platform/db";
import { createServices, type Services } from "../../src/server/services";
import { ROOT, type Server, startServer, tempDir } from "../cli/process-helpers";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { createTestDatabase } from "../harness/test-database";

/**
 * What the fault scenarios share: a database of their own, the services in this process for setup and
 * checks, real `soporte serve` processes on it, customers with authorized contacts signed in over HTTP, and
 * one line of counts per scenario (also appended to test-results/faults.jsonl for the session note).
 */

export const PASSWORD = "correct horse battery staple";

type ImapSettings = NonNullable<MailSettings["imap"]>;

export type Counts = {
  sent: number;
  acknowledged: number;
  stored: number;
  duplicated: number;
  lost: number;
} & Record<string, number>;

export const reportCounts = async (scenario: string, counts: Counts) => {
  const extra = Object.entries(counts)
    .filter(([k]) => !["sent", "acknowledged", "stored", "duplicated", "lost"].includes(k))
    .map(([k, v]) => `, ${k} ${v}`)
    .join("");
  console.info(
    `fault ${scenario}: sent ${counts.sent}, acknowledged ${counts.acknowledged}, stored ${counts.stored}, duplicated ${counts.duplicated}, lost ${counts.lost}${extra}`,
  );
  await mkdir(path.join(ROOT, "test-results"), { recursive: true });
  await appendFile(
    path.join(ROOT, "test-results", "faults.jsonl"),
    `${JSON.stringify({ scenario, ...counts })}\n`,
  );
};

/** A fresh database, the services on it in this process, and every server started, stopped at the end. */
export const faultStage = async () => {
  const database = await createTestDatabase();
  const services: Services = createServices({
    config: loadConfig({ DATA_DIR: "/tmp/soporte-unused", DATABASE_URL: database.url }),
    db: database.db,
    clock: systemClock,
  });
  const servers: Server[] = [];
  const dirs: string[] = [];

  const serve = async (env: Record<string, string> = {}) => {
    const dir = await tempDir("soporte-fault-");
    dirs.push(dir);
    const server = await startServer({
      DATABASE_URL: database.url,
      DATA_DIR: dir,
      LOG_LEVEL: "warn",
      TRUST_PROXY: "true",
      ...env,
    });
    servers.push(server);
    return server;
  };

  const stopAll = async () => {
    await Promise.all(
      servers.map(async (s) => {
        if (s.child.exitCode !== null || s.child.signalCode !== null) return;
        s.child.kill("SIGTERM");
        await s.exited;
      }),
    );
    await database.drop();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  };

  return { database, services, serve, servers, stopAll };
};

/** `count` organizations, each with a system under contract and two authorized contacts (the plan's seats). */
export const customersWithContacts = async (services: Services, contacts: number) => {
  const people: { email: string; systemId: string; organizationId: string }[] = [];
  while (people.length < contacts) {
    const customer = await newCustomer({ services });
    for (let i = 0; i < 2 && people.length < contacts; i++) {
      const contact = await newAuthorizedContact({ services }, customer, { password: PASSWORD });
      people.push({
        email: contact.email,
        systemId: customer.systemId,
        organizationId: customer.organizationId,
      });
    }
  }
  return people;
};

export type HttpSession = { cookie: string; csrf: string };

/** Signs in over HTTP; each sign-in from its own forwarded address (the sign-in limit is per address). */
export const signInOverHttp = async (port: number, email: string, n: number): Promise<HttpSession> => {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": `10.9.${Math.floor(n / 250)}.${(n % 250) + 1}`,
    },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.get("set-cookie")!.split(";")[0]!, csrf: csrfToken };
};

/** A portal case; resolves to the answer's status and the case id when it was acknowledged (201). */
export const openPortalCase = async (
  port: number,
  session: HttpSession,
  systemId: string,
  subject: string,
): Promise<{ status: number; id: string | null; number: string | null; problem: string | null }> => {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/cases`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: session.cookie, "x-csrf-token": session.csrf },
    body: JSON.stringify(p1Report(systemId, { subject })),
  });
  const type = res.headers.get("content-type") ?? "";
  const body = (await res.json().catch(() => null)) as { id?: string; number?: string; code?: string } | null;
  return {
    status: res.status,
    id: res.status === 201 ? (body?.id ?? null) : null,
    number: res.status === 201 ? (body?.number ?? null) : null,
    problem: res.status >= 400 ? `${type.split(";")[0]} ${body?.code ?? ""}` : null,
  };
};

/** Runs `work` over `items`, `concurrency` at a time; the results in the items' order. */
export const pool = async <T, R>(
  items: T[],
  concurrency: number,
  work: (item: T, i: number) => Promise<R>,
) => {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!, i);
      }
    }),
  );
  return results;
};

/** Polls `what` until it holds or the time is up; the last look decides. */
export const waitFor = async (what: () => Promise<boolean>, timeoutMs: number, everyMs = 200) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await what()) return true;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return what();
};

/** A Message-ID as a receiver compares it: no angle brackets, any case. */
export const bareMessageId = (messageId: string) => messageId.replace(/^<|>$/g, "").toLowerCase();

/** Of the messages we expect (by Message-ID), how many a receiver got, and how many it got more than once. */
export const deliveredOnce = (received: { parsed: { messageId?: string } }[], messageIds: string[]) => {
  const expected = new Set(messageIds.map(bareMessageId));
  const perMessage = new Map<string, number>();
  for (const m of received) {
    const id = bareMessageId(m.parsed.messageId ?? "");
    perMessage.set(id, (perMessage.get(id) ?? 0) + 1);
  }
  return {
    expected: expected.size,
    delivered: [...expected].filter((id) => perMessage.has(id)).length,
    duplicated: [...perMessage.values()].filter((n) => n > 1).length,
  };
};

/** Mail settings for a burst: our support address, no loop alarm for many messages from a few senders. */
export const burstMailSettings = (
  support: string,
  options: { imap?: ImapSettings | null; autoRepliesPerAddressPerDay?: number } = {},
) => ({
  supportAddresses: [support],
  trustedAuthServIds: [],
  autoRepliesPerAddressPerDay: options.autoRepliesPerAddressPerDay ?? 5,
  loopThreshold: { messages: 10_000, minutes: 10 },
  imap: options.imap ?? null,
});

/** A test Dovecot's INBOX over plain IMAP, processed mail moved to "Procesados". */
export const dovecotMailbox = (port: number, user: string, password: string): ImapSettings => ({
  host: "127.0.0.1",
  port,
  secure: false,
  user,
  password,
  mailbox: "INBOX",
  processedMailbox: "Procesados",
});

export type AcknowledgementRow = {
  id: string;
  message_id: string;
  to_address: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  last_error: string | null;
};

/** The outbox rows of these cases' acknowledgements. */
export const acknowledgementsOf = async (db: Database, caseIds: string[]) =>
  (
    await sql<AcknowledgementRow>`
      SELECT id, message_id, to_address, status, attempts, next_attempt_at, created_at, last_error FROM outbox
      WHERE kind = 'acknowledgement' AND case_id = ANY(${caseIds}::uuid[])`.execute(db)
  ).rows;

/**
 * Escalation within seconds: a plan "relampago" whose P1 is answered within a minute on 24×7 (warning at
 * 45 s, level 1 at 60 s, level 2 at 90 s), and one person per audience, so that every step sends exactly one
 * mail: the queue is the specialist, level 1 the manager, level 2 the director (the admin a server makes).
 */
export const minuteEscalation = async (db: Database, services: Services) => {
  const extendido = (
    await db.selectFrom("plans").select("settings").where("id", "=", "extendido").executeTakeFirstOrThrow()
  ).settings as { responseClocks: Record<string, unknown> };
  const relampago = {
    ...extendido,
    id: "relampago",
    name: "Relámpago",
    responseClocks: { ...extendido.responseClocks, P1: { calendarId: "24x7", targetMinutes: 1 } },
  };
  await db
    .insertInto("plans")
    .values({ id: "relampago", name: "Relámpago", settings: JSON.stringify(relampago) })
    .execute();
  for (const role of ["specialist", "manager"] as const) {
    await services.users.createStaffUser(SYSTEM_ACTOR, {
      name: `${role} de guardia`,
      email: `${role}@guardia.example`,
      role,
      preferredLanguage: "es-MX",
      password: PASSWORD,
    });
  }
};

export { SYSTEM_ACTOR };
