import type { LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { can, type Permission } from "../../../src/api/permissions";
import { ROLES, type Role } from "../../../src/api/roles";
import { findConfirmedWindowAt } from "../../../src/server/modules/services";
import { SYSTEM_ACTOR } from "../../../src/server/platform/actor";
import { newAuthorizedContact, newCustomer } from "../../harness/case-fixtures";
import { type Session, setupTestApp, uniq } from "../../harness/test-app";

/**
 * Out-of-hours days through HTTP. The clock stands at Friday 27 November 2026, 09:00 in Mexico City: five
 * business days on is Friday 4 December, the earliest date a window may start.
 */
const { ctx, request, login, signIn, PASSWORD } = setupTestApp();

const API = "/api/v1/out-of-hours/windows";
const NOW = "2026-11-27T15:00:00Z";

type Customer = { organizationId: string; contractId: string; systemId: string; contact: Session };

const sessions = {} as Record<Role, Session & { email: string }>;
let accountExecutive: Session & { email: string };
/** Extendido for two years from 2 January 2026: year 0 ends 1 January 2027. */
let roles: Customer;
let a: Customer;
let b: Customer;
let estandar: Customer;
let unauthorizedOfA: Session;

/** An organization with a system under a contract of the plan, and a trained contact authorized on it. */
const customer = async (options: { planId: string; endDate?: string }): Promise<Customer> => {
  const s = ctx.app.services;
  const base = await newCustomer(ctx.app, {
    planId: options.planId,
    startDate: "2026-01-02",
    accountExecutiveId: accountExecutive.userId,
  });
  let contractId = base.contractId;
  if (options.endDate) {
    // a longer term: a second system of the organization under a contract of two years
    const system = await s.catalog.createSystem(SYSTEM_ACTOR, {
      organizationId: base.organizationId,
      productId: (
        await ctx.db.db
          .selectFrom("customer_systems")
          .select("product_id")
          .where("id", "=", base.systemId)
          .executeTakeFirstOrThrow()
      ).product_id,
      name: uniq("ECM producción"),
      moduleIds: [],
      installedVersion: "5.1.0",
      environment: "production",
    });
    contractId = (
      await s.contracts.createContract(SYSTEM_ACTOR, {
        systemId: system.id,
        planId: options.planId,
        startDate: "2026-01-02",
        endDate: options.endDate,
        salePriceCents: 0,
        notes: "",
      })
    ).id;
  }
  const contact = await newAuthorizedContact(
    ctx.app,
    { organizationId: base.organizationId, contractId },
    { password: PASSWORD },
  );
  return {
    organizationId: base.organizationId,
    contractId,
    systemId: base.systemId,
    contact: await login(contact.email, PASSWORD, `10.9.${Math.floor(Math.random() * 250)}.1`),
  };
};

const windowBody = (day: string, from = "08:00", to = "20:00", extra: Record<string, unknown> = {}) => ({
  startsAt: `${day}T${from}`,
  endsAt: `${day}T${to}`,
  maintenance: "Actualización de SIGAP a 5.1.2 y reinicio de servidores",
  ...extra,
});

const book = (session: Session, body: unknown) => request("POST", API, { session, body });
const act = (session: Session, id: string, action: "confirm" | "decline" | "cancel", body: unknown = {}) =>
  request("POST", `${API}/${id}/${action}`, { session, ...(action === "confirm" ? {} : { body }) });

const expectProblem = (
  res: LightMyRequestResponse,
  status: number,
  expected: { code: string; reason?: string; field?: string; fieldCode?: string },
) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers["content-type"])).toMatch(/^application\/problem\+json/);
  const problem = res.json();
  expect(problem.code).toBe(expected.code);
  if (expected.reason) expect(problem.reason).toBe(expected.reason);
  if (expected.field)
    expect(problem.errors).toEqual([
      expect.objectContaining({ field: expected.field, code: expected.fieldCode }),
    ]);
  return problem;
};

