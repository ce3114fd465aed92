import type { LightMyRequestResponse } from "fastify";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { CHECKLIST_ITEMS } from "../../../src/api/cases";
import { can, PERMISSIONS, type Permission } from "../../../src/api/permissions";
import { ROLES, type Role } from "../../../src/api/roles";
import { SYSTEM_ACTOR } from "../../../src/server/platform/actor";
import { newAuthorizedContact, newCustomer } from "../../harness/case-fixtures";
import { type Session, setupTestApp, uniq } from "../../harness/test-app";

/**
 * Consulting-hour banks over HTTP: every route by role, tenant isolation, bad input refused with the field
 * named and nothing written, consumption from the package that expires first, a manager's override, row
 * locks against overdrawing, and each alert mailed once through the outbox.
 */
const { ctx, request, login, signIn, PASSWORD } = setupTestApp();

const TODAY = "2026-11-27T15:00:00Z";
const METHODS = ["get", "post", "put", "patch", "delete"] as const;
type Method = Uppercase<(typeof METHODS)[number]>;
type Customer = Awaited<ReturnType<typeof newCustomer>>;

const sessions = {} as Record<Role, Session>;
let executive: Session;
/** The role table's organization: a 2,000-hour package and an authorized contact (`sessions.customer_contact`). */
let roles: Customer;
let rolesPackage: string;
let openapi: { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };

const sell = (organizationId: string, body: Record<string, unknown> = {}, session: Session = executive) =>
  request("POST", "/api/v1/hour-banks/packages", {
    session,
    body: {
      organizationId,
      hours: 80,
      purchasedOn: "2026-11-02",
      purchaseOrder: uniq("OC"),
      priceCents: 1_280_000,
      ...body,
    },
  });
const log = (organizationId: string, body: Record<string, unknown> = {}, session = sessions.specialist) =>
  request("POST", "/api/v1/hour-banks/entries", {
    session,
    body: { organizationId, workedOn: "2026-11-20", hours: 1, kind: "installation", ...body },
  });
const packageOf = async (id: string, session = sessions.admin) =>
  (await request("GET", `/api/v1/hour-banks/packages/${id}`, { session })).json();

const expectCreated = (res: LightMyRequestResponse, what = "") => {
  expect(res.statusCode, `${what} ${res.body}`).toBe(201);
  return res.json();
};
const soldTo = async (organizationId: string, body: Record<string, unknown> = {}) =>
  (expectCreated(await sell(organizationId, body), "sell") as { id: string }).id;

/** A problem+json naming the field, with its code (and reason when the API gives one). */
const expectProblem = (
  res: LightMyRequestResponse,
  expected: { status: number; code: string; reason?: string; field?: string; fieldCode?: string },
) => {
  expect(res.statusCode, res.body).toBe(expected.status);
  expect(res.headers["content-type"]).toContain("application/problem+json");
  const problem = res.json();
  expect(problem.code).toBe(expected.code);
  if (expected.reason) expect(problem.reason).toBe(expected.reason);
  if (expected.field) {
    const error = (problem.errors ?? []).find((e: { field: string }) => e.field === expected.field);
    expect(error, `${expected.field} in ${res.body}`).toBeDefined();
    if (expected.fieldCode) expect(error.code).toBe(expected.fieldCode);
  }
  return problem;
};

