import { describe, expect, it } from "vitest";
import { setupTestApp } from "../harness/test-app";

const { ctx, request, login, signIn, PASSWORD } = setupTestApp();

describe("sign-in", () => {
  it("sets an httpOnly SameSite session cookie and returns the user and a CSRF token", async () => {
    const user = await signIn("specialist");
    const res = await request("POST", "/api/v1/auth/login", {
      body: { email: user.email.toUpperCase(), password: PASSWORD },
      ip: "192.0.2.10",
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === "soporte_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(cookie?.path).toBe("/");
    expect(res.json().user).toMatchObject({ email: user.email, role: "specialist" });
    expect(res.json().csrfToken).toMatch(/^[\w-]{40,}$/);
  });

  it("answers an unknown email exactly as a wrong password", async () => {
    const user = await signIn("manager");
    const wrong = await request("POST", "/api/v1/auth/login", {
      body: { email: user.email, password: "not the password" },
      ip: "192.0.2.11",
    });
    const unknown = await request("POST", "/api/v1/auth/login", {
      body: { email: "nobody@test.example", password: "not the password" },
      ip: "192.0.2.11",
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    expect(wrong.headers["content-type"]).toContain("application/problem+json");
    expect(wrong.json().code).toBe("invalid_credentials");
  });

  it("refuses an account after 5 failures in 15 minutes, even with the right password", async () => {
    const user = await signIn("specialist");
    for (let i = 0; i < 5; i++) {
      const res = await request("POST", "/api/v1/auth/login", {
        body: { email: user.email, password: `wrong ${i}` },
        ip: `198.51.100.${i + 1}`,
      });
      expect(res.statusCode).toBe(401);
    }
    const locked = await request("POST", "/api/v1/auth/login", {
      body: { email: user.email, password: PASSWORD },
      ip: "198.51.100.99",
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe("too_many_requests");
    // the window passes
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 16 * 60_000));
    await login(user.email, PASSWORD, "198.51.100.98");
  });

  it("refuses an address after 30 failures across accounts, unknown ones included", async () => {
    for (let i = 0; i < 30; i++) {
      await request("POST", "/api/v1/auth/login", {
        body: { email: `ghost${i}@test.example`, password: "x" },
        ip: "203.0.113.7",
      });
    }
    const user = await signIn("manager");
    const res = await request("POST", "/api/v1/auth/login", {
      body: { email: user.email, password: PASSWORD },
      ip: "203.0.113.7",
    });
    expect(res.statusCode).toBe(429);
  });

  it("refuses a deactivated user", async () => {
    const admin = await signIn("admin");
    const user = await signIn("specialist");
    const off = await request("PATCH", `/api/v1/users/${user.userId}`, {
      session: admin,
      body: { active: false },
    });
    expect(off.statusCode).toBe(200);
    expect((await request("GET", "/api/v1/auth/session", { session: user })).statusCode).toBe(401);
    const res = await request("POST", "/api/v1/auth/login", {
      body: { email: user.email, password: PASSWORD },
      ip: "192.0.2.50",
    });
    expect(res.statusCode).toBe(401);
  });
});

describe("sessions and CSRF", () => {
  it("takes the acting user from the cookie, never from the body", async () => {
    const user = await signIn("specialist");
    const res = await request("GET", "/api/v1/auth/session", { session: user });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.id).toBe(user.userId);
  });

  it("answers 401 problem+json without credentials", async () => {
    const res = await request("GET", "/api/v1/organizations");
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ status: 401, code: "unauthenticated" });
  });

  it("refuses a cookie-authenticated write without the CSRF header", async () => {
    const user = await signIn("admin");
    const res = await request("POST", "/api/v1/organizations", {
      body: { name: "Sin token" },
      headers: { cookie: user.cookie },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("csrf_failed");
    const wrong = await request("POST", "/api/v1/organizations", {
      body: { name: "Token ajeno" },
      headers: { cookie: user.cookie, "x-csrf-token": "x".repeat(user.csrf.length) },
    });
    expect(wrong.statusCode).toBe(403);
  });

  it("signs out: the cookie no longer works", async () => {
    const user = await signIn("manager");
    expect((await request("POST", "/api/v1/auth/logout", { session: user })).statusCode).toBe(204);
    expect((await request("GET", "/api/v1/auth/session", { session: user })).statusCode).toBe(401);
  });

  it("changes the password: the old one stops working and other sessions end", async () => {
    const user = await signIn("specialist");
    const other = await login(user.email, PASSWORD, "192.0.2.77");
    const bad = await request("POST", "/api/v1/auth/password", {
      session: user,
      body: { currentPassword: "wrong", newPassword: "a new long password" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe("currentPassword");
    const short = await request("POST", "/api/v1/auth/password", {
      session: user,
      body: { currentPassword: PASSWORD, newPassword: "short" },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].field).toBe("newPassword");
    const ok = await request("POST", "/api/v1/auth/password", {
      session: user,
      body: { currentPassword: PASSWORD, newPassword: "a new long password" },
    });
    expect(ok.statusCode).toBe(204);
    expect((await request("GET", "/api/v1/auth/session", { session: user })).statusCode).toBe(200);
    expect((await request("GET", "/api/v1/auth/session", { session: other })).statusCode).toBe(401);
    await expect(login(user.email, PASSWORD, "192.0.2.78")).rejects.toThrow(/401/);
    await login(user.email, "a new long password", "192.0.2.79");
  });
});

describe("personal API tokens", () => {
  it("authenticates with Authorization: Bearer without CSRF, is stored hashed, and can be revoked", async () => {
    const user = await signIn("admin");
    const created = await request("POST", "/api/v1/auth/tokens", {
      session: user,
      body: { name: "Reportes" },
    });
    expect(created.statusCode).toBe(201);
    const { token, id, prefix } = created.json();
    expect(token).toMatch(/^sop_/);
    expect(token.startsWith(prefix)).toBe(true);

    const stored = await ctx.db.db
      .selectFrom("api_tokens")
      .select("token_hash")
      .where("id", "=", id)
      .executeTakeFirst();
    expect(stored?.token_hash).not.toContain(token.slice(4));
    expect(stored?.token_hash).toHaveLength(64);

    const write = await request("POST", "/api/v1/organizations", { token, body: { name: "Vía token" } });
    expect(write.statusCode).toBe(201);
    const list = await request("GET", "/api/v1/auth/tokens", { session: user });
    expect(list.json().items.map((t: { id: string }) => t.id)).toContain(id);
    expect(JSON.stringify(list.json())).not.toContain(token);

    expect((await request("DELETE", `/api/v1/auth/tokens/${id}`, { session: user })).statusCode).toBe(204);
    expect((await request("GET", "/api/v1/organizations", { token })).statusCode).toBe(401);
    expect((await request("DELETE", `/api/v1/auth/tokens/${id}`, { session: user })).statusCode).toBe(404);
  });

  it("cannot revoke another user's token", async () => {
    const a = await signIn("admin");
    const b = await signIn("admin");
    const { id } = (
      await request("POST", "/api/v1/auth/tokens", { session: a, body: { name: "mío" } })
    ).json();
    expect((await request("DELETE", `/api/v1/auth/tokens/${id}`, { session: b })).statusCode).toBe(404);
  });

  it("rejects a made-up bearer token", async () => {
    const res = await request("GET", "/api/v1/organizations", { token: "sop_madeup" });
    expect(res.statusCode).toBe(401);
  });
});

describe("housekeeping", () => {
  it("removes expired sessions when someone signs in", async () => {
    const user = await signIn("specialist");
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 15 * 24 * 3600 * 1000));
    expect((await request("GET", "/api/v1/auth/session", { session: user })).statusCode).toBe(401);
    const other = await signIn("manager");
    expect(other.userId).not.toBe(user.userId);
    const left = await ctx.db.db
      .selectFrom("sessions")
      .select("user_id")
      .where("user_id", "=", user.userId)
      .execute();
    expect(left).toEqual([]);
  });
});
