import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase } from "../../src/server/platform/db";

const withAdmin = async (work: (client: pg.Client) => Promise<void>) => {
  const client = new pg.Client({ connectionString: inject("adminDatabaseUrl") });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
};

const urlFor = (database: string) => {
  const url = new URL(inject("adminDatabaseUrl"));
  url.pathname = `/${database}`;
  return url.toString();
};

/** A fresh, migrated database for one test file (a copy of the run's template); `drop` removes it. */
export const createTestDatabase = async () => {
  const name = `soporte_test_${randomBytes(6).toString("hex")}`;
  await withAdmin((c) =>
    c.query(`CREATE DATABASE ${name} TEMPLATE ${inject("templateDatabase")}`).then(() => undefined),
  );
  const url = urlFor(name);
  const handle = openDatabase(url, { max: 4 });
  return {
    name,
    url,
    ...handle,
    drop: async () => {
      await handle.close();
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined));
    },
  };
};

export const createEmptyDatabase = async () => {
  const name = `soporte_test_${randomBytes(6).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`).then(() => undefined));
  return {
    url: urlFor(name),
    drop: () =>
      withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined)),
  };
};
