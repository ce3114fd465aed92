import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { systemClock } from "../../src/server/platform/clock";
import { ConfigError, loadConfig } from "../../src/server/platform/config";
import { databaseFailureOf } from "../../src/server/platform/database-errors";
import { openDatabase } from "../../src/server/platform/db";
import { MIGRATIONS_DIR, migrate } from "../../src/server/platform/migrate";
import { setupTestApp } from "../harness/test-app";
import { createEmptyDatabase } from "../harness/test-database";

const { request, signIn } = setupTestApp();

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

describe("problems say why with codes the web can word", () => {
  it("a refused request carries its reason, its parameters and an English detail", async () => {
    const admin = await signIn("admin");
    const name = `Municipio Duplicado ${Date.now()}`;
    await request("POST", "/api/v1/organizations", { session: admin, body: { name } });
    const again = await request("POST", "/api/v1/organizations", { session: admin, body: { name } });
    expect(again.json()).toMatchObject({
      code: "conflict",
      reason: "organization_name_taken",
      detail: "An organization with this name already exists",
      errors: [{ field: "name", code: "taken", params: { entity: "organization" } }],
    });
    const missing = await request("GET", "/api/v1/organizations/00000000-0000-4000-8000-000000000000", {
      session: admin,
    });
    expect(missing.json()).toMatchObject({
      code: "not_found",
      reason: "not_found",
      params: { entity: "organization" },
      detail: "Organization not found",
    });
  });

  it("schema validation names each field's mistake by code, with its limit", async () => {
    const admin = await signIn("admin");
    const res = await request("POST", "/api/v1/organizations", {
      session: admin,
      body: { name: "x".repeat(201), timeZone: "Luna/Mar_de_la_Tranquilidad", colour: "rojo" },
    });
    expect(res.statusCode).toBe(400);
    const byField = Object.fromEntries(
      (res.json().errors as { field: string; code: string; params?: unknown }[]).map((e) => [e.field, e]),
    );
    expect(byField.name).toMatchObject({ code: "too_long", params: { maximum: 200 } });
    expect(byField.timeZone).toMatchObject({ code: "time_zone" });
    expect(byField.colour).toMatchObject({ code: "unknown_field" });
    const empty = await request("POST", "/api/v1/organizations", { session: admin, body: {} });
    expect(empty.json().errors).toContainEqual(expect.objectContaining({ field: "name", code: "required" }));
  });
});

describe("forged cursors", () => {
  it("answers 400 invalid_cursor, never 500, on every list route for a key of the wrong types", async () => {
    const admin = await signIn("admin");
    const doc = (await request("GET", "/api/v1/openapi.json")).json() as {
      paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }>;
    };
    const lists = Object.entries(doc.paths)
      .filter(([path, ops]) => !path.includes("{") && ops.get?.parameters?.some((p) => p.name === "cursor"))
      .map(([path]) => path);
    expect(lists.length).toBeGreaterThan(10);
    const forged = [
      ["x", "nope"],
      [1, "nope"],
      ["2026-13-45T99:00:00Z", "00000000-0000-4000-8000-000000000000"],
      ["nope", "nope", "nope"],
      [1, 2, 3, "x", "not-a-uuid"],
      [{}, []],
    ].map((key) => Buffer.from(JSON.stringify(key)).toString("base64url"));
    for (const path of lists) {
      for (const cursor of forged) {
        // search needs its query
        const url = `${path}?cursor=${cursor}${path.endsWith("/search") ? "&q=firma" : ""}`;
        const res = await request("GET", url, { session: admin });
        expect(res.statusCode, url).toBeLessThan(500);
      }
      // every key ends with an id: "nope" is never one
      const wrong = await request(
        "GET",
        `${path}?cursor=${forged[0]}${path.endsWith("/search") ? "&q=firma" : ""}`,
        {
          session: admin,
        },
      );
      expect(wrong.statusCode, path).toBe(400);
      expect(wrong.json().errors, path).toEqual([
        expect.objectContaining({ field: "cursor", code: "invalid_cursor" }),
      ]);
    }
  });
});

