import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/server/app";
import { buildSecondApp, setupTestApp, waitUntil } from "../harness/test-app";

/**
 * A server process keeps who each session and token is in memory while PostgreSQL tells it of changes
 * (migration 0022's trigger, LISTEN): here two apps on one database stand for two processes. Every change
 * that narrows a sign-in reaches both: at once in the process that made it, within moments in the other.
 */
const { ctx, request, signIn } = setupTestApp();

let other: App;
const watches: { listening: () => boolean; stop: () => Promise<void> }[] = [];

const onOther = (url: string, headers: Record<string, string>) =>
  other.inject({ method: "GET", url, headers });

/** Deletes rows behind the caches' backs (the trigger off), to see whether a request asked the database. */
const deleteUnannounced = async (table: "sessions" | "api_tokens", trigger: string, userId: string) => {
  await ctx.db.pool.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
  try {
    await ctx.db.pool.query(`DELETE FROM ${table} WHERE user_id = $1`, [userId]);
  } finally {
    await ctx.db.pool.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
  }
};

const cookieHeaders = (session: { cookie: string }) => ({ cookie: session.cookie });

beforeAll(async () => {
  other = await buildSecondApp(ctx);
  for (const app of [ctx.app, other]) watches.push(app.services.auth.watchSignIns(ctx.db.url));
  expect(await waitUntil(async () => watches.every((w) => w.listening()))).toBe(true);
});

afterAll(async () => {
  for (const watch of watches) await watch.stop();
  await other?.close();
});

describe("sign-ins kept in memory", () => {
  it("answers a known session from memory; without the LISTEN connection every request asks the database", async () => {
    const session = await signIn("specialist");
    expect((await request("GET", "/api/v1/auth/session", { session })).statusCode).toBe(200);
    await deleteUnannounced("sessions", "sessions_changed", session.userId);
    // kept: no query told it the row went (the trigger was off)
    expect((await request("GET", "/api/v1/auth/session", { session })).statusCode).toBe(200);

    const watch = watches[0]!;
    await watch.stop();
    try {
      expect((await request("GET", "/api/v1/auth/session", { session })).statusCode).toBe(401);
    } finally {
      watches[0] = ctx.app.services.auth.watchSignIns(ctx.db.url);
      expect(await waitUntil(async () => watches[0]!.listening())).toBe(true);
    }
  });

  it("signing out ends the session at once here and within moments in the other process", async () => {
    const session = await signIn("specialist");
    expect((await onOther("/api/v1/auth/session", cookieHeaders(session))).statusCode).toBe(200);
    expect((await request("GET", "/api/v1/auth/session", { session })).statusCode).toBe(200);
    expect((await request("POST", "/api/v1/auth/logout", { session })).statusCode).toBe(204);
    expect((await request("GET", "/api/v1/auth/session", { session })).statusCode).toBe(401);
    expect(
      await waitUntil(
        async () => (await onOther("/api/v1/auth/session", cookieHeaders(session))).statusCode === 401,
      ),
    ).toBe(true);
  });

  it("a revoked token is refused at once here and within moments in the other process", async () => {
    const session = await signIn("specialist");
    const created = await request("POST", "/api/v1/auth/tokens", { session, body: { name: "CRM" } });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json() as { id: string; token: string };
    const bearer = { authorization: `Bearer ${token}` };
    expect((await onOther("/api/v1/cases", bearer)).statusCode).toBe(200);
    expect((await request("GET", "/api/v1/cases", { token })).statusCode).toBe(200);
    expect((await request("DELETE", `/api/v1/auth/tokens/${id}`, { session })).statusCode).toBe(204);
    expect((await request("GET", "/api/v1/cases", { token })).statusCode).toBe(401);
    expect(await waitUntil(async () => (await onOther("/api/v1/cases", bearer)).statusCode === 401)).toBe(
      true,
    );
  });

  it("a deactivated user and a changed role take effect at once here and within moments there", async () => {
    const admin = await signIn("admin");
    const user = await signIn("specialist");
    const token = (
      (await request("POST", "/api/v1/auth/tokens", { session: user, body: { name: "n" } })).json() as {
        token: string;
      }
    ).token;
    const bearer = { authorization: `Bearer ${token}` };
    expect((await onOther("/api/v1/audit", bearer)).statusCode).toBe(403);

    const promoted = await request("PATCH", `/api/v1/users/${user.userId}`, {
      session: admin,
      body: { role: "manager" },
    });
    expect(promoted.statusCode).toBe(200);
    expect((await request("GET", "/api/v1/audit", { token })).statusCode).toBe(200);
    expect(await waitUntil(async () => (await onOther("/api/v1/audit", bearer)).statusCode === 200)).toBe(
      true,
    );

    const off = await request("PATCH", `/api/v1/users/${user.userId}`, {
      session: admin,
      body: { active: false },
    });
    expect(off.statusCode).toBe(200);
    expect((await request("GET", "/api/v1/cases", { token })).statusCode).toBe(401);
    expect((await request("GET", "/api/v1/auth/session", { session: user })).statusCode).toBe(401);
    expect(await waitUntil(async () => (await onOther("/api/v1/cases", bearer)).statusCode === 401)).toBe(
      true,
    );
  });

  it("a password change signs out the other devices, also in the other process", async () => {
    const here = await signIn("specialist");
    const password = "correct horse battery staple";
    const login = (email: string) =>
      ctx.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email, password },
        remoteAddress: "10.9.9.9",
      });
    const elsewhere = (await login(here.email)).cookies.find((c) => c.name === "soporte_session")!;
    const elsewhereCookie = { cookie: `soporte_session=${elsewhere.value}` };
    expect((await onOther("/api/v1/auth/session", elsewhereCookie)).statusCode).toBe(200);
    const changed = await request("POST", "/api/v1/auth/password", {
      session: here,
      body: { currentPassword: password, newPassword: "another long passphrase 2026" },
    });
    expect(changed.statusCode).toBe(204);
    expect((await request("GET", "/api/v1/auth/session", { session: here })).statusCode).toBe(200);
    expect(
      await waitUntil(
        async () => (await onOther("/api/v1/auth/session", elsewhereCookie)).statusCode === 401,
      ),
    ).toBe(true);
  });

  it("a deactivated contact is refused at once by the process that deactivated them", async () => {
    const staff = await signIn("admin");
    const org = await request("POST", "/api/v1/organizations", {
      session: staff,
      body: { name: `Cache ${Date.now()}` },
    });
    expect(org.statusCode).toBe(201);
    const contact = await signIn("customer_contact", (org.json() as { id: string }).id);
    expect((await request("GET", "/api/v1/auth/session", { session: contact })).statusCode).toBe(200);
    const off = await request("PATCH", `/api/v1/contacts/${contact.userId}`, {
      session: staff,
      body: { active: false },
    });
    expect(off.statusCode).toBe(200);
    expect((await request("GET", "/api/v1/auth/session", { session: contact })).statusCode).toBe(401);
  });
});