/** What a refused request must not have written. */
const snapshot = async () => {
  const db = ctx.db.db;
  const count = async (query: Promise<unknown[]>) => (await query).length;
  return {
    windows: await db
      .selectFrom("out_of_hours_windows")
      .select(["id", "status", "refunded", "updated_at"])
      .orderBy("id")
      .execute(),
    mail: await count(db.selectFrom("outbox").select("id").where("kind", "like", "out_of_hours%").execute()),
    audit: await count(
      db.selectFrom("audit_log").select("id").where("action", "like", "out_of_hours%").execute(),
    ),
  };
};

const bookAsAdmin = async (customerOf: Customer, day = "2026-12-12") => {
  const res = await request("POST", API, {
    session: sessions.admin,
    body: {
      ...windowBody(day),
      organizationId: customerOf.organizationId,
      contractId: customerOf.contractId,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

beforeAll(async () => {
  ctx.clock.set(NOW);
  for (const role of ROLES) if (role !== "customer_contact") sessions[role] = await signIn(role);
  accountExecutive = sessions.account_executive;
  roles = await customer({ planId: "extendido", endDate: "2027-12-31" });
  sessions.customer_contact = { ...roles.contact, email: "" };
  a = await customer({ planId: "extendido", endDate: "2027-12-31" });
  b = await customer({ planId: "extendido" });
  estandar = await customer({ planId: "estandar" });
  unauthorizedOfA = await signIn("customer_contact", a.organizationId);
});

describe("every out-of-hours route, by role", () => {
  type Row = {
    permission: Permission;
    status: number;
    call: (role: Role, session: Session) => Promise<LightMyRequestResponse>;
  };
  /** Cancels (early: the day comes back) what a test left requested or confirmed. */
  const tidy = async (id: string) => {
    const row = await ctx.db.db
      .selectFrom("out_of_hours_windows")
      .select("status")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    if (row.status === "requested" || row.status === "confirmed")
      expect((await act(sessions.admin, id, "cancel")).statusCode).toBe(200);
  };
  const onFresh = (action: "confirm" | "decline" | "cancel") => async (_role: Role, session: Session) => {
    const id = await bookAsAdmin(roles);
    const res = await act(session, id, action, { reason: "Prueba de permisos" });
    await tidy(id);
    return res;
  };
  let existing: string;
  const TABLE: Record<string, Row> = {
    "GET /api/v1/out-of-hours/windows": {
      permission: "services:read",
      status: 200,
      call: (_r, session) => request("GET", `${API}?organizationId=${roles.organizationId}`, { session }),
    },
    "POST /api/v1/out-of-hours/windows": {
      permission: "out-of-hours:book",
      status: 201,
      call: async (role, session) => {
        const res = await book(session, {
          ...windowBody("2026-12-12"),
          ...(role === "customer_contact" ? {} : { organizationId: roles.organizationId }),
        });
        if (res.statusCode === 201) await tidy(res.json().id);
        return res;
      },
    },
    "GET /api/v1/out-of-hours/windows/{id}": {
      permission: "services:read",
      status: 200,
      call: (_r, session) => request("GET", `${API}/${existing}`, { session }),
    },
    "POST /api/v1/out-of-hours/windows/{id}/confirm": {
      permission: "out-of-hours:confirm",
      status: 200,
      call: onFresh("confirm"),
    },
    "POST /api/v1/out-of-hours/windows/{id}/decline": {
      permission: "out-of-hours:confirm",
      status: 200,
      call: onFresh("decline"),
    },
    "POST /api/v1/out-of-hours/windows/{id}/cancel": {
      permission: "out-of-hours:book",
      status: 200,
      call: onFresh("cancel"),
    },
    "GET /api/v1/out-of-hours/overview": {
      permission: "services:read",
      status: 200,
      call: (_r, session) =>
        request("GET", `/api/v1/out-of-hours/overview?organizationId=${roles.organizationId}`, { session }),
    },
    "GET /api/v1/contracts/{id}/out-of-hours": {
      permission: "services:read",
      status: 200,
      call: (_r, session) =>
        request("GET", `/api/v1/contracts/${roles.contractId}/out-of-hours`, { session }),
    },
    "GET /api/v1/settings/out-of-hours": {
      permission: "settings:read",
      status: 200,
      call: (_r, session) => request("GET", "/api/v1/settings/out-of-hours", { session }),
    },
    "PATCH /api/v1/settings/out-of-hours": {
      permission: "settings:write",
      status: 200,
      call: (_r, session) =>
        request("PATCH", "/api/v1/settings/out-of-hours", { session, body: { noticeBusinessDays: 5 } }),
    },
  };

  it("has a row for every route of the OpenAPI document's out-of-hours tag", async () => {
    const doc = (await request("GET", "/api/v1/openapi.json")).json() as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.tags?.includes("out-of-hours days"))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(Object.keys(TABLE).sort());
  });

  it("answers each role with the route's status when it has the permission, else 403 naming it; 401 without a session", async () => {
    existing = await bookAsAdmin(roles);
    for (const [route, row] of Object.entries(TABLE)) {
      for (const role of ROLES) {
        const before = role === "customer_contact" || !can(role, row.permission) ? await snapshot() : null;
        const res = await row.call(role, sessions[role]);
        if (can(role, row.permission)) {
          expect(res.statusCode, `${route} as ${role}: ${res.body}`).toBe(row.status);
        } else {
          expect(
            [res.statusCode, res.json().reason, res.json().params?.permission],
            `${route} as ${role}`,
          ).toEqual([403, "role_forbidden", row.permission]);
          // a refused write leaves nothing (the fresh window the action was tried on is tidied)
          if (before && route.startsWith("POST /api/v1/out-of-hours/windows") && !route.includes("{id}"))
            expect(await snapshot()).toEqual(before);
        }
      }
      const anonymous = await row.call("customer_contact", undefined as unknown as Session);
      expect(anonymous.statusCode, `${route} without a session`).toBe(401);
    }
    await tidy(existing);
  });
});

describe("booking", () => {
  it("books a Saturday window for the contact's organization, and tells the account executive and the managers", async () => {
    const res = await book(a.contact, windowBody("2026-12-05", "06:00", "22:00"));
    expect(res.statusCode, res.body).toBe(201);
    const window = res.json();
    expect(window).toMatchObject({
      organizationId: a.organizationId,
      contractId: a.contractId,
      status: "requested",
      timeZone: "America/Mexico_City",
      localStart: "2026-12-05T06:00",
      localEnd: "2026-12-05T22:00",
      startsAt: "2026-12-05T12:00:00.000Z",
      endsAt: "2026-12-06T04:00:00.000Z",
      contractYear: { index: 0, startDate: "2026-01-02", endDate: "2027-01-01" },
      refunded: false,
      refundIfCancelledNow: true,
      requestedBy: { id: a.contact.userId },
    });
    const mail = await ctx.db.db
      .selectFrom("outbox")
      .select(["to_address", "subject", "text_body"])
      .where("kind", "=", "out_of_hours_requested")
      .where("text_body", "like", `%${window.organizationName}%`)
      .execute();
    const to = mail.map((m) => m.to_address);
    expect(to).toContain(accountExecutive.email);
    expect(to).toContain(sessions.manager.email);
    expect(to).not.toContain(sessions.specialist.email);
    expect(mail[0]!.text_body).toContain("Actualización de SIGAP");
    expect(mail[0]!.text_body).toMatch(/sábado, 5 de diciembre de 2026, 06:00/);
    const audit = await ctx.db.db
      .selectFrom("audit_log")
      .select(["action", "organization_id"])
      .where("entity_id", "=", window.id)
      .execute();
    expect(audit).toEqual([{ action: "out_of_hours.requested", organization_id: a.organizationId }]);

    // staff confirm: the requester and the contract's authorized contacts hear of it
    const confirmed = await act(sessions.manager, window.id, "confirm");
    expect(confirmed.json()).toMatchObject({
      status: "confirmed",
      confirmedBy: { id: sessions.manager.userId },
    });
    const told = await ctx.db.db
      .selectFrom("outbox")
      .select(["to_user_id", "text_body"])
      .where("kind", "=", "out_of_hours_confirmed")
      .where("to_user_id", "=", a.contact.userId)
      .execute();
    expect(told).toHaveLength(1);
    expect(told[0]!.text_body).toContain("24×7");
    // a window confirmed once cannot be confirmed or declined again
    expectProblem(await act(sessions.manager, window.id, "confirm"), 409, {
      code: "invalid_transition",
      reason: "out_of_hours_not_requested",
    });
  });

  it("refuses bad windows with a problem naming the field, writing nothing", async () => {
    const cases: [
      string,
      Session,
      unknown,
      number,
      { code: string; reason?: string; field?: string; fieldCode?: string },
    ][] = [
      [
        "30 hours",
        a.contact,
        windowBody("2026-12-12", "00:00", "06:00", { endsAt: "2026-12-13T06:00" }),
        400,
        {
          code: "validation_failed",
          reason: "out_of_hours_window_too_long",
          field: "endsAt",
          fieldCode: "window_too_long",
        },
      ],
      [
        "end before start",
        a.contact,
        windowBody("2026-12-12", "10:00", "09:00"),
        400,
        {
          code: "validation_failed",
          reason: "end_before_start",
          field: "endsAt",
          fieldCode: "range_reversed",
        },
      ],
      [
        "in the past",
        a.contact,
        windowBody("2026-11-20"),
        400,
        {
          code: "validation_failed",
          reason: "out_of_hours_in_past",
          field: "startsAt",
          fieldCode: "in_past",
        },
      ],
      [
        "on Estándar",
        estandar.contact,
        windowBody("2026-12-12"),
        400,
        {
          code: "validation_failed",
          reason: "out_of_hours_not_in_plan",
          field: "contractId",
          fieldCode: "out_of_hours_not_in_plan",
        },
      ],
      [
        "by a contact not authorized",
        unauthorizedOfA,
        windowBody("2026-12-12"),
        403,
        { code: "not_authorized_contact", reason: "out_of_hours_authorized_only" },
      ],
      [
        "not a time",
        a.contact,
        windowBody("2026-12-12", "8:00"),
        400,
        { code: "validation_failed", field: "startsAt", fieldCode: "invalid_format" },
      ],
      [
        "no such day",
        a.contact,
        { ...windowBody("2026-12-12"), startsAt: "2027-02-30T08:00" },
        400,
        { code: "validation_failed", field: "startsAt", fieldCode: "not_a_date" },
      ],
      [
        "no maintenance",
        a.contact,
        windowBody("2026-12-12", "08:00", "20:00", { maintenance: "  " }),
        400,
        { code: "validation_failed", field: "maintenance", fieldCode: "required" },
      ],
      [
        "staff without an organization",
        sessions.admin,
        windowBody("2026-12-12"),
        400,
        { code: "validation_failed", field: "organizationId", fieldCode: "required" },
      ],
      [
        "another organization's contract",
        a.contact,
        windowBody("2026-12-12", "08:00", "20:00", { contractId: b.contractId }),
        400,
        { code: "validation_failed", field: "contractId", fieldCode: "not_found" },
      ],
      [
        "for another organization",
        a.contact,
        windowBody("2026-12-12", "08:00", "20:00", { organizationId: b.organizationId }),
        400,
        { code: "validation_failed", field: "organizationId", fieldCode: "not_found" },
      ],
    ];
    for (const [what, session, body, status, expected] of cases) {
      const before = await snapshot();
      const res = await book(session, body);
      expectProblem(res, status, expected);
      expect(await snapshot(), what).toEqual(before);
    }
    const estandarPlan = await book(estandar.contact, windowBody("2026-12-12"));
    expect(estandarPlan.json().params).toEqual({ plan: "Estándar" });
  });

  it("needs five business days' notice and names the earliest date", async () => {
    const before = await snapshot();
    // Thursday 3 December is four business days on
    const problem = expectProblem(await book(a.contact, windowBody("2026-12-03", "20:00", "23:00")), 400, {
      code: "validation_failed",
      reason: "out_of_hours_notice",
      field: "startsAt",
      fieldCode: "notice_too_short",
    });
    expect(problem.params).toEqual({ days: 5, earliest: "2026-12-04" });
    expect(problem.errors[0].params).toEqual({ earliest: "2026-12-04" });
    expect(problem.detail).toContain("2026-12-04");
    expect(await snapshot()).toEqual(before);
    const overview = await request("GET", "/api/v1/out-of-hours/overview", { session: a.contact });
    expect(overview.json()).toMatchObject({
      organizationId: a.organizationId,
      noticeBusinessDays: 5,
      earliestDate: "2026-12-04",
      calendar: { id: "cdmx-habil", timeZone: "America/Mexico_City" },
      canBook: true,
    });
    expect(
      (await request("GET", "/api/v1/out-of-hours/overview", { session: unauthorizedOfA })).json().canBook,
    ).toBe(false);
  });

  it("counts two days per contract year: a third is refused, a day of the next contract year is taken", async () => {
    // organization A has one day of year 0 taken by the first test
    expect((await book(a.contact, windowBody("2026-12-19"))).statusCode).toBe(201);
    const before = await snapshot();
    const third = expectProblem(await book(a.contact, windowBody("2026-12-26")), 409, {
      code: "conflict",
      reason: "out_of_hours_used",
      field: "startsAt",
      fieldCode: "out_of_hours_used",
    });
    expect(third.params).toEqual({ count: 2, start: "2026-01-02", end: "2027-01-01" });
    expect(await snapshot()).toEqual(before);
    const nextYear = await book(a.contact, windowBody("2027-01-09"));
    expect(nextYear.statusCode, nextYear.body).toBe(201);
    expect(nextYear.json().contractYear).toEqual({
      index: 1,
      startDate: "2027-01-02",
      endDate: "2027-12-31",
    });

    const quota = await request("GET", `/api/v1/contracts/${a.contractId}/out-of-hours`, {
      session: a.contact,
    });
    expect(quota.json()).toMatchObject({
      contractId: a.contractId,
      planName: "Extendido",
      daysPerYear: 2,
      current: { index: 0, startDate: "2026-01-02", endDate: "2027-01-01", used: 2, left: 0 },
      years: [
        { index: 0, used: 2, left: 0 },
        { index: 1, used: 1, left: 1 },
      ],
    });
    const overview = (await request("GET", "/api/v1/out-of-hours/overview", { session: a.contact })).json();
    expect(
      overview.contracts.map((c: { contractId: string; current: { left: number } }) => [
        c.contractId,
        c.current.left,
      ]),
    ).toEqual([
      // the two-year contract first (it ends last), then the organization's first system's, untouched
      [a.contractId, 0],
      [expect.any(String), 2],
    ]);
  });

  it("lets two simultaneous bookings of the last day take turns: one gets it, the other is refused", async () => {
    const race = await customer({ planId: "extendido" });
    expect((await book(race.contact, windowBody("2026-12-12"))).statusCode).toBe(201);
    const answers = await Promise.all([
      book(race.contact, windowBody("2026-12-19")),
      request("POST", API, {
        session: sessions.account_executive,
        body: { ...windowBody("2026-12-20"), organizationId: race.organizationId },
      }),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const rows = await ctx.db.db
      .selectFrom("out_of_hours_windows")
      .select("id")
      .where("contract_id", "=", race.contractId)
      .execute();
    expect(rows).toHaveLength(2);
  });
});

describe("cancelling and declining", () => {
  it("gives the day back when cancelled more than five business days ahead, not later", async () => {
    const c = await customer({ planId: "extendido" });
    const early = (await book(c.contact, windowBody("2026-12-12"))).json();
    const cancelled = await act(c.contact, early.id, "cancel", { reason: "Se pospuso la actualización" });
    expect(cancelled.json()).toMatchObject({
      status: "cancelled",
      refunded: true,
      reason: "Se pospuso la actualización",
      cancelledBy: { id: c.contact.userId },
      refundIfCancelledNow: null,
    });
    const told = await ctx.db.db
      .selectFrom("outbox")
      .select(["to_address", "text_body"])
      .where("kind", "=", "out_of_hours_cancelled")
      .where("text_body", "like", "%Se pospuso la actualización%")
      .execute();
    expect(told.map((m) => m.to_address)).toContain(accountExecutive.email);
    expect(told[0]!.text_body).toContain("se devolvió");

    const late = (await book(c.contact, windowBody("2026-12-12"))).json();
    expect((await act(sessions.account_executive, late.id, "confirm")).statusCode).toBe(200);
    try {
      // Monday 7 December: five business days on is the 14th, after the window
      ctx.clock.set("2026-12-07T16:00:00Z");
      expect(
        (await request("GET", `${API}/${late.id}`, { session: c.contact })).json().refundIfCancelledNow,
      ).toBe(false);
      const lateCancel = await act(c.contact, late.id, "cancel");
      expect(lateCancel.json()).toMatchObject({ status: "cancelled", refunded: false });
      const quota = (
        await request("GET", `/api/v1/contracts/${c.contractId}/out-of-hours`, { session: c.contact })
      ).json();
      expect(quota.current).toMatchObject({ used: 1, left: 1 });
      // a cancelled window stays cancelled
      expectProblem(await act(c.contact, late.id, "cancel"), 409, {
        code: "invalid_transition",
        reason: "out_of_hours_not_cancellable",
      });
    } finally {
      ctx.clock.set(NOW);
    }
  });

  it("a declined window gives its day back and cannot be confirmed afterwards", async () => {
    const c = await customer({ planId: "extendido" });
    const first = (await book(c.contact, windowBody("2026-12-12"))).json();
    const second = (await book(c.contact, windowBody("2026-12-19"))).json();
    const declined = await act(sessions.manager, first.id, "decline", {
      reason: "Sin ingeniero disponible ese día",
    });
    expect(declined.json()).toMatchObject({
      status: "declined",
      refunded: true,
      declinedBy: { id: sessions.manager.userId },
    });
    const told = await ctx.db.db
      .selectFrom("outbox")
      .select("to_user_id")
      .where("kind", "=", "out_of_hours_declined")
      .where("text_body", "like", "%Sin ingeniero disponible%")
      .execute();
    expect(told.map((m) => m.to_user_id)).toEqual([c.contact.userId]);
    expectProblem(await act(sessions.manager, first.id, "confirm"), 409, {
      code: "invalid_transition",
      reason: "out_of_hours_not_requested",
    });
    // the day came back: a third booking fits
    expect((await book(c.contact, windowBody("2026-12-26"))).statusCode).toBe(201);
    expect(second.status).toBe("requested");
  });
});

describe("tenant isolation", () => {
  let windowOfB: string;
  beforeAll(async () => {
    windowOfB = (
      await book(b.contact, windowBody("2026-12-12", "07:00", "19:00", { maintenance: "Secreto de B" }))
    ).json().id;
  });

  it("answers a contact of A with 404 for B's window, B's contract days and B's organization, writing nothing", async () => {
    const before = await snapshot();
    for (const url of [`${API}/${windowOfB}`, `/api/v1/contracts/${b.contractId}/out-of-hours`]) {
      expectProblem(await request("GET", url, { session: a.contact }), 404, { code: "not_found" });
    }
    expectProblem(await act(a.contact, windowOfB, "cancel"), 404, { code: "not_found" });
    expect(await snapshot()).toEqual(before);
  });

  it("lists only A's windows to A's contact, whatever the filter asks", async () => {
    for (const query of [
      "",
      `?organizationId=${b.organizationId}`,
      `?contractId=${b.contractId}`,
      "?upcoming=true",
    ]) {
      const res = await request("GET", `${API}${query}`, { session: a.contact });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain("Secreto de B");
      expect(
        res.json().items.every((w: { organizationId: string }) => w.organizationId === a.organizationId),
      ).toBe(true);
    }
    const overview = await request(
      "GET",
      `/api/v1/out-of-hours/overview?organizationId=${b.organizationId}`,
      {
        session: a.contact,
      },
    );
    expect(overview.json().organizationId).toBe(a.organizationId);
    const staff = await request("GET", `${API}?organizationId=${b.organizationId}&status=requested`, {
      session: sessions.specialist,
    });
    expect(staff.json().items.map((w: { id: string }) => w.id)).toEqual([windowOfB]);
  });
});

describe("findConfirmedWindowAt", () => {
  it("finds only a confirmed window of that organization containing the instant", async () => {
    const c = await customer({ planId: "extendido", endDate: "2027-12-31" });
    const other = await customer({ planId: "extendido" });
    // Saturday 12 December, 06:00–22:00 in Mexico City = 12:00Z to 04:00Z the next day
    const confirmed = (await book(c.contact, windowBody("2026-12-12", "06:00", "22:00"))).json();
    const requested = (await book(c.contact, windowBody("2027-01-16", "06:00", "22:00"))).json();
    const ofOther = (await book(other.contact, windowBody("2026-12-19", "06:00", "22:00"))).json();
    for (const id of [confirmed.id, ofOther.id])
      expect((await act(sessions.admin, id, "confirm")).statusCode).toBe(200);
    const db = ctx.db.db;
    const at = (iso: string) => findConfirmedWindowAt(db, c.organizationId, new Date(iso));

    expect(await at("2026-12-12T16:00:00Z")).toEqual({
      id: confirmed.id,
      startsAt: new Date("2026-12-12T12:00:00Z"),
      endsAt: new Date("2026-12-13T04:00:00Z"),
    });
    expect(await at("2026-12-12T12:00:00Z")).toMatchObject({ id: confirmed.id });
    expect(await at("2026-12-12T11:59:59Z")).toBeNull();
    expect(await at("2026-12-13T04:00:00Z")).toBeNull();
    // requested, another organization's, or cancelled: none
    expect(await at("2027-01-16T16:00:00Z")).toBeNull();
    expect(await at("2026-12-19T16:00:00Z")).toBeNull();
    expect(
      await findConfirmedWindowAt(db, other.organizationId, new Date("2026-12-19T16:00:00Z")),
    ).toMatchObject({
      id: ofOther.id,
    });
    expect((await act(c.contact, confirmed.id, "cancel")).statusCode).toBe(200);
    expect(await at("2026-12-12T16:00:00Z")).toBeNull();
    expect(requested.status).toBe("requested");
  });
});

describe("the notice setting", () => {
  it("is read by staff and changed by admins, audited; a booking then needs the new notice", async () => {
    const c = await customer({ planId: "extendido" });
    const bad = await request("PATCH", "/api/v1/settings/out-of-hours", {
      session: sessions.admin,
      body: { noticeBusinessDays: 61 },
    });
    expectProblem(bad, 400, { code: "validation_failed", field: "noticeBusinessDays", fieldCode: "too_big" });
    const saved = await request("PATCH", "/api/v1/settings/out-of-hours", {
      session: sessions.admin,
      body: { noticeBusinessDays: 10 },
    });
    try {
      expect(saved.json()).toEqual({ noticeBusinessDays: 10 });
      const problem = expectProblem(await book(c.contact, windowBody("2026-12-05")), 400, {
        code: "validation_failed",
        reason: "out_of_hours_notice",
      });
      // ten business days after Friday 27 November: Friday 11 December
      expect(problem.params).toEqual({ days: 10, earliest: "2026-12-11" });
      const audit = await ctx.db.db
        .selectFrom("audit_log")
        .select("details")
        .where("action", "=", "settings.out_of_hours_updated")
        .execute();
      expect(audit.at(-1)?.details).toEqual({
        before: { noticeBusinessDays: 5 },
        after: { noticeBusinessDays: 10 },
      });
    } finally {
      await request("PATCH", "/api/v1/settings/out-of-hours", {
        session: sessions.admin,
        body: { noticeBusinessDays: 5 },
      });
    }
  });
});
