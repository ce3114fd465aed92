/**
 * Secrets at rest: the IMAP password and the webhook signing secrets are sealed in the database, never in an
 * answer or the audit trail, and `soporte admin rotate-secrets-key` seals them again under a new key while a
 * running server keeps reading them.
 */
import { randomBytes } from "node:crypto";
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { runCli } from "../cli/process-helpers";
import { setupTestApp } from "../harness/test-app";

const dataDir = path.join(tmpdir(), `soporte-secrets-${randomBytes(4).toString("hex")}`);
const { ctx, request, signIn } = setupTestApp({ env: { DATA_DIR: dataDir } });
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const PASSWORD = `imap-${randomBytes(9).toString("base64url")}`;

const imapSettings = (password: string | null) => ({
  supportAddresses: ["soporte@proveedor.example"],
  trustedAuthServIds: [],
  autoRepliesPerAddressPerDay: 5,
  loopThreshold: { messages: 20, minutes: 10 },
  imap: {
    host: "imap.proveedor.example",
    port: 993,
    secure: true,
    user: "soporte",
    password,
    mailbox: "INBOX",
    processedMailbox: null,
  },
});

/** Every row of every table of the application, as text: what a database dump would show. */
const wholeDatabase = async () => {
  const tables = await sql<{ schemaname: string; tablename: string }>`
    SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`.execute(
    ctx.db.db,
  );
  let text = "";
  for (const t of tables.rows) {
    const rows = await sql<{ row: string }>`
      SELECT t::text AS row FROM ${sql.table(`${t.schemaname}.${t.tablename}`)} AS t`.execute(ctx.db.db);
    text += rows.rows.map((r) => r.row).join("\n");
  }
  return text;
};

const storedPassword = async () =>
  (
    await sql<{ password: string | null }>`
      SELECT value->'imap'->>'password' AS password FROM settings WHERE key = 'mail'`.execute(ctx.db.db)
  ).rows[0]?.password ?? null;

describe("secrets at rest", () => {
  it("keeps the IMAP password out of the database, every answer and the audit trail; intake still signs in with it", async () => {
    const admin = await signIn("admin");
    const saved = await request("PUT", "/api/v1/settings/mail", {
      session: admin,
      body: imapSettings(PASSWORD),
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().imap).toMatchObject({ password: null, passwordSet: true });

    const answers = [
      saved.body,
      (await request("GET", "/api/v1/settings/mail", { session: admin })).body,
      (await request("GET", "/api/v1/audit?limit=100", { session: admin })).body,
    ];
    for (const answer of answers) expect(answer).not.toContain(PASSWORD);
    // an edit without a password keeps the stored one, still sealed
    const edited = await request("PUT", "/api/v1/settings/mail", {
      session: admin,
      body: imapSettings(null),
    });
    expect(edited.statusCode).toBe(200);

    expect(await storedPassword()).toMatch(/^sb1\.[0-9a-f]{8}\./);
    expect(await wholeDatabase()).not.toContain(PASSWORD);
    expect((await ctx.app.services.emailIntake.loadSettings()).imap?.password).toBe(PASSWORD);
    const keyFile = await stat(path.join(dataDir, "secrets.key"));
    expect(keyFile.mode & 0o777).toBe(0o600);
  });

  it("seals a password stored in plain text before sealing existed, the first time it is read", async () => {
    const plain = `antigua-${randomBytes(6).toString("hex")}`;
    await sql`UPDATE settings SET value = jsonb_set(value, '{imap,password}', to_jsonb(${plain}::text)) WHERE key = 'mail'`.execute(
      ctx.db.db,
    );
    expect(await storedPassword()).toBe(plain);
    expect((await ctx.app.services.emailIntake.loadSettings()).imap?.password).toBe(plain);
    expect(await storedPassword()).toMatch(/^sb1\./);
    expect((await ctx.app.services.emailIntake.loadSettings()).imap?.password).toBe(plain);
    // back to the password of the other tests
    await ctx.app.services.emailIntake.updateSettings(SYSTEM_ACTOR, imapSettings(PASSWORD));
  });

  it("rotates the key from the command line: every secret sealed again, the running server reads them on", async () => {
    const admin = await signIn("admin");
    const hook = await request("POST", "/api/v1/webhooks", {
      session: admin,
      body: { url: "https://crm.example.com/hooks/soporte", events: ["case.created"], description: "CRM" },
    });
    expect(hook.statusCode, hook.body).toBe(201);
    const signingSecret = hook.json().secret as string;
    const sealedSecret = async () =>
      (
        await ctx.db.db
          .selectFrom("webhook_endpoints")
          .select("secret_sealed")
          .where("id", "=", hook.json().id)
          .executeTakeFirstOrThrow()
      ).secret_sealed;
    const oldKeyId = (await storedPassword())!.split(".")[1]!;
    expect((await sealedSecret()).split(".")[1]).toBe(oldKeyId);
    const oldKey = await readFile(path.join(dataDir, "secrets.key"), "utf8");

    const rotated = await runCli(["admin", "rotate-secrets-key"], {
      DATABASE_URL: ctx.db.url,
      DATA_DIR: dataDir,
    });
    expect(rotated.stderr).toBe("");
    expect(rotated.code).toBe(0);
    const newKeyId = (await storedPassword())!.split(".")[1]!;
    expect(newKeyId).not.toBe(oldKeyId);
    expect(rotated.stdout).toContain(
      `secrets sealed again under key ${newKeyId} (was ${oldKeyId}): 1 webhook endpoint(s), 1 IMAP password`,
    );
    expect((await sealedSecret()).split(".")[1]).toBe(newKeyId);
    expect(await readFile(path.join(dataDir, "secrets.key.previous"), "utf8")).toBe(oldKey);
    expect((await stat(path.join(dataDir, "secrets.key"))).mode & 0o777).toBe(0o600);
    // the running app opens both under the new key without a restart
    expect((await ctx.app.services.emailIntake.loadSettings()).imap?.password).toBe(PASSWORD);
    const box = await (await import("../../src/server/platform/secret-store")).lazySecretBox({
      dataDir,
      secretsKey: undefined,
      secretsPreviousKey: undefined,
    })();
    expect(box.open(await sealedSecret())).toBe(signingSecret);
    expect(await wholeDatabase()).not.toContain(PASSWORD);
    expect(await wholeDatabase()).not.toContain(signingSecret);

    // with SECRETS_KEY: a key that opens nothing stored is refused in one line, nothing changes
    const stranger = randomBytes(32).toString("base64");
    const newKeyFile = path.join(dataDir, "next.key");
    await writeFile(newKeyFile, randomBytes(32).toString("base64"), { mode: 0o600 });
    const refused = await runCli(["admin", "rotate-secrets-key", "--new-key-file", newKeyFile], {
      DATABASE_URL: ctx.db.url,
      DATA_DIR: dataDir,
      SECRETS_KEY: stranger,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(
      /^soporte: a secret was sealed with key [0-9a-f]{8}, which this server does not have/,
    );
    expect((await storedPassword())!.split(".")[1]).toBe(newKeyId);
  });
});
