/**
 * Fault scenario (9): the disk that holds the attachments fills up. Attachments live in PostgreSQL, so the
 * test puts their table on a tablespace of its own, on a 3 MB tmpfs (mounting needs root: CI runs as root).
 * An upload that does not fit gets 507 problem+json; the case and the files already taken stay whole; other
 * writes go on; once there is room again, uploads are taken again. And a start on a disk too small for the
 * embedded database says so in one line.
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chown, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, runCli } from "../cli/process-helpers";
import { newAuthorizedContact, newCustomer } from "../harness/case-fixtures";
import {
  faultStage,
  type HttpSession,
  openPortalCase,
  PASSWORD,
  reportCounts,
  signInOverHttp,
} from "./support";

const FILE_BYTES = 700 * 1024;
let stage: Awaited<ReturnType<typeof faultStage>>;
let mountPoint = "";
let mounted = false;
const tablespace = `soporte_full_${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  if (userInfo().uid !== 0) throw new Error("this scenario mounts a small tmpfs: run it as root (CI does)");
  stage = await faultStage();
  mountPoint = await mkdtemp(path.join(tmpdir(), "soporte-full-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", mountPoint]);
  mounted = true;
  // the tablespace's folder belongs to the user PostgreSQL runs as
  const dataDirectory = (
    await sql<{ d: string }>`SELECT current_setting('data_directory') AS d`.execute(stage.database.db)
  ).rows[0]!.d;
  const owner = await stat(dataDirectory);
  await chown(mountPoint, owner.uid, owner.gid);
  await sql.raw(`CREATE TABLESPACE ${tablespace} LOCATION '${mountPoint}'`).execute(stage.database.db);
  await sql.raw(`ALTER TABLE case_attachments SET TABLESPACE ${tablespace}`).execute(stage.database.db);
});

afterAll(async () => {
  await stage?.stopAll();
  const admin = await import("pg");
  const { inject } = await import("vitest");
  const client = new admin.default.Client({ connectionString: inject("adminDatabaseUrl") });
  await client.connect();
  await client.query(`DROP TABLESPACE IF EXISTS ${tablespace}`).catch(() => undefined);
  await client.end();
  if (mounted) execFileSync("umount", [mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
});

const upload = async (port: number, session: HttpSession, caseId: string, content: Buffer, name: string) => {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(content)], { type: "application/octet-stream" }), name);
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/cases/${caseId}/attachments`, {
    method: "POST",
    headers: { cookie: session.cookie, "x-csrf-token": session.csrf },
    body: form,
  });
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    body: (await res.json()) as Record<string, string>,
  };
};

describe("fault: the attachment store is full", () => {
  it("(9) an upload that does not fit gets 507 problem+json; the case stays whole; with room again it is taken", async () => {
    const customer = await newCustomer({ services: stage.services });
    const contact = await newAuthorizedContact({ services: stage.services }, customer, {
      password: PASSWORD,
    });
    const server = await stage.serve({});
    const session = await signInOverHttp(server.port, contact.email, 0);
    const opened = await openPortalCase(server.port, session, customer.systemId, "Disco lleno");
    expect(opened.status).toBe(201);
    const caseId = opened.id!;

    const taken: { id: string; sha256: string }[] = [];
    const answers: number[] = [];
    let full: Awaited<ReturnType<typeof upload>> | null = null;
    for (let i = 0; i < 10 && !full; i++) {
      const content = randomBytes(FILE_BYTES);
      const answer = await upload(server.port, session, caseId, content, `bitacora-${i}.bin`);
      answers.push(answer.status);
      if (answer.status === 201) {
        expect(answer.body.sha256).toBe(createHash("sha256").update(content).digest("hex"));
        taken.push({ id: answer.body.id!, sha256: answer.body.sha256! });
      } else full = answer;
    }
    expect(taken.length).toBeGreaterThan(0);
    expect(full?.status).toBe(507);
    expect(full?.type).toContain("application/problem+json");
    expect(full?.body).toMatchObject({ code: "insufficient_storage", reason: "storage_full", status: 507 });
    expect(server.child.exitCode).toBeNull();

    // the case and what it had are whole: the refused file left nothing behind
    const base = `http://127.0.0.1:${server.port}/api/v1/cases/${caseId}`;
    const headers = { cookie: session.cookie, "x-csrf-token": session.csrf };
    const listed = (await (await fetch(`${base}/attachments`, { headers })).json()) as {
      items: { id: string }[];
    };
    expect(listed.items.map((a) => a.id).sort()).toEqual(taken.map((t) => t.id).sort());
    for (const t of taken) {
      const file = Buffer.from(await (await fetch(`${base}/attachments/${t.id}`, { headers })).arrayBuffer());
      expect(createHash("sha256").update(file).digest("hex")).toBe(t.sha256);
    }
    const rows = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM case_attachments WHERE case_id = ${caseId}`.execute(stage.database.db);
    expect(rows.rows[0]!.n).toBe(taken.length);
    // writes that need no room on that disk go on
    const reply = await fetch(`${base}/replies`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ body: "Adjunto la bitácora en cuanto se pueda." }),
    });
    expect(reply.status).toBeLessThan(300);

    // room again: the same upload is taken
    execFileSync("mount", ["-o", "remount,size=20m", mountPoint]);
    const again = await upload(
      server.port,
      session,
      caseId,
      randomBytes(FILE_BYTES),
      "bitacora-otra-vez.bin",
    );
    expect(again.status).toBe(201);

    await reportCounts("9 attachment store full", {
      sent: answers.length + 1,
      acknowledged: taken.length + 1,
      stored: rows.rows[0]!.n + 1,
      duplicated: 0,
      lost: taken.length - rows.rows[0]!.n,
      "507 answers": answers.filter((s) => s === 507).length,
    });
  });

  it("npm start on a disk too small for its database: one line naming the cause and the fix, exit code 2", async () => {
    const small = await mkdtemp(path.join(tmpdir(), "soporte-small-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", small]);
    try {
      const result = await runCli(["serve"], { DATA_DIR: small, PORT: String(await freePort()) });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr.trim().split("\n")).toEqual([
        `soporte: no space left on the disk of ${small}: free some space (df -h ${small}) and start again`,
      ]);
    } finally {
      execFileSync("umount", [small]);
      await rm(small, { recursive: true, force: true });
    }
  });
});