/** What an hour-bank request could write: nothing changes when it is refused. */
const snapshot = async () => {
  const db = ctx.db.db;
  const one = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(db)).rows[0]!.n;
  return {
    packages: await one(sql`SELECT count(*)::int AS n FROM hour_bank_packages`),
    used: await one(sql`SELECT coalesce(sum(used_quarters), 0)::int AS n FROM hour_bank_packages`),
    entries: await one(sql`SELECT count(*)::int AS n FROM hour_bank_entries`),
    allocations: await one(sql`SELECT count(*)::int AS n FROM hour_bank_allocations`),
    alerts: await one(sql`SELECT count(*)::int AS n FROM hour_bank_alerts`),
    outbox: await one(sql`SELECT count(*)::int AS n FROM outbox`),
    audit: await one(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity LIKE 'hour_bank%'`),
  };
};

const outboxFor = (packageKind: string) =>
  ctx.db.db
    .selectFrom("outbox")
    .select(["kind", "to_address", "to_user_id", "locale", "subject", "text_body"])
    .where("kind", "=", packageKind)
    .orderBy("to_address")
    .execute();

/** A case of the customer, logged by phone for its authorized contact. */
const openCase = async (customer: Customer, requesterId: string) => {
  const opened = await ctx.app.services.cases.openCase(
    SYSTEM_ACTOR,
    {
      systemId: customer.systemId,
      requesterId,
      subject: uniq("Migración de expedientes"),
      description: "Apoyo para migrar a 5.2",
      affectedPercent: 10,
      canKeepWorking: true,
      checklist: Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i, true])) as never,
    },
    "phone",
  );
  if (opened.outcome !== "opened") throw new Error("case not opened");
  return opened.case.id;
};

beforeAll(async () => {
  for (const role of ROLES) if (role !== "customer_contact") sessions[role] = await signIn(role);
  executive = sessions.account_executive;
  roles = await newCustomer(ctx.app, { accountExecutiveId: executive.userId });
  const contact = await newAuthorizedContact(ctx.app, roles, { password: PASSWORD });
  sessions.customer_contact = await login(contact.email, PASSWORD, "10.94.0.1");
  rolesPackage = await soldTo(roles.organizationId, { hours: 2000, purchasedOn: "2026-01-05" });
  openapi = (await request("GET", "/api/v1/openapi.json")).json();
});

/* ---------- every route, by role ---------- */

type Call = { params?: Record<string, string>; query?: string; body?: unknown };
const TABLE: Record<string, { permission: Permission; call: () => Call }> = {
  "GET /api/v1/hour-banks/packages": {
    permission: "services:read",
    call: () => ({ query: `organizationId=${roles.organizationId}` }),
  },
  "POST /api/v1/hour-banks/packages": {
    permission: "services:sell",
    call: () => ({
      body: {
        organizationId: roles.organizationId,
        hours: 80,
        purchasedOn: "2026-11-02",
        purchaseOrder: uniq("OC"),
        priceCents: 1_000_000,
      },
    }),
  },
  "GET /api/v1/hour-banks/packages/{id}": {
    permission: "services:read",
    call: () => ({ params: { id: rolesPackage } }),
  },
  "GET /api/v1/hour-banks/packages/{id}/entries": {
    permission: "services:read",
    call: () => ({ params: { id: rolesPackage } }),
  },
  "GET /api/v1/hour-banks/packages/{id}/alerts": {
    permission: "services:read",
    call: () => ({ params: { id: rolesPackage } }),
  },
  "GET /api/v1/hour-banks/entries": {
    permission: "services:read",
    call: () => ({ query: `organizationId=${roles.organizationId}` }),
  },
  "POST /api/v1/hour-banks/entries": {
    permission: "hour-banks:log",
    call: () => ({
      body: { organizationId: roles.organizationId, workedOn: "2026-11-20", hours: 0.25, kind: "tuning" },
    }),
  },
};

const urlOf = (path: string, call: Call) => {
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => call.params![name]!);
  return call.query ? `${url}?${call.query}` : url;
};

describe("hour-bank routes, by role", () => {
  it("the table has one row for every hour-bank operation of the OpenAPI document", () => {
    const documented = Object.entries(openapi.paths).flatMap(([path, item]) =>
      path.startsWith("/api/v1/hour-banks/")
        ? METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`)
        : [],
    );
    expect(Object.keys(TABLE).sort()).toEqual(documented.sort());
    for (const { permission } of Object.values(TABLE)) expect(Object.keys(PERMISSIONS)).toContain(permission);
  });

  it.each(Object.keys(TABLE))(
    "%s: 401 without a session, 403 without the permission, success with it",
    async (key) => {
      const [method, path] = key.split(" ") as [Method, string];
      const { permission, call } = TABLE[key]!;
      const codes = Object.keys(openapi.paths[path]?.[method.toLowerCase()]?.responses ?? {}).filter((c) =>
        c.startsWith("2"),
      );
      expect(codes).toHaveLength(1);
      const first = call();
      const anonymous = await request(method, urlOf(path, first), { body: first.body });
      expectProblem(anonymous, { status: 401, code: "unauthenticated", reason: "sign_in_required" });
      for (const role of ROLES) {
        const made = call();
        const res = await request(method, urlOf(path, made), { session: sessions[role], body: made.body });
        if (can(role, permission)) {
          expect(res.statusCode, `${key} as ${role}: ${res.body}`).toBe(Number(codes[0]));
        } else {
          expect(
            expectProblem(res, { status: 403, code: "forbidden", reason: "role_forbidden" }).params,
          ).toEqual({ role, permission });
        }
      }
    },
  );
});

