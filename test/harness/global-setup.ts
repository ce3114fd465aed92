import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "../../src/server/platform/embedded-database";

declare module "vitest" {
  export interface ProvidedContext {
    /** A superuser connection URL; each test file creates and drops its own database there. */
    adminDatabaseUrl: string;
  }
}

/** One PostgreSQL for the run: the server in TEST_DATABASE_URL, or an embedded one in a temp folder. */
export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide("adminDatabaseUrl", external);
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), "soporte-test-"));
  const embedded: EmbeddedDatabase = await startEmbeddedDatabase({ dataDir: dir, database: "postgres" });
  project.provide("adminDatabaseUrl", embedded.adminUrl);
  return async () => {
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
