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

export const openDatabase = (connectionString: string, options: { max?: number } = {}): DbHandle => {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, application_name: "soporte" });
  // an idle client losing its server must not crash the process
  pool.on("error", () => undefined);
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
