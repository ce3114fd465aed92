import { cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/server/platform/config";
import { MIGRATIONS_DIR, migrate } from "../../src/server/platform/migrate";
import { setupTestApp } from "../harness/test-app";
import { createEmptyDatabase } from "../harness/test-database";

const { request } = setupTestApp();

describe("health and API reference", () => {
  it("reports the database as up", async () => {
    const res = await request("GET", "/api/v1/health");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "ok", database: "up" });
  });

  it("serves an OpenAPI 3.1 document with every feature and a browsable reference", async () => {
    const doc = (await request("GET", "/api/v1/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    for (const p of [
      "/api/v1/organizations",
      "/api/v1/contacts/{id}",
      "/api/v1/products/{id}/releases",
      "/api/v1/systems",
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(doc.paths["/api/v1/organizations"].post.requestBody).toBeDefined();
    const page = await request("GET", "/api/v1/docs/");
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
  });

  it("sets security headers", async () => {
    const res = await request("GET", "/api/v1/health");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
  });
});

describe("configuration", () => {
  it("uses defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      publicUrl: "http://localhost:3000",
      logLevel: "info",
      databaseUrl: undefined,
    });
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://localhost/x" }, "DATABASE_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ PUBLIC_URL: "not a url" }, "PUBLIC_URL"],
  ])("stops on a bad value naming the variable: %o", (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^invalid ${variable}=`));
  });

  it("uses secure cookies behind an https public URL", () => {
    expect(loadConfig({ PUBLIC_URL: "https://soporte.example.mx/" })).toMatchObject({
      secureCookies: true,
      publicUrl: "https://soporte.example.mx",
    });
  });
});

describe("migrations", () => {
  it("applies once, then nothing; refuses an applied migration that was edited", async () => {
    const empty = await createEmptyDatabase();
    try {
      const dir = await mkdtemp(path.join(tmpdir(), "soporte-migrations-"));
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      expect((await migrate(empty.url, dir)).length).toBeGreaterThan(0);
      expect(await migrate(empty.url, dir)).toEqual([]);
      await writeFile(path.join(dir, "0001_foundation.sql"), "-- edited\n", { flag: "a" });
      await expect(migrate(empty.url, dir)).rejects.toThrow(/was changed after it was applied/);
    } finally {
      await empty.drop();
    }
  });

  it("runs concurrent migrators safely (several servers starting at once)", async () => {
    const empty = await createEmptyDatabase();
    try {
      const results = await Promise.all([migrate(empty.url), migrate(empty.url), migrate(empty.url)]);
      expect(results.flat().filter((id) => id === "0001_foundation")).toHaveLength(1);
    } finally {
      await empty.drop();
    }
  });
});
