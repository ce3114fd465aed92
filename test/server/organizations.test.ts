import { beforeAll, describe, expect, it } from "vitest";
import { type Session, setupTestApp, uniq } from "../harness/test-app";

const { ctx, request, signIn } = setupTestApp();
let admin: Session;
let executive: Session;
let specialist: Session;

beforeAll(async () => {
  admin = await signIn("admin");
  executive = await signIn("account_executive");
  specialist = await signIn("specialist");
});

describe("organizations", () => {
  it("creates, reads, updates and lists an organization with its account executive", async () => {
    const name = uniq("Municipio de Prueba");
    const created = await request("POST", "/api/v1/organizations", {
      session: executive,
      body: {
        name,
        rfc: "mpr850101ab1",
        emailDomains: ["Prueba.gob.mx", "prueba.gob.mx"],
        accountExecutiveId: executive.userId,
      },
    });
    expect(created.statusCode).toBe(201);
    const org = created.json();
    expect(org).toMatchObject({
      name,
      rfc: "MPR850101AB1",
      emailDomains: ["prueba.gob.mx"],
      timeZone: "America/Mexico_City",
      accountExecutive: { id: executive.userId },
    });

    const got = await request("GET", `/api/v1/organizations/${org.id}`, { session: specialist });
    expect(got.json()).toEqual(org);

    const patched = await request("PATCH", `/api/v1/organizations/${org.id}`, {
      session: admin,
      body: { timeZone: "America/Tijuana", accountExecutiveId: null },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ timeZone: "America/Tijuana", accountExecutive: null });

    const audit = await ctx.db.db
      .selectFrom("audit_log")
      .select(["action", "actor_id"])
      .where("entity_id", "=", org.id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["organization.created", "organization.updated"]);
    expect(audit[0]?.actor_id).toBe(executive.userId);
  });

  it("searches by name, RFC or domain, accent- and case-insensitively by substring", async () => {
    const tag = uniq("x").split(" ")[1]!;
    await request("POST", "/api/v1/organizations", {
      session: admin,
      body: { name: `Universidad Tecnológica ${tag}`, emailDomains: [`${tag}.edu.mx`] },
    });
    const byName = await request("GET", `/api/v1/organizations?q=TECNOLOGICA ${tag.toUpperCase()}`, {
      session: admin,
    });
    expect(byName.json().items).toHaveLength(1);
    const wildcard = await request("GET", `/api/v1/organizations?q=${encodeURIComponent(`%${tag}`)}`, {
      session: admin,
    });
    expect(wildcard.json().items).toHaveLength(0);
    const byDomain = await request("GET", `/api/v1/organizations?q=${tag}.edu`, { session: admin });
    expect(byDomain.json().items).toHaveLength(1);
    const none = await request("GET", `/api/v1/organizations?q=${tag}zzz`, { session: admin });
    expect(none.json().items).toHaveLength(0);
  });

  it("paginates with limit and cursor without repeating or skipping", async () => {
    const prefix = uniq("Paginada");
    for (let i = 0; i < 7; i++) {
      await request("POST", "/api/v1/organizations", { session: admin, body: { name: `${prefix} ${i}` } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/organizations?q=${encodeURIComponent(prefix)}&limit=3${cursor ? `&cursor=${cursor}` : ""}`;
      const page: { items: { name: string }[]; nextCursor: string | null } = (
        await request("GET", url, { session: admin })
      ).json();
      seen.push(...page.items.map((o: { name: string }) => o.name));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...Array(7).keys()].map((i) => `${prefix} ${i}`));
    const bad = await request("GET", "/api/v1/organizations?cursor=garbage", { session: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe("cursor");
  });

  it("refuses a duplicate name (any case) or RFC with 409", async () => {
    const name = uniq("Duplicada");
    await request("POST", "/api/v1/organizations", { session: admin, body: { name, rfc: "DUP010101AA1" } });
    const sameName = await request("POST", "/api/v1/organizations", {
      session: admin,
      body: { name: name.toUpperCase() },
    });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json()).toMatchObject({ code: "conflict", errors: [{ field: "name" }] });
    const sameRfc = await request("POST", "/api/v1/organizations", {
      session: admin,
      body: { name: uniq("Otra"), rfc: "DUP010101AA1" },
    });
    expect(sameRfc.statusCode).toBe(409);
    expect(sameRfc.json().errors[0].field).toBe("rfc");
  });

  it("lets only admins and account executives write", async () => {
    for (const session of [specialist, await signIn("manager"), await signIn("technical_staff")]) {
      const res = await request("POST", "/api/v1/organizations", {
        session,
        body: { name: uniq("Prohibida") },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe("forbidden");
    }
  });

  it("refuses an account executive who is not one", async () => {
    const res = await request("POST", "/api/v1/organizations", {
      session: admin,
      body: { name: uniq("Con ejecutivo"), accountExecutiveId: specialist.userId },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe("accountExecutiveId");
  });
});

describe("bad input", () => {
  it.each([
    ["an unknown field", { name: "X", color: "red" }, "color"],
    ["a wrong type", { name: 42 }, "name"],
    ["an over-long name", { name: "x".repeat(201) }, "name"],
    ["an empty name", { name: "   " }, "name"],
    ["a bad RFC", { name: "X", rfc: "12345" }, "rfc"],
    ["a bad domain", { name: "X", emailDomains: ["not a domain"] }, "emailDomains.0"],
    ["an unknown time zone", { name: "X", timeZone: "Mars/Olympus" }, "timeZone"],
    ["a bad account executive id", { name: "X", accountExecutiveId: "123" }, "accountExecutiveId"],
  ])("answers 400 naming the field for %s", async (_label, body, field) => {
    const res = await request("POST", "/api/v1/organizations", { session: admin, body });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().code).toBe("validation_failed");
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("answers malformed JSON with 400 malformed_request", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/organizations",
      headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf, "content-type": "application/json" },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("malformed_request");
  });

  it("answers a form post with 415 (no cross-site form writes)", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/organizations",
      headers: {
        cookie: admin.cookie,
        "x-csrf-token": admin.csrf,
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: "name=x",
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe("unsupported_media_type");
  });

  it("answers a bad id with 400 and an unknown one with 404", async () => {
    const bad = await request("GET", "/api/v1/organizations/not-a-uuid", { session: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe("params.id");
    const missing = await request("GET", "/api/v1/organizations/00000000-0000-4000-8000-000000000000", {
      session: admin,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe("not_found");
  });

  it("answers an unknown API path with a 404 problem", async () => {
    const res = await request("GET", "/api/v1/nothing-here", { session: admin });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("not_found");
  });

  it("refuses an over-large body with 413", async () => {
    const res = await request("POST", "/api/v1/organizations", {
      session: admin,
      body: { name: "x", notes: "y".repeat(2 * 1024 * 1024) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe("payload_too_large");
  });
});

describe("contacts", () => {
  it("adds a contact to an organization; email is unique across users", async () => {
    const org = (
      await request("POST", "/api/v1/organizations", {
        session: admin,
        body: { name: uniq("Con contactos") },
      })
    ).json();
    const email = `${uniq("ana").replace(" ", ".")}@prueba.gob.mx`;
    const created = await request("POST", `/api/v1/organizations/${org.id}/contacts`, {
      session: executive,
      body: {
        name: "Ana López",
        email: email.toUpperCase(),
        phone: "+52 55 1234 5678 ext 12",
        preferredLanguage: "en",
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      organizationId: org.id,
      organizationName: org.name,
      email,
      preferredLanguage: "en",
      active: true,
      canSignIn: false,
    });
    const dup = await request("POST", `/api/v1/organizations/${org.id}/contacts`, {
      session: executive,
      body: { name: "Otra Ana", email },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe("email");

    const list = await request("GET", `/api/v1/organizations/${org.id}/contacts`, { session: specialist });
    expect(list.json().items.map((c: { email: string }) => c.email)).toEqual([email]);
    const patched = await request("PATCH", `/api/v1/contacts/${created.json().id}`, {
      session: admin,
      body: { active: false, phone: null },
    });
    expect(patched.json()).toMatchObject({ active: false, phone: null });
    const badPhone = await request("PATCH", `/api/v1/contacts/${created.json().id}`, {
      session: admin,
      body: { phone: "call me maybe" },
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().errors[0].field).toBe("phone");
  });

  it("lets a specialist read but not write contacts", async () => {
    const org = (
      await request("POST", "/api/v1/organizations", { session: admin, body: { name: uniq("Lectura") } })
    ).json();
    const res = await request("POST", `/api/v1/organizations/${org.id}/contacts`, {
      session: specialist,
      body: { name: "X", email: "x@lectura.mx" },
    });
    expect(res.statusCode).toBe(403);
  });

  it("answers 404 when adding a contact to an organization that does not exist", async () => {
    const res = await request("POST", "/api/v1/organizations/00000000-0000-4000-8000-000000000000/contacts", {
      session: admin,
      body: { name: "X", email: "x@nada.mx" },
    });
    expect(res.statusCode).toBe(404);
  });
});

describe("staff users", () => {
  it("lets only admins create staff; refuses removing the last admin", async () => {
    const created = await request("POST", "/api/v1/users", {
      session: admin,
      body: {
        name: "Nueva Especialista",
        email: "nueva@soporte.example",
        role: "specialist",
        password: "long enough pass",
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).not.toHaveProperty("password");
    const byManager = await request("POST", "/api/v1/users", {
      session: await signIn("manager"),
      body: { name: "X", email: "x@soporte.example", role: "admin", password: "long enough pass" },
    });
    expect(byManager.statusCode).toBe(403);
    const contactRole = await request("POST", "/api/v1/users", {
      session: admin,
      body: { name: "X", email: "y@soporte.example", role: "customer_contact", password: "long enough pass" },
    });
    expect(contactRole.statusCode).toBe(400);

    const admins = (await request("GET", "/api/v1/users?role=admin&limit=200", { session: admin })).json()
      .items;
    for (const a of admins.filter((u: { id: string }) => u.id !== admin.userId)) {
      await request("PATCH", `/api/v1/users/${a.id}`, { session: admin, body: { active: false } });
    }
    const last = await request("PATCH", `/api/v1/users/${admin.userId}`, {
      session: admin,
      body: { role: "manager" },
    });
    expect(last.statusCode).toBe(409);
  });
});