/* ---------- selling ---------- */

describe("selling a package", () => {
  it("is one year from the purchase on the organization's current contract, with PO, price and who sold it", async () => {
    const sold = expectCreated(
      await sell(roles.organizationId, {
        hours: 120.5,
        purchasedOn: "2026-03-02",
        purchaseOrder: "OC-2026-114",
      }),
    );
    expect(sold).toMatchObject({
      organizationId: roles.organizationId,
      contract: { id: roles.contractId },
      hours: 120.5,
      usedHours: 0,
      remainingHours: 120.5,
      purchasedOn: "2026-03-02",
      expiresOn: "2027-03-01",
      status: "active",
      lowBalance: false,
      purchaseOrder: "OC-2026-114",
      priceCents: 1_280_000,
      currency: "USD",
      soldBy: { id: executive.userId },
      lowBalancePercent: 20,
      alerts: [],
    });
    const audit = await ctx.db.db
      .selectFrom("audit_log")
      .select(["action", "actor_id", "organization_id"])
      .where("entity_id", "=", sold.id)
      .execute();
    expect(audit).toEqual([
      { action: "hour_bank.package_sold", actor_id: executive.userId, organization_id: roles.organizationId },
    ]);
  });

  it("refuses a 40-hour package, hours not in quarter hours, a future purchase, an organization without a current contract, another organization's contract, writing nothing", async () => {
    const noContract = await ctx.app.services.organizations.createOrganization(SYSTEM_ACTOR, {
      name: uniq("Sin póliza"),
      emailDomains: [],
      timeZone: "America/Mexico_City",
    });
    const other = await newCustomer(ctx.app);
    const before = await snapshot();
    const problem = expectProblem(await sell(roles.organizationId, { hours: 40 }), {
      status: 400,
      code: "validation_failed",
      reason: "hour_bank_min_hours",
      field: "hours",
      fieldCode: "min_package_hours",
    });
    expect(problem.errors[0].params).toEqual({ min: 80 });
    expect(problem.detail).toContain("80 hours");
    expectProblem(await sell(roles.organizationId, { hours: 100.1 }), {
      status: 400,
      code: "validation_failed",
      field: "hours",
      fieldCode: "quarter_hours",
    });
    expectProblem(await sell(roles.organizationId, { purchasedOn: "2026-11-28" }), {
      status: 400,
      code: "validation_failed",
      field: "purchasedOn",
      fieldCode: "in_future",
    });
    expectProblem(await sell(noContract.id), {
      status: 422,
      code: "hour_bank_refused",
      reason: "hour_bank_needs_contract",
      field: "organizationId",
      fieldCode: "no_current_contract",
    });
    // the contract was not current yet on the purchase date
    expectProblem(await sell(roles.organizationId, { purchasedOn: "2025-12-01" }), {
      status: 422,
      code: "hour_bank_refused",
      field: "organizationId",
      fieldCode: "no_current_contract",
    });
    expectProblem(await sell(roles.organizationId, { contractId: other.contractId }), {
      status: 422,
      code: "hour_bank_refused",
      field: "contractId",
      fieldCode: "contract_not_current",
    });
    expectProblem(await sell(crypto.randomUUID()), {
      status: 400,
      code: "validation_failed",
      field: "organizationId",
      fieldCode: "not_found",
    });
    expectProblem(await sell(roles.organizationId, { purchaseOrder: "  " }), {
      status: 400,
      code: "validation_failed",
      field: "purchaseOrder",
    });
    expect(await snapshot()).toEqual(before);
  });
});

/* ---------- logging time ---------- */

