import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../src/api/audit";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { type Session, setupTestApp, uniq } from "../harness/test-app";

/**
 * GET /api/v1/audit: admins and managers read every organization's entries, newest first, filtered and
 * paged; bad periods and forged cursors are refused naming the field; entries cannot be changed or deleted.
 */
const { ctx, request, signIn } = setupTestApp();

let admin: Session;
let manager: Session;
let executive: Session;
let token: string;
let startedAt: string;
let orgA: { id: string; name: string };
let orgB: { id: string; name: string };

const list = async (query: string, session: Session = manager) => {
  const res = await request("GET", `/api/v1/audit${query ? `?${query}` : ""}`, { session });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: AuditEntry[]; nextCursor: string | null };
};

const fieldError = (res: { statusCode: number; json: () => unknown }) => {
  const body = res.json() as { code: string; reason?: string; errors?: { field: string; code: string }[] };
  return [res.statusCode, body.code, body.reason ?? null, body.errors?.map((e) => `${e.field}:${e.code}`)];
};

beforeAll(async () => {
  startedAt = new Date(Date.now() - 1000).toISOString();
  admin = await signIn("admin");
  manager = await signIn("manager");
  executive = await signIn("account_executive");
  const created = await request("POST", "/api/v1/organizations", {
    session: executive,
    body: { name: uniq("Secretaría Tecnológica"), emailDomains: ["tecnologica.gob.mx"] },
  });
  expect(created.statusCode).toBe(201);
  orgA = created.json();
  const renamed = await request("PATCH", `/api/v1/organizations/${orgA.id}`, {
    session: admin,
    body: { timeZone: "America/Tijuana" },
  });
  expect(renamed.statusCode).toBe(200);
  orgB = await ctx.app.services.organizations.createOrganization(SYSTEM_ACTOR, {
    name: uniq("Municipio de Orizaba"),
    emailDomains: [],
    timeZone: "America/Mexico_City",
  });
  token = (
    await request("POST", "/api/v1/auth/tokens", { session: admin, body: { name: "Auditoría" } })
  ).json().token;
  const viaToken = await request("POST", "/api/v1/organizations", {
    token,
    body: { name: uniq("Organismo vía token") },
  });
  expect(viaToken.statusCode).toBe(201);
});

