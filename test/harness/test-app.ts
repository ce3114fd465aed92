import { randomBytes } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll } from "vitest";
import type { Role } from "../../src/api/roles";
import { type App, buildApp } from "../../src/server/app";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { fixedClock } from "../../src/server/platform/clock";
import { loadConfig } from "../../src/server/platform/config";
import { createTestDatabase } from "./test-database";

export type Session = { cookie: string; csrf: string; userId: string };
type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export const uniq = (prefix: string) => `${prefix} ${randomBytes(4).toString("hex")}`;

/** Polls `check` every 25 ms until it holds (true) or `ms` pass (false): for what another process does. */
export const waitUntil = async (check: () => Promise<boolean>, ms = 5_000) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
};

/**
 * Another server process, as it were, on a test file's database and clock: it keeps nothing in memory until
 * a test has it watch, so its reads are what a read is afresh.
 */
export const buildSecondApp = async (ctx: {
  db: { db: Parameters<typeof buildApp>[0]["db"] };
  clock: ReturnType<typeof fixedClock>;
}) => {
  const app = await buildApp({
    config: loadConfig({ DATA_DIR: "/tmp/soporte-unused" }),
    db: ctx.db.db,
    clock: ctx.clock,
  });
  await app.ready();
  return app;
};

/**
 * Per test file: its own database and app. `as(session)` sends requests the way the browser does
 * (cookie + CSRF header); `withToken(token)` the way an API client does.
 */
export const setupTestApp = (options: { env?: Record<string, string> } = {}) => {
  const ctx = {} as {
    app: App;
    db: Awaited<ReturnType<typeof createTestDatabase>>;
    clock: ReturnType<typeof fixedClock>;
  };
  let counter = 0;

  beforeAll(async () => {
    ctx.db = await createTestDatabase();
    ctx.clock = fixedClock("2026-11-27T15:00:00Z");
    ctx.app = await buildApp({
      config: loadConfig({ DATA_DIR: "/tmp/soporte-unused", ...options.env }),
      db: ctx.db.db,
      clock: ctx.clock,
    });
    await ctx.app.ready();
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.db?.drop();
  });

  const request = (
    method: Method,
    url: string,
    options: {
      session?: Session;
      token?: string;
      body?: unknown;
      ip?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<LightMyRequestResponse> =>
    ctx.app.inject({
      method,
      url,
      remoteAddress: options.ip ?? "127.0.0.1",
      headers: {
        ...(options.session ? { cookie: options.session.cookie, "x-csrf-token": options.session.csrf } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    });

  const login = async (email: string, password: string, ip = "127.0.0.1"): Promise<Session> => {
    const res = await request("POST", "/api/v1/auth/login", { body: { email, password }, ip });
    if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === "soporte_session");
    const body = res.json() as { csrfToken: string; user: { id: string } };
    return { cookie: `soporte_session=${cookie?.value}`, csrf: body.csrfToken, userId: body.user.id };
  };

  const PASSWORD = "correct horse battery staple";

  /** Creates a user of the role (a contact needs an organization) and signs in. */
  const signIn = async (role: Role, organizationId?: string): Promise<Session & { email: string }> => {
    counter += 1;
    const email = `${role}.${counter}.${randomBytes(3).toString("hex")}@test.example`;
    if (role === "customer_contact") {
      if (!organizationId) throw new Error("a contact needs an organization");
      await ctx.app.services.organizations.createContact(SYSTEM_ACTOR, organizationId, {
        name: `Contact ${counter}`,
        email,
        preferredLanguage: "es-MX",
        password: PASSWORD,
      });
    } else {
      await ctx.app.services.users.createStaffUser(SYSTEM_ACTOR, {
        name: `${role} ${counter}`,
        email,
        role,
        preferredLanguage: "es-MX",
        password: PASSWORD,
      });
    }
    return { ...(await login(email, PASSWORD, `10.0.${counter % 250}.${(counter * 7) % 250}`)), email };
  };

  return { ctx, request, login, signIn, PASSWORD };
};
