/**
 * The IMAP path of the email channel against a real IMAP server (Dovecot, started by the test) over TLS
 * with certificate verification: messages are stored, then moved to the processed folder, processed once.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startImapIntake } from "../../src/server/modules/email-intake";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { newAuthorizedContact, newCustomer } from "../harness/case-fixtures";
import { type Dovecot, startDovecot } from "../harness/dovecot";
import { setupTestApp } from "../harness/test-app";

const SUPPORT = "soporte@soporte.example";
const { ctx, request, signIn, PASSWORD } = setupTestApp({ env: { MAIL_FROM: `Soporte <${SUPPORT}>` } });
const MAILBOX_USER = "soporte";
const MAILBOX_PASSWORD = "buzón-de-soporte";

let dovecot: Dovecot;
let poller: ReturnType<typeof startImapIntake> | null = null;
let anaEmail = "";

const mail = (options: { from: string; subject: string; id: string; body?: string }) =>
  [
    `From: ${options.from}`,
    `To: ${SUPPORT}`,
    `Subject: ${options.subject}`,
    `Message-ID: <${options.id}@cliente.example>`,
    "Date: Fri, 27 Nov 2026 17:00:00 -0600",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    options.body ?? "El sistema no responde desde esta mañana.",
    "",
  ].join("\r\n");

const inbound = () =>
  ctx.db.db
    .selectFrom("inbound_mail")
    .select(["message_id", "status", "outcome", "source", "source_detail", "deliveries", "case_id"])
    .orderBy("message_id")
    .execute();

const waitFor = async (what: () => Promise<boolean>, ms: number) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await what()) return true;
    await sleep(100);
  }
  return false;
};

const imapSettings = (port: number) => ({
  host: "127.0.0.1",
  port,
  secure: true,
  user: MAILBOX_USER,
  password: MAILBOX_PASSWORD,
  mailbox: "INBOX",
  processedMailbox: "Procesados",
});

beforeAll(async () => {
  dovecot = await startDovecot({ tls: true, users: [{ user: MAILBOX_USER, password: MAILBOX_PASSWORD }] });
  const customer = await newCustomer(ctx.app, { startDate: "2026-06-01" });
  anaEmail = (await newAuthorizedContact(ctx.app, customer, { password: PASSWORD })).email;
  await ctx.app.services.emailIntake.updateSettings(SYSTEM_ACTOR, {
    supportAddresses: [SUPPORT],
    trustedAuthServIds: [],
    autoRepliesPerAddressPerDay: 5,
    loopThreshold: { messages: 20, minutes: 10 },
    imap: imapSettings(dovecot.tlsPort!),
  });
});

afterAll(async () => {
  await poller?.stop();
  await dovecot?.stop();
});

describe("IMAP mailbox polling", () => {
  it("stores each unseen message, moves it to the processed folder, and processes it once", async () => {
    await dovecot.append(
      MAILBOX_USER,
      "INBOX",
      mail({ from: anaEmail, subject: "SIGAP no responde", id: "imap-1" }),
    );
    await dovecot.append(
      MAILBOX_USER,
      "INBOX",
      mail({ from: "desconocido@example.com", subject: "Ayuda", id: "imap-2" }),
    );
    // the same message delivered twice to the mailbox
    await dovecot.append(
      MAILBOX_USER,
      "INBOX",
      mail({ from: anaEmail, subject: "SIGAP no responde", id: "imap-1" }),
    );
    poller = startImapIntake({
      intake: ctx.app.services.emailIntake,
      settings: async () => (await ctx.app.services.emailIntake.loadSettings()).imap,
      ca: dovecot.ca,
      pollMs: 2_000,
    });
    expect(
      await waitFor(async () => {
        const rows = await inbound();
        return rows.length === 2 && rows.every((r) => r.status !== "received" && r.status !== "processing");
      }, 20_000),
    ).toBe(true);
    const rows = await inbound();
    expect(rows.map((r) => [r.message_id, r.source, r.outcome, r.deliveries])).toEqual([
      ["imap-1@cliente.example", "imap", "case_opened", 2],
      ["imap-2@cliente.example", "imap", "refused", 1],
    ]);
    expect(rows[0]!.source_detail).toMatchObject({ mailbox: "INBOX", host: "127.0.0.1" });
    expect(
      await waitFor(async () => (await dovecot.list(MAILBOX_USER, "Procesados")).length === 3, 10_000),
    ).toBe(true);
    expect(await dovecot.list(MAILBOX_USER, "INBOX")).toEqual([]);
  });

  it("picks up new mail within seconds while waiting (IDLE)", async () => {
    const started = Date.now();
    await dovecot.append(
      MAILBOX_USER,
      "INBOX",
      mail({ from: anaEmail, subject: "Otra falla", id: "imap-3" }),
    );
    expect(
      await waitFor(
        async () =>
          (await inbound()).some(
            (r) => r.message_id === "imap-3@cliente.example" && r.outcome === "case_opened",
          ),
        10_000,
      ),
    ).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("verifies the server's certificate: without our CA the account test fails, naming the reason", async () => {
    const admin = await signIn("admin");
    const res = await request("POST", "/api/v1/settings/mail/imap-test", { session: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: false, messages: null });
    expect(res.json().error).toMatch(/certificate|self[- ]signed|SELF_SIGNED|UNABLE_TO_VERIFY/i);
    const specialist = await signIn("specialist");
    expect(
      (await request("POST", "/api/v1/settings/mail/imap-test", { session: specialist })).statusCode,
    ).toBe(403);
  });

  it("keeps the IMAP password write-only", async () => {
    const admin = await signIn("admin");
    const view = await request("GET", "/api/v1/settings/mail", { session: admin });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json().imap).toMatchObject({ host: "127.0.0.1", password: null, passwordSet: true });
    expect(view.body).not.toContain(MAILBOX_PASSWORD);
    // the answer's read-only field is not accepted back
    const echoed = await request("PUT", "/api/v1/settings/mail", { session: admin, body: view.json() });
    expect(echoed.statusCode).toBe(400);
    const { passwordSet: _ignored, ...imap } = view.json().imap as Record<string, unknown>;
    const saved = await request("PUT", "/api/v1/settings/mail", {
      session: admin,
      body: { ...(view.json() as Record<string, unknown>), imap: { ...imap, password: null } },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await ctx.app.services.emailIntake.loadSettings()).imap?.password).toBe(MAILBOX_PASSWORD);
  });

  it("holds the mailbox's advisory lock while polling, takes the new one's when the settings change, and lets go on stop", async () => {
    // granted IMAP mailbox locks in this database (two-int advisory keys)
    const locks = async () =>
      (
        await sql<{ objid: string }>`
          SELECT objid::text FROM pg_locks
          WHERE locktype = 'advisory' AND objsubid = 2 AND granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(
          ctx.db.db,
        )
      ).rows.map((r) => r.objid);
    await poller?.stop();
    poller = startImapIntake({
      intake: ctx.app.services.emailIntake,
      settings: async () => (await ctx.app.services.emailIntake.loadSettings()).imap,
      ca: dovecot.ca,
      databaseUrl: ctx.db.url,
      pollMs: 300,
    });
    expect(await waitFor(async () => (await locks()).length === 1, 5_000)).toBe(true);
    const [first] = await locks();
    await dovecot.append(MAILBOX_USER, "Otro", mail({ from: anaEmail, subject: "Otro buzón", id: "imap-4" }));
    const settings = await ctx.app.services.emailIntake.loadSettings();
    await ctx.app.services.emailIntake.updateSettings(SYSTEM_ACTOR, {
      ...settings,
      imap: { ...imapSettings(dovecot.tlsPort!), mailbox: "Otro" },
    });
    expect(
      await waitFor(async () => {
        const now = await locks();
        return now.length === 1 && now[0] !== first;
      }, 5_000),
    ).toBe(true);
    // and it polls the new mailbox
    expect(
      await waitFor(
        async () => (await inbound()).some((r) => r.message_id === "imap-4@cliente.example"),
        5_000,
      ),
    ).toBe(true);
    await poller.stop();
    poller = null;
    expect(await locks()).toEqual([]);
  });
});