describe("logging time", () => {
  let customer: Customer;
  let other: Customer;
  let caseOfCustomer: string;
  let caseOfOther: string;

  beforeAll(async () => {
    customer = await newCustomer(ctx.app, { accountExecutiveId: executive.userId });
    other = await newCustomer(ctx.app);
    const contact = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD });
    const otherContact = await newAuthorizedContact(ctx.app, other, { password: PASSWORD });
    caseOfCustomer = await openCase(customer, contact.id);
    caseOfOther = await openCase(other, otherContact.id);
  });

  it("takes the hours from the package that expires first and splits an entry across two", async () => {
    const older = await soldTo(customer.organizationId, { purchasedOn: "2026-01-05" });
    const newer = await soldTo(customer.organizationId, { purchasedOn: "2026-06-01" });
    for (const hours of [24, 24, 24, 6]) expectCreated(await log(customer.organizationId, { hours }));
    expect((await packageOf(older)).usedHours).toBe(78);
    const split = expectCreated(
      await log(customer.organizationId, {
        hours: 5,
        kind: "migration",
        description: "Migración de expedientes a 5.2",
        caseId: caseOfCustomer,
      }),
    );
    expect(split).toMatchObject({
      hours: 5,
      kind: "migration",
      case: { id: caseOfCustomer },
      consultant: { id: sessions.specialist.userId },
      overridden: false,
      overrideReason: null,
      allocations: [
        { packageId: older, hours: 2 },
        { packageId: newer, hours: 3 },
      ],
    });
    expect(await packageOf(older)).toMatchObject({ usedHours: 80, remainingHours: 0, status: "used_up" });
    expect(await packageOf(newer)).toMatchObject({ usedHours: 3, remainingHours: 77, status: "active" });
    // both packages list the split entry, the newer one only it
    const ofNewer = (
      await request("GET", `/api/v1/hour-banks/packages/${newer}/entries`, { session: executive })
    ).json();
    expect(ofNewer.items.map((e: { id: string }) => e.id)).toEqual([split.id]);
    const ofOlder = (
      await request("GET", `/api/v1/hour-banks/packages/${older}/entries?limit=3`, { session: executive })
    ).json();
    expect(ofOlder.items).toHaveLength(3);
    const next = (
      await request(
        "GET",
        `/api/v1/hour-banks/packages/${older}/entries?limit=3&cursor=${ofOlder.nextCursor}`,
        {
          session: executive,
        },
      )
    ).json();
    expect([...ofOlder.items, ...next.items].map((e: { hours: number }) => e.hours).sort()).toEqual(
      [24, 24, 24, 5, 6].sort(),
    );
    expect(next.nextCursor).toBeNull();
  });

  it("refuses 0, 25 and 0.1 hours, an unknown kind, a future day and another organization's case, writing nothing", async () => {
    const before = await snapshot();
    for (const hours of [0, 25, -1]) {
      const problem = expectProblem(await log(customer.organizationId, { hours }), {
        status: 400,
        code: "validation_failed",
        field: "hours",
        fieldCode: "entry_hours",
      });
      expect(problem.errors[0].params).toEqual({ max: 24 });
    }
    expectProblem(await log(customer.organizationId, { hours: 0.1 }), {
      status: 400,
      code: "validation_failed",
      field: "hours",
      fieldCode: "quarter_hours",
    });
    expectProblem(await log(customer.organizationId, { kind: "coffee" }), {
      status: 400,
      code: "validation_failed",
      field: "kind",
    });
    expectProblem(await log(customer.organizationId, { hours: "2" }), {
      status: 400,
      code: "validation_failed",
      field: "hours",
    });
    expectProblem(await log(customer.organizationId, { workedOn: "2026-11-28" }), {
      status: 400,
      code: "validation_failed",
      field: "workedOn",
      fieldCode: "in_future",
    });
    expectProblem(await log(customer.organizationId, { caseId: caseOfOther }), {
      status: 400,
      code: "validation_failed",
      field: "caseId",
      fieldCode: "case_of_other_organization",
    });
    expectProblem(await log(customer.organizationId, { caseId: crypto.randomUUID() }), {
      status: 400,
      code: "validation_failed",
      field: "caseId",
      fieldCode: "not_found",
    });
    expectProblem(await log(customer.organizationId, { consultantId: customer.organizationId }), {
      status: 400,
      code: "validation_failed",
      field: "consultantId",
      fieldCode: "not_active_staff",
    });
    // a customer never logs hours, not even on their own organization's bank
    const res = await log(customer.organizationId, {}, sessions.customer_contact);
    expect(expectProblem(res, { status: 403, code: "forbidden", reason: "role_forbidden" }).params).toEqual({
      role: "customer_contact",
      permission: "hour-banks:log",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an entry beyond the balance naming what is left; a manager's reason takes it, audited", async () => {
    const org = await newCustomer(ctx.app);
    const pkg = await soldTo(org.organizationId);
    for (const hours of [24, 24, 24, 7]) expectCreated(await log(org.organizationId, { hours }));
    const before = await snapshot();
    const refused = expectProblem(await log(org.organizationId, { hours: 2 }), {
      status: 422,
      code: "hour_bank_refused",
      reason: "hour_bank_beyond_balance",
      field: "hours",
      fieldCode: "beyond_balance",
    });
    expect(refused.params).toEqual({ available: 1 });
    // a specialist's reason is not enough: only a manager overrides
    const specialist = await log(org.organizationId, { hours: 2, overrideReason: "Cierre urgente" });
    expect(expectProblem(specialist, { status: 403, code: "forbidden" }).params).toEqual({
      role: "specialist",
      permission: "hour-banks:override",
    });
    expectProblem(await log(org.organizationId, { hours: 2, overrideReason: "   " }, sessions.manager), {
      status: 422,
      code: "hour_bank_refused",
      field: "hours",
    });
    expect(await snapshot()).toEqual(before);

    const overridden = expectCreated(
      await log(
        org.organizationId,
        { hours: 2, overrideReason: "Cierre urgente de migración" },
        sessions.manager,
      ),
    );
    expect(overridden).toMatchObject({
      overridden: true,
      overrideReason: "Cierre urgente de migración",
      allocations: [{ packageId: pkg, hours: 2 }],
    });
    expect(await packageOf(pkg)).toMatchObject({ usedHours: 81, remainingHours: 0, status: "used_up" });
    const audit = await ctx.db.db
      .selectFrom("audit_log")
      .select(["action", "actor_id", "details"])
      .where("entity_id", "=", overridden.id)
      .execute();
    expect(audit).toMatchObject([
      {
        action: "hour_bank.entry_overridden",
        actor_id: sessions.manager.userId,
        details: { overrideReason: "Cierre urgente de migración", hours: 2 },
      },
    ]);
    // a reason given when none is needed is not kept
    const roomy = await soldTo(org.organizationId, { purchasedOn: "2026-11-20" });
    const plain = expectCreated(
      await log(org.organizationId, { hours: 1, overrideReason: "Por si acaso" }, sessions.manager),
    );
    expect(plain).toMatchObject({
      overridden: false,
      overrideReason: null,
      allocations: [{ packageId: roomy }],
    });
  });

  it("refuses an entry after expiry; a manager's override books it on the package that expired last", async () => {
    const org = await newCustomer(ctx.app, { startDate: "2025-01-02" });
    const pkg = await soldTo(org.organizationId, { purchasedOn: "2025-03-03" });
    expect(await packageOf(pkg)).toMatchObject({ expiresOn: "2026-03-02", status: "expired" });
    const before = await snapshot();
    const refused = expectProblem(await log(org.organizationId, { workedOn: "2026-06-01" }), {
      status: 422,
      code: "hour_bank_refused",
      reason: "hour_bank_no_valid_package",
      field: "workedOn",
      fieldCode: "no_valid_package",
    });
    expect(refused.params).toEqual({ date: "2026-06-01" });
    // the day before the purchase has no package at all, even for a manager
    expectProblem(
      await log(
        org.organizationId,
        { workedOn: "2025-03-01", overrideReason: "Antes de la compra" },
        sessions.manager,
      ),
      { status: 422, code: "hour_bank_refused", field: "workedOn", fieldCode: "no_valid_package" },
    );
    expect(await snapshot()).toEqual(before);
    const overridden = expectCreated(
      await log(
        org.organizationId,
        { workedOn: "2026-06-01", overrideReason: "Acordado con el cliente" },
        sessions.admin,
      ),
    );
    expect(overridden).toMatchObject({ overridden: true, allocations: [{ packageId: pkg, hours: 1 }] });
  });

  it("cannot overdraw with two entries at once: the packages are locked, one waits and is refused", async () => {
    const org = await newCustomer(ctx.app);
    const pkg = await soldTo(org.organizationId);
    for (const hours of [24, 24, 22]) expectCreated(await log(org.organizationId, { hours }));
    const results = await Promise.all([
      log(org.organizationId, { hours: 6 }),
      log(org.organizationId, { hours: 6 }, sessions.technical_staff),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 422]);
    expect(await packageOf(pkg)).toMatchObject({ usedHours: 76, remainingHours: 4 });
  });
});

