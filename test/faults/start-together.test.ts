/**
 * Fault scenario (10): three `soporte serve` processes start at the same moment on an empty database —
 * the migrations run once (under an advisory lock), one initial admin is made, and all three serve.
 */
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, type Server, startServer, tempDir } from "../cli/process-helpers";
import { createEmptyDatabase } from "../harness/test-database";
import { reportCounts } from "./support";

const servers: Server[] = [];
const dirs: string[] = [];
let empty: Awaited<ReturnType<typeof createEmptyDatabase>> | undefined;

afterAll(async () => {
  for (const s of servers) {
    if (s.child.exitCode === null) {
      s.child.kill("SIGTERM");
      await s.exited;
    }
  }
  await empty?.drop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("fault: servers start together", () => {
  it("(10) three servers on an empty database at once: migrations applied once, one admin, all serve", async () => {
    empty = await createEmptyDatabase();
    const url = empty.url;
    const started = await Promise.all(
      [0, 1, 2].map(async () => {
        const dir = await tempDir("soporte-together-");
        dirs.push(dir);
        return startServer({ DATABASE_URL: url, DATA_DIR: dir, LOG_LEVEL: "warn" });
      }),
    );
    servers.push(...started);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const files = (await readdir(path.join(ROOT, "db", "migrations"))).filter((f) => f.endsWith(".sql"));
      const applied = await client.query<{ id: string; n: number }>(
        "SELECT id, count(*)::int AS n FROM schema_migrations GROUP BY id ORDER BY id",
      );
      expect(applied.rows).toHaveLength(files.length);
      expect(applied.rows.every((r) => r.n === 1)).toBe(true);
      const admins = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM users WHERE role = 'admin'",
      );
      expect(admins.rows[0]!.n).toBe(1);
      // exactly one of the three printed the initial sign-in
      expect(started.filter((s) => /Sign in as \S+ with password/.test(s.output()))).toHaveLength(1);
      for (const s of started) {
        const health = await fetch(`http://127.0.0.1:${s.port}/api/v1/health`);
        expect(health.status).toBe(200);
        expect(s.child.exitCode).toBeNull();
      }
      await reportCounts("10 three servers start on an empty database at once", {
        sent: 3,
        acknowledged: started.length,
        stored: applied.rows.length,
        duplicated: applied.rows.filter((r) => r.n > 1).length + (admins.rows[0]!.n - 1),
        lost: files.length - applied.rows.length,
        admins: admins.rows[0]!.n,
      });
    } finally {
      await client.end();
    }
  });
});
