/**
 * What PostgreSQL alone can write, for the write routes of `bench:api`: the rows a staff reply and a phone
 * intake leave (case, history, audit, webhook event, escalation timer, outbox mail, bell notification), each
 * set in ONE prepared statement copied from rows the routes wrote, run by `pgbench` (10 connections, the
 * same seconds as a route) on the bench's database — no HTTP, no application, no reads, both cores for
 * PostgreSQL. No application can write faster on the same machine: the writes' targets are read against it.
 * Run last (its copies, numbered FLOOR-…, stay in a database the bench drops). Null when no `pgbench` is
 * installed (it comes with the PostgreSQL server).
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type pg from "pg";

const run = promisify(execFile);

const findPgbench = async (): Promise<string | null> => {
  try {
    await run("pgbench", ["--version"]);
    return "pgbench";
  } catch {
    const root = "/usr/lib/postgresql";
    if (!existsSync(root)) return null;
    const found = readdirSync(root)
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => path.join(root, v, "bin/pgbench"))
      .find((p) => existsSync(p));
    return found ?? null;
  }
};

const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The two statements, from a case and a mail the measured routes wrote. */
const statements = async (client: pg.Client) => {
  const template = (
    await client.query<{ id: string; outbox_id: string }>(
      `SELECT c.id, o.id AS outbox_id FROM cases c JOIN outbox o ON o.case_id = c.id
       WHERE c.channel = 'phone' AND o.kind = 'acknowledgement' ORDER BY c.number DESC LIMIT 1`,
    )
  ).rows[0];
  if (!template) throw new Error("no phone intake with its acknowledgement to copy");
  const columns = (
    await client.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
       WHERE table_name = 'cases' AND is_generated = 'NEVER'
         AND column_name NOT IN ('id', 'number', 'thread_token', 'revision', 'version', 'updated_at')
       ORDER BY ordinal_position`,
    )
  ).rows.map((r) => r.column_name);
  const mail = `kind, to_user_id, to_address, locale, subject, text_body, html_body, in_reply_to, "references", status, next_attempt_at, created_at`;
  const fromMail = mail
    .split(", ")
    .map((c) => `m.${c}`)
    .join(", ");
  const caseId = quoted(template.id);
  const outboxId = quoted(template.outbox_id);
  const others = (kind: string, action: string) => `
    e AS (INSERT INTO case_events (case_id, at, actor_id, kind, visibility, body)
          SELECT id, now(), requester_id, '${kind}', 'public', 'Le compartimos el procedimiento actualizado.' FROM c),
    a AS (INSERT INTO audit_log (actor_id, via, action, entity, entity_id, organization_id, details)
          SELECT requester_id, 'token', '${action}', 'case', id, organization_id, '{"channel":"phone"}' FROM c),
    w AS (INSERT INTO webhook_events (type, organization_id, case_id, payload, created_at)
          SELECT '${action}', organization_id, id, '{"case":{}}', now() FROM c)`;
  const outbox = `INSERT INTO outbox (message_id, case_id, ${mail})
    SELECT gen_random_uuid()::text, c.id, ${fromMail} FROM outbox m, c WHERE m.id = ${outboxId}`;
  const create = `WITH c AS (
      INSERT INTO cases (number, ${columns.join(", ")})
      SELECT 'FLOOR-' || gen_random_uuid(), ${columns.join(", ")} FROM cases WHERE id = ${caseId}
      RETURNING id, requester_id, organization_id),
    ${others("created", "case.created")},
    t AS (INSERT INTO escalation_timers (case_id, clock, level, due_at)
          SELECT id, 'response', 0, now() + interval '1 hour' FROM c)
    ${outbox}`;
  const reply = `WITH c AS (SELECT id, requester_id, organization_id FROM cases WHERE id = ${caseId}),
    ${others("reply", "case.replied")},
    n AS (INSERT INTO notifications (user_id, case_id, kind, data, created_at)
          SELECT requester_id, id, 'reply', '{}', now() FROM c)
    ${outbox}`;
  return { create, reply };
};

export const measureWriteFloor = async (options: {
  url: string;
  client: pg.Client;
  seconds: number;
  connections: number;
}): Promise<{ reply: number; create: number } | null> => {
  const pgbench = await findPgbench();
  if (!pgbench) return null;
  const dir = await mkdtemp(path.join(tmpdir(), "soporte-floor-"));
  try {
    const sql = await statements(options.client);
    const tps = async (name: "reply" | "create") => {
      const file = path.join(dir, `${name}.sql`);
      // pgbench reads one statement per line
      await writeFile(file, `${sql[name].replace(/\s+/g, " ")};\n`);
      const { stdout } = await run(pgbench, [
        "-n",
        "-M",
        "prepared",
        "-c",
        String(options.connections),
        "-j",
        "2",
        "-T",
        String(options.seconds),
        "-f",
        file,
        options.url,
      ]);
      const match = /tps = ([\d.]+)/.exec(stdout);
      if (!match) throw new Error(`pgbench said: ${stdout.slice(0, 300)}`);
      return Number(match[1]);
    };
    return { reply: await tps("reply"), create: await tps("create") };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