describe("GET /api/v1/audit", () => {
  it("answers admins and managers; other staff and customers 403, anonymous 401", async () => {
    expect((await request("GET", "/api/v1/audit", { session: admin })).statusCode).toBe(200);
    expect((await request("GET", "/api/v1/audit", { session: manager })).statusCode).toBe(200);
    for (const role of ["specialist", "technical_staff", "account_executive"] as const) {
      const res = await request("GET", "/api/v1/audit", { session: await signIn(role) });
      expect([res.statusCode, res.json().reason], role).toEqual([403, "role_forbidden"]);
    }
    const contact = await signIn("customer_contact", orgA.id);
    const res = await request("GET", `/api/v1/audit?organizationId=${orgA.id}`, { session: contact });
    expect([res.statusCode, res.json().reason]).toEqual([403, "role_forbidden"]);
    expect((await request("GET", "/api/v1/audit")).statusCode).toBe(401);
  });

  it("shows who, how, what, on which entity and organization, with before and after apart", async () => {
    const { items } = await list(`entityId=${orgA.id}`);
    expect(items.map((e) => e.action)).toEqual(["organization.updated", "organization.created"]);
    const [updated, created] = items;
    expect(created).toMatchObject({
      actor: { id: executive.userId, name: expect.any(String), role: "account_executive" },
      via: "session",
      entity: "organization",
      entityId: orgA.id,
      organizationId: orgA.id,
      organizationName: orgA.name,
    });
    expect(created!.details).toMatchObject({ name: orgA.name });
    expect(updated!.actor?.role).toBe("admin");
    expect(Date.parse(updated!.at)).toBeGreaterThanOrEqual(Date.parse(created!.at));

    // the operator has no user: no actor, via system
    const [system] = (await list(`entityId=${orgB.id}`)).items;
    expect(system).toMatchObject({ actor: null, via: "system", action: "organization.created" });

    // a token's writes say so
    const viaToken = (await list("action=organization.created")).items.find((e) => e.via === "token");
    expect(viaToken?.actor?.id).toBe(admin.userId);

    // a change that records before and after gives them apart from the rest of its details
    const plans = await request("PATCH", "/api/v1/settings/contracts", {
      session: admin,
      body: { penaltyRateBps: 1_500 },
    });
    expect(plans.statusCode, plans.body).toBe(200);
    const [settings] = (await list("action=settings.contracts_updated")).items;
    expect(settings?.before).toMatchObject({ penaltyRateBps: expect.any(Number) });
    expect(settings?.after).toEqual({ penaltyRateBps: 1_500 });
    expect(settings?.details).not.toHaveProperty("before");
  });

  it("filters by entity, actor, action or its prefix, organization, period and words in the details", async () => {
    const all = (await list("limit=200")).items;
    expect(all.length).toBeGreaterThan(5);
    // newest first
    const order = all.map((e) => [Date.parse(e.at), Number(e.id)] as const);
    expect(order).toEqual([...order].sort((x, y) => y[0] - x[0] || y[1] - x[1]));

    const organizations = (await list("entity=organization&limit=200")).items;
    expect(organizations.length).toBeGreaterThanOrEqual(4);
    expect(organizations.every((e) => e.entity === "organization")).toBe(true);

    const byExecutive = (await list(`actorId=${executive.userId}`)).items;
    expect(byExecutive.map((e) => e.action).sort()).toEqual(["auth.signed_in", "organization.created"]);

    const exact = (await list("action=organization.updated")).items;
    expect(exact.map((e) => e.entityId)).toEqual([orgA.id]);
    const prefix = (await list("action=organization.&limit=200")).items;
    expect(new Set(prefix.map((e) => e.action))).toEqual(
      new Set(["organization.created", "organization.updated"]),
    );
    // an underscore in a prefix is a letter, not LIKE's wildcard
    expect((await list("action=auth.signed_")).items.every((e) => e.action.startsWith("auth.signed_"))).toBe(
      true,
    );
    expect((await list("action=auth.signedxin")).items).toEqual([]);

    const ofA = (await list(`organizationId=${orgA.id}&limit=200`)).items;
    expect(ofA.length).toBeGreaterThanOrEqual(2);
    expect(ofA.every((e) => e.organizationId === orgA.id)).toBe(true);

    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await list(`from=${encodeURIComponent(later)}`)).items).toEqual([]);
    const inPeriod = (
      await list(`from=${encodeURIComponent(startedAt)}&to=${encodeURIComponent(later)}&limit=200`)
    ).items;
    expect(inPeriod.length).toBe(all.length);
    expect((await list(`to=${encodeURIComponent(startedAt)}`)).items).toEqual([]);

    // accents and case ignored
    const words = (await list("q=TECNOLOGICA")).items;
    expect(words.map((e) => e.entityId)).toContain(orgA.id);
    expect(words.map((e) => e.entityId)).not.toContain(orgB.id);
    // LIKE's wildcards are taken literally
    expect((await list("q=%25")).items).toEqual([]);

    const combined = (await list(`entity=organization&actorId=${admin.userId}&organizationId=${orgA.id}`))
      .items;
    expect(combined.map((e) => e.action)).toEqual(["organization.updated"]);
  });

  it("pages newest first with a cursor, every entry once", async () => {
    const all = (await list("limit=200")).items.map((e) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it("refuses a reversed or too long period, a forged cursor and unknown filters, naming the field", async () => {
    const get = (query: string) => request("GET", `/api/v1/audit?${query}`, { session: admin });
    expect(fieldError(await get("from=2026-11-27T00:00:00Z&to=2026-11-26T00:00:00Z"))).toEqual([
      400,
      "validation_failed",
      "range_end_before_start",
      ["to:range_reversed"],
    ]);
    const twenty = await get("from=2006-01-01T00:00:00Z&to=2026-01-01T00:00:00Z");
    expect(fieldError(twenty)).toEqual([400, "validation_failed", "range_too_long", ["to:range_too_long"]]);
    expect(twenty.json().errors[0].params).toEqual({ years: 5 });
    // five years exactly is allowed
    expect((await get("from=2021-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")).statusCode).toBe(200);

    const forged = [
      "not-a-cursor",
      Buffer.from(JSON.stringify(["2026-11-27T15:00:00Z"])).toString("base64url"),
      Buffer.from(JSON.stringify(["2026-11-27T15:00:00Z", "x"])).toString("base64url"),
      Buffer.from(JSON.stringify(["2026-11-27T15:00:00Z", 1.5])).toString("base64url"),
      Buffer.from(JSON.stringify(["2026-11-27T15:00:00Z", 1e300])).toString("base64url"),
      Buffer.from(JSON.stringify(["'; DROP TABLE audit_log; --", 1])).toString("base64url"),
    ];
    for (const cursor of forged) {
      expect(fieldError(await get(`cursor=${cursor}`)), cursor).toEqual([
        400,
        "validation_failed",
        "invalid_cursor",
        ["cursor:invalid_cursor"],
      ]);
    }
    for (const [query, field] of [
      ["from=yesterday", "querystring.from"],
      ["entity=nonsense", "querystring.entity"],
      ["action=DROP%20TABLE", "querystring.action"],
      ["actorId=42", "querystring.actorId"],
      ["color=red", "querystring.color"],
    ]) {
      const res = await get(query!);
      expect(res.statusCode, query).toBe(400);
      expect(
        res.json().errors.map((e: { field: string }) => e.field),
        query,
      ).toEqual([field]);
    }
  });
});

describe("the audit log cannot be changed", () => {
  it("has no route that writes it", async () => {
    const doc = (await request("GET", "/api/v1/openapi.json")).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const auditPaths = Object.entries(doc.paths).filter(([path]) => path.startsWith("/api/v1/audit"));
    expect(auditPaths.map(([path, ops]) => [path, Object.keys(ops)])).toEqual([["/api/v1/audit", ["get"]]]);
  });

  it("refuses UPDATE, DELETE and TRUNCATE through SQL, and the deletion of a user it names", async () => {
    const db = ctx.db.db;
    const before = await db.selectFrom("audit_log").selectAll().orderBy("id").execute();
    expect(before.length).toBeGreaterThan(0);
    const attempts = [
      sql`UPDATE audit_log SET action = 'forged' WHERE id = ${before[0]!.id}`,
      sql`UPDATE audit_log SET details = '{}'`,
      sql`DELETE FROM audit_log WHERE id = ${before[0]!.id}`,
      sql`DELETE FROM audit_log`,
      sql`TRUNCATE audit_log`,
      // ON DELETE SET NULL would have rewritten the entries of a deleted person or organization
      sql`DELETE FROM users WHERE id = ${executive.userId}`,
      sql`DELETE FROM organizations WHERE id = ${orgB.id}`,
    ];
    for (const attempt of attempts) {
      await expect(attempt.execute(db), attempt.compile(db).sql).rejects.toThrow(
        /audit_log entries cannot be changed or deleted|violates foreign key constraint/,
      );
    }
    await expect(db.updateTable("audit_log").set({ action: "x" }).execute()).rejects.toThrow(
      /cannot be changed/,
    );
    await expect(db.deleteFrom("audit_log").execute()).rejects.toThrow(/cannot be changed/);
    expect(await db.selectFrom("audit_log").selectAll().orderBy("id").execute()).toEqual(before);
  });
});
