import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { ensureJobQueues } from "./jobs";

export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../db/migrations",
);
// any constant; serialises migrators of several processes on one database
const MIGRATION_LOCK_ID = 7_331_001;

type Migration = { id: string; sql: string; checksum: string };

const loadMigrations = async (dir: string): Promise<Migration[]> => {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(path.join(dir, file), "utf8");
      return {
        id: file.replace(/\.sql$/, ""),
        sql,
        checksum: createHash("sha256").update(sql).digest("hex"),
      };
    }),
  );
};

export class MigrationError extends Error {
  override readonly name = "MigrationError";
}

/** Applies pending SQL migrations in order, each in its own transaction. Returns the ids applied. */
export const migrate = async (connectionString: string, dir = MIGRATIONS_DIR): Promise<string[]> => {
  const migrations = await loadMigrations(dir);
  const client = new pg.Client({ connectionString, application_name: "soporte-migrate" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ id: string; checksum: string }>(
      "SELECT id, checksum FROM schema_migrations",
    );
    const applied = new Map(rows.map((r) => [r.id, r.checksum]));
    const done: string[] = [];
    for (const m of migrations) {
      const checksum = applied.get(m.id);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) {
          throw new MigrationError(
            `migration ${m.id} was changed after it was applied; add a new migration instead`,
          );
        }
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query("INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)", [
          m.id,
          m.checksum,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new MigrationError(`migration ${m.id} failed: ${(error as Error).message}`);
      }
      done.push(m.id);
    }
    // still under the lock, so concurrent starters do not race to create the queues
    await ensureJobQueues(connectionString);
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => undefined);
    await client.end();
  }
};