describe("web app", () => {
  it("serves the SPA for client-side routes, its assets, and a 404 for a missing asset", async () => {
    const webRoot = await mkdtemp(path.join(tmpdir(), "soporte-web-"));
    await mkdir(path.join(webRoot, "assets"));
    await writeFile(path.join(webRoot, "index.html"), "<!doctype html><title>Soporte</title>");
    await writeFile(path.join(webRoot, "assets/app-1234.js"), "console.log(1)");
    const handle = openDatabase("postgres://postgres:wrong@127.0.0.1:1/none", { max: 1 });
    const app = await buildApp({ config: loadConfig({}), db: handle.db, clock: systemClock, webRoot });
    try {
      const page = await app.inject({ method: "GET", url: "/organizations/123?tab=contacts" });
      expect(page.statusCode).toBe(200);
      expect(page.headers["content-type"]).toContain("text/html");
      expect(page.body).toContain("<title>Soporte</title>");
      const asset = await app.inject({ method: "GET", url: "/assets/app-1234.js" });
      expect(asset.statusCode).toBe(200);
      const missing = await app.inject({ method: "GET", url: "/assets/app-old.js" });
      expect(missing.statusCode).toBe(404);
      const api = await app.inject({ method: "GET", url: "/api/v1/nope" });
      expect(api.statusCode).toBe(404);
      expect(api.headers["content-type"]).toContain("application/problem+json");
    } finally {
      await app.close();
      await handle.close();
    }
  });
});

describe("internal errors", () => {
  const answerOf = async (url: string) => {
    const handle = openDatabase(url, { max: 1 });
    const app = await buildApp({ config: loadConfig({}), db: handle.db, clock: systemClock });
    try {
      const res = await app.inject({
        method: "GET",
        url: "/api/v1/organizations",
        headers: { authorization: "Bearer sop_whatever" },
      });
      const health = await app.inject({ method: "GET", url: "/api/v1/health" });
      return { res, health };
    } finally {
      await app.close();
      await handle.close();
    }
  };

  it("answers 503 problem+json with Retry-After, and no internals, while the database cannot be reached", async () => {
    const { res, health } = await answerOf("postgres://postgres:wrong@127.0.0.1:1/none");
    expect(res.statusCode).toBe(503);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.headers["retry-after"]).toBe("5");
    expect(res.json()).toMatchObject({
      code: "service_unavailable",
      reason: "database_unavailable",
      status: 503,
    });
    expect(res.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at |node_modules|password/);
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: "degraded", database: "down" });
  });

  it("answers 500 problem+json with a reference and no internals for an unexpected failure", async () => {
    // a database that answers but does not exist: not a wait-and-retry failure
    const url = new URL(inject("adminDatabaseUrl"));
    url.pathname = "/soporte_no_such_database";
    const { res } = await answerOf(url.toString());
    expect(res.statusCode).toBe(500);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({ code: "internal", status: 500 });
    expect(res.json().detail).toMatch(/^Reference: /);
    expect(res.body).not.toMatch(/soporte_no_such_database|3D000|at |node_modules|password/);
  });

  it("tells a database failure to wait for from a full disk and from a bug", () => {
    const pgError = (code: string) => Object.assign(new Error("x"), { code });
    expect(databaseFailureOf(pgError("57P01"))).toBe("unavailable");
    expect(databaseFailureOf(pgError("57P03"))).toBe("unavailable");
    expect(databaseFailureOf(pgError("08006"))).toBe("unavailable");
    expect(databaseFailureOf(pgError("ECONNREFUSED"))).toBe("unavailable");
    expect(databaseFailureOf(new Error("Connection terminated unexpectedly"))).toBe("unavailable");
    expect(databaseFailureOf(new Error("wrapped", { cause: pgError("53100") }))).toBe("storage_full");
    expect(databaseFailureOf(pgError("23505"))).toBeNull();
    expect(databaseFailureOf(new TypeError("undefined is not a function"))).toBeNull();
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

  it("answers HTTP from one process unless SERVER_PROCESSES says how many, auto being one per core", () => {
    expect(loadConfig({}).serverProcesses).toBe(1);
    expect(loadConfig({ SERVER_PROCESSES: "3" }).serverProcesses).toBe(3);
    expect(loadConfig({ SERVER_PROCESSES: "auto" }).serverProcesses).toBe(
      Math.min(availableParallelism(), 32),
    );
    for (const bad of ["0", "33", "1.5", "two"])
      expect(() => loadConfig({ SERVER_PROCESSES: bad })).toThrow(/^invalid SERVER_PROCESSES=.*1-32$/);
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