/* ---------- tenant isolation ---------- */

describe("tenant isolation", () => {
  it("a contact reads their own organization's bank; another organization's is 404, never its data", async () => {
    const a = await newCustomer(ctx.app);
    const b = await newCustomer(ctx.app);
    const contactA = await newAuthorizedContact(ctx.app, a, { password: PASSWORD });
    const sessionA = await login(contactA.email, PASSWORD, "10.94.0.9");
    const packageA = await soldTo(a.organizationId, { purchaseOrder: "OC-PROPIA-A" });
    const packageB = await soldTo(b.organizationId, { purchaseOrder: "OC-SECRETA-B" });
    expectCreated(
      await log(
        b.organizationId,
        { description: "Migración secreta B", overrideReason: "x" },
        sessions.manager,
      ),
    );
    for (const hours of [24, 24, 24]) expectCreated(await log(a.organizationId, { hours }));
    const overridden = expectCreated(
      await log(
        a.organizationId,
        { hours: 10, workedOn: "2026-11-21", overrideReason: "Motivo interno" },
        sessions.manager,
      ),
    );
    expect(overridden.overrideReason).toBe("Motivo interno");

    for (const path of ["", "/entries", "/alerts"]) {
      const res = await request("GET", `/api/v1/hour-banks/packages/${packageB}${path}`, {
        session: sessionA,
      });
      expectProblem(res, { status: 404, code: "not_found", reason: "not_found" });
      expect(res.body).not.toContain("OC-SECRETA-B");
    }
    for (const url of [
      "/api/v1/hour-banks/packages",
      `/api/v1/hour-banks/packages?organizationId=${b.organizationId}`,
      "/api/v1/hour-banks/entries",
      `/api/v1/hour-banks/entries?organizationId=${b.organizationId}`,
    ]) {
      const res = await request("GET", url, { session: sessionA });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain("OC-SECRETA-B");
      expect(res.body, url).not.toContain("Migración secreta B");
      expect(res.body, url).not.toContain(b.organizationId);
    }
    const own = (await request("GET", "/api/v1/hour-banks/packages", { session: sessionA })).json();
    expect(own.items.map((p: { id: string }) => p.id)).toEqual([packageA]);
    // the customer sees the override, not the manager's reason
    const entries = (await request("GET", "/api/v1/hour-banks/entries", { session: sessionA })).json();
    expect(entries.items).toHaveLength(4);
    expect(entries.items[0]).toMatchObject({ id: overridden.id, overridden: true, overrideReason: null });
    expect((await packageOf(packageA, sessionA)).purchaseOrder).toBe("OC-PROPIA-A");
    // logging on B's bank as A's contact: 403 before anything is read
    expectProblem(await log(b.organizationId, {}, sessionA), { status: 403, code: "forbidden" });
  });

  it("staff filter the lists by organization and status", async () => {
    const org = await newCustomer(ctx.app, { startDate: "2025-01-02" });
    const expired = await soldTo(org.organizationId, { purchasedOn: "2025-02-03" });
    const list = async (query: string) =>
      (
        await request("GET", `/api/v1/hour-banks/packages?organizationId=${org.organizationId}${query}`, {
          session: sessions.manager,
        })
      )
        .json()
        .items.map((p: { id: string }) => p.id);
    expect(await list("")).toEqual([expired]);
    expect(await list("&status=expired")).toEqual([expired]);
    expect(await list("&status=active")).toEqual([]);
  });
});

