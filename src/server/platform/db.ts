import { createHash } from "node:crypto";
import { Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import type { DB } from "./db-schema";

// DATE columns are local dates: keep them as "YYYY-MM-DD", never a Date at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint counts fit in a double for any realistic table size
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

// Kysely leaves undefined values out of inserts and updates, so a PATCH passes its optional fields as they are.
export type Database = Kysely<DB>;
export type Tx = Transaction<DB>;
export type { DB };

export type DbHandle = { db: Database; pool: pg.Pool; close: () => Promise<void> };

// Statements PostgreSQL keeps prepared per connection; past this, statements run unnamed (planned each time).
const PREPARED_PER_CONNECTION = 400;
// one query without parameters (a list's first page, its LIMIT a literal): planned once per connection too
const PREPARABLE = /^\s*(select|with)\b[^;]*$/i;
/** Leads a statement whose text is seldom the same twice (a batch of queries): run unnamed, never kept. */
export const UNPREPARED = "/* unprepared */ ";

/**
 * A client that prepares each parameterised statement once per connection (a name derived from its text):
 * PostgreSQL then skips parsing and, for the joins the services run on every request, re-planning. The
 * names are bounded per connection; other statements without parameters (transaction control, migrations
 * with several commands) run as they are.
 */
class PreparingClient extends pg.Client {
  readonly #prepared = new Map<string, string>();

  // biome-ignore lint/suspicious/noExplicitAny: pg's query() is heavily overloaded
  override query(config: any, values?: any, callback?: any): any {
    if (
      typeof config === "string" &&
      !config.startsWith(UNPREPARED) &&
      (values?.length > 0 || PREPARABLE.test(config))
    ) {
      let name = this.#prepared.get(config);
      if (!name && this.#prepared.size < PREPARED_PER_CONNECTION) {
        name = `s${createHash("sha1").update(config).digest("base64url")}`;
        this.#prepared.set(config, name);
      }
      if (name) return super.query({ name, text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}

export const openDatabase = (connectionString: string, options: { max?: number } = {}): DbHandle => {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: "soporte",
    Client: PreparingClient,
  });
  // a client losing its server (PostgreSQL restarting) must not crash the process: an idle one is dropped
  // by the pool, one in use fails its next query, which the API answers 503
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    pool,
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
};

/** True when PostgreSQL says a unique constraint failed. */
export const isUniqueViolation = (error: unknown, constraint?: string): boolean =>
  typeof error === "object" &&
  error !== null &&
  (error as { code?: string }).code === "23505" &&
  (constraint === undefined || (error as { constraint?: string }).constraint === constraint);

export const isForeignKeyViolation = (error: unknown): boolean =>
  typeof error === "object" && error !== null && (error as { code?: string }).code === "23503";