/* ---------- alerts ---------- */

describe("alerts", () => {
  it("mails the account executive and the authorized contacts once: under 20 % with the entry, 30 days before expiry and expired with hours left by the job", async () => {
    const org = await newCustomer(ctx.app, { accountExecutiveId: executive.userId });
    const ana = await newAuthorizedContact(ctx.app, org, { password: PASSWORD, name: "Ana López" });
    const john = await newAuthorizedContact(ctx.app, org, {
      password: PASSWORD,
      name: "John Smith",
      language: "en",
    });
    const pkg = await soldTo(org.organizationId, { purchasedOn: "2026-01-05", purchaseOrder: "OC-ALERTAS" });
    // the account executive is told about other organizations' banks too: this package's mails name its PO
    const mailsOf = async (kind: string) =>
      (await outboxFor(kind)).filter((m) => m.text_body.includes("OC-ALERTAS"));

    for (const hours of [24, 24, 16]) expectCreated(await log(org.organizationId, { hours }));
    // 16 of 80 left is exactly 20 %: not yet
    expect(await mailsOf("hour_bank_low_balance")).toEqual([]);
    expectCreated(await log(org.organizationId, { hours: 0.25 }));
    const low = await mailsOf("hour_bank_low_balance");
    expect(low.map((m) => m.to_user_id).sort()).toEqual([executive.userId, ana.id, john.id].sort());
    const english = low.find((m) => m.to_user_id === john.id)!;
    expect(english.locale).toBe("en");
    expect(english.subject).toContain("15.75 of 80 hours left");
    const spanish = low.find((m) => m.to_user_id === ana.id)!;
    expect(spanish.subject).toContain("quedan 15.75 de 80 horas");
    expect(spanish.text_body).toContain("OC-ALERTAS");
    expect(spanish.text_body).toContain("/my-services");
    expect(low.find((m) => m.to_user_id === executive.userId)!.text_body).toContain(`/hour-banks/${pkg}`);

    // more hours and the job: still one low-balance mail each
    expectCreated(await log(org.organizationId, { hours: 1 }));
    await ctx.app.services.hourBanks.sendDueAlerts();
    expect(await mailsOf("hour_bank_low_balance")).toHaveLength(3);
    expect((await packageOf(pkg)).alerts).toMatchObject([{ kind: "low_balance", recipients: 3 }]);

    try {
      // last day 2027-01-04: warned from 2026-12-05
      ctx.clock.set("2026-12-04T18:00:00Z");
      await ctx.app.services.hourBanks.sendDueAlerts();
      expect(await mailsOf("hour_bank_expiring")).toEqual([]);
      ctx.clock.set("2026-12-05T18:00:00Z");
      await ctx.app.services.hourBanks.sendDueAlerts();
      await ctx.app.services.hourBanks.sendDueAlerts();
      const expiring = await mailsOf("hour_bank_expiring");
      expect(expiring).toHaveLength(3);
      expect(expiring.find((m) => m.to_user_id === ana.id)!.subject).toContain("vence el 4 de enero de 2027");

      // expired with hours left: the contacts of the package's contract are still told
      ctx.clock.set("2027-01-05T18:00:00Z");
      await Promise.all([
        ctx.app.services.hourBanks.sendDueAlerts(),
        ctx.app.services.hourBanks.sendDueAlerts(),
      ]);
      await ctx.app.services.hourBanks.sendDueAlerts();
      const expired = await mailsOf("hour_bank_expired_unused");
      expect(expired.map((m) => m.to_user_id).sort()).toEqual([executive.userId, ana.id, john.id].sort());
      expect(expired.find((m) => m.to_user_id === john.id)!.subject).toContain(
        "expired with 14.75 hours unused",
      );
    } finally {
      ctx.clock.set(TODAY);
    }
    const alerts = (
      await request("GET", `/api/v1/hour-banks/packages/${pkg}/alerts`, { session: executive })
    ).json();
    expect(alerts.items.map((a: { kind: string }) => a.kind)).toEqual([
      "low_balance",
      "expiring",
      "expired_unused",
    ]);
  });

  it("a package used up before expiry is not told it expires", async () => {
    const org = await newCustomer(ctx.app, { accountExecutiveId: executive.userId });
    const pkg = await soldTo(org.organizationId, { purchasedOn: "2026-01-05" });
    for (const hours of [24, 24, 24, 8]) expectCreated(await log(org.organizationId, { hours }));
    try {
      ctx.clock.set("2027-01-10T18:00:00Z");
      await ctx.app.services.hourBanks.sendDueAlerts();
    } finally {
      ctx.clock.set(TODAY);
    }
    expect((await packageOf(pkg)).alerts.map((a: { kind: string }) => a.kind)).toEqual(["low_balance"]);
  });
});
