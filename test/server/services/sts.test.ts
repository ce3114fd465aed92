import type { LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { can, PERMISSIONS, type Permission } from "../../../src/api/permissions";
import { ROLES, type Role } from "../../../src/api/roles";
import type { StsService } from "../../../src/api/sts";
import { SYSTEM_ACTOR } from "../../../src/server/platform/actor";
import { newAuthorizedContact, newCustomer } from "../../harness/case-fixtures";
import { type Session, setupTestApp, uniq } from "../../harness/test-app";

/**
 * The on-site engineer service (STS) over HTTP: selling it, its visits scheduled on business days, the agenda,
 * holding and rescheduling a visit, the reminders ten business days ahead, every route by role, and
 * another organization's contact finding nothing. The clock starts on Friday 27 November 2026, 09:00 CDMX.
 */
const { ctx, request, login, signIn, PASSWORD } = setupTestApp();
const START = "2026-11-27T15:00:00Z";

const sessions = {} as Record<Role, Session & { email: string }>;
/** Organization A: its account executive is the AE session, its contact the customer session. */
let orgA: { organizationId: string; contractId: string };
let serviceA: StsService;
let openapi: { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };

const expectProblem = (res: LightMyRequestResponse, status: number, what = "") => {
  expect(res.statusCode, `${what} ${res.body}`).toBe(status);
  expect(res.headers["content-type"]).toContain("application/problem+json");
  return res.json() as {
    code: string;
    reason?: string;
    params?: Record<string, unknown>;
    errors?: { field: string; code: string; params?: Record<string, unknown> }[];
  };
};

/** A new organization with a current contract whose account executive is the AE session. */
const customer = (startDate = "2026-01-02") =>
  newCustomer(ctx.app, { accountExecutiveId: sessions.account_executive.userId, startDate });

const sell = async (organizationId: string, body: Record<string, unknown> = {}): Promise<StsService> => {
  const res = await request("POST", "/api/v1/services/sts", {
    session: sessions.account_executive,
    body: {
      organizationId,
      engineerId: sessions.technical_staff.userId,
      startDate: "2026-12-01",
      purchaseOrder: uniq("OC-STS"),
      priceCents: 4_500_000,
      ...body,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

const counts = async () => {
  const db = ctx.db.db;
  const n = async (table: "sts_services" | "sts_visits" | "sts_visit_reschedules") =>
    (await db.selectFrom(table).select("id").execute()).length;
  return {
    services: await n("sts_services"),
    visits: await n("sts_visits"),
    reschedules: await n("sts_visit_reschedules"),
    audit: (await db.selectFrom("audit_log").select("id").where("entity", "like", "sts_%").execute()).length,
  };
};

beforeAll(async () => {
  for (const role of ROLES) if (role !== "customer_contact") sessions[role] = await signIn(role);
  orgA = await customer();
  const contact = await newAuthorizedContact(ctx.app, orgA, { password: PASSWORD });
  sessions.customer_contact = {
    ...(await login(contact.email, PASSWORD, "10.91.0.1")),
    email: contact.email,
  };
  serviceA = await sell(orgA.organizationId);
  openapi = (await request("GET", "/api/v1/openapi.json")).json();
});

describe("selling an on-site engineer service", () => {
  it("schedules a tuning after a quarter and business reviews at six months and at the end, with reminders", () => {
    expect(serviceA).toMatchObject({
      organizationId: orgA.organizationId,
      engineer: { id: sessions.technical_staff.userId },
      accountExecutive: { id: sessions.account_executive.userId },
      startDate: "2026-12-01",
      endDate: "2027-11-30",
      status: "upcoming",
      priceCents: 4_500_000,
      calendar: { id: "cdmx-habil" },
    });
    expect(serviceA.visits.map((v) => [v.kind, v.sequence, v.dueOn, v.scheduledOn, v.remindOn])).toEqual([
      ["tuning", 1, "2027-03-01", "2027-03-01", "2027-02-15"],
      ["business_review", 1, "2027-06-01", "2027-06-01", "2027-05-18"],
      ["business_review", 2, "2027-11-30", "2027-11-30", "2027-11-16"],
    ]);
    expect(serviceA.nextVisit?.kind).toBe("tuning");
    expect(serviceA.visits.every((v) => v.status === "scheduled" && v.reminderSentAt === null)).toBe(true);
  });

  it("moves a review that falls on a holiday to the next business day (16 September 2027 is a Thursday)", async () => {
    const { organizationId } = await customer();
    const service = await sell(organizationId, { startDate: "2027-03-16" });
    expect(service.endDate).toBe("2028-03-15");
    expect(service.visits.filter((v) => v.kind === "business_review").map((v) => v.dueOn)).toEqual([
      "2027-09-17",
      "2028-03-15",
    ]);
    const audit = await ctx.db.db
      .selectFrom("audit_log")
      .select(["action", "actor_id"])
      .where("entity", "=", "sts_service")
      .where("entity_id", "=", service.id)
      .execute();
    expect(audit).toEqual([{ action: "sts_service.created", actor_id: sessions.account_executive.userId }]);
  });

  it("refuses bad input with a problem naming the field, writing nothing", async () => {
    const before = await counts();
    const noContract = await ctx.app.services.organizations.createOrganization(SYSTEM_ACTOR, {
      name: uniq("Sin póliza"),
      emailDomains: [],
      timeZone: "America/Mexico_City",
    });
    const inactive = await ctx.app.services.users.createStaffUser(SYSTEM_ACTOR, {
      name: "Ingeniero inactivo",
      email: `${uniq("inactivo").replace(" ", ".")}@test.example`,
      role: "technical_staff",
      preferredLanguage: "es-MX",
      password: PASSWORD,
    });
    await ctx.app.services.users.updateStaffUser(SYSTEM_ACTOR, inactive.id, { active: false });
    const contactOfA = sessions.customer_contact.userId;
    const other = await customer();

    const cases: [string, Record<string, unknown>, number, string | undefined, string, string][] = [
      [
        "a customer as engineer",
        { engineerId: contactOfA },
        400,
        "sts_engineer_invalid",
        "engineerId",
        "not_active_staff",
      ],
      [
        "an inactive engineer",
        { engineerId: inactive.id },
        400,
        "sts_engineer_invalid",
        "engineerId",
        "not_active_staff",
      ],
      [
        "an organization without a current contract",
        { organizationId: noContract.id },
        400,
        "sts_contract_required",
        "organizationId",
        "no_current_contract",
      ],
      [
        "an overlapping service",
        { organizationId: orgA.organizationId, startDate: "2027-06-01" },
        409,
        "sts_service_overlap",
        "startDate",
        "overlaps_service",
      ],
      [
        "an end before the start",
        { organizationId: other.organizationId, startDate: "2027-01-10", endDate: "2027-01-09" },
        400,
        "end_before_start",
        "endDate",
        "before",
      ],
      [
        "an unknown organization",
        { organizationId: crypto.randomUUID() },
        400,
        "organization_unknown",
        "organizationId",
        "not_found",
      ],
      ["a negative price", { priceCents: -1 }, 400, undefined, "priceCents", "too_small"],
      ["a date that is not one", { startDate: "2027-02-30" }, 400, undefined, "startDate", "invalid_format"],
    ];
    for (const [what, body, status, reason, field, code] of cases) {
      const res = await request("POST", "/api/v1/services/sts", {
        session: sessions.account_executive,
        body: {
          organizationId: other.organizationId,
          engineerId: sessions.technical_staff.userId,
          startDate: "2026-12-01",
          purchaseOrder: "OC-1",
          priceCents: 100,
          ...body,
        },
      });
      const problem = expectProblem(res, status, what);
      if (reason) expect(problem.reason, what).toBe(reason);
      expect(
        problem.errors?.map((e) => [e.field, e.code]),
        what,
      ).toEqual([[field, code]]);
    }
    const overlap = expectProblem(
      await request("POST", "/api/v1/services/sts", {
        session: sessions.manager,
        body: {
          organizationId: orgA.organizationId,
          engineerId: sessions.technical_staff.userId,
          startDate: "2026-06-01",
          purchaseOrder: "OC-2",
          priceCents: 100,
        },
      }),
      409,
    );
    expect(overlap.params).toEqual({ startDate: "2026-12-01", endDate: "2027-11-30" });
    expect(await counts()).toEqual(before);
  });
});

describe("the visits", () => {
  const visitOf = async (serviceId: string, kind: string, sequence = 1) =>
    (await ctx.app.services.sts.getService(SYSTEM_ACTOR, serviceId)).visits.find(
      (v) => v.kind === kind && v.sequence === sequence,
    )!;
  const reschedule = (visitId: string, body: unknown, session = sessions.technical_staff) =>
    request("POST", `/api/v1/services/sts/visits/${visitId}/reschedule`, { session, body });
  const hold = (visitId: string, body: unknown, session = sessions.technical_staff) =>
    request("POST", `/api/v1/services/sts/visits/${visitId}/hold`, { session, body });

  it("reschedules onto a business day, audited, and refuses a Sunday, a holiday or a past day with the next business day", async () => {
    const { organizationId } = await customer();
    const service = await sell(organizationId);
    const tuning = service.visits.find((v) => v.kind === "tuning")!;
    const before = await counts();
    const refused: [unknown, string, string, Record<string, unknown> | undefined][] = [
      [{ date: "2027-02-28" }, "sts_not_business_day", "not_business_day", { suggested: "2027-03-01" }],
      // the first Monday of February is Constitution Day
      [{ date: "2027-02-01" }, "sts_not_business_day", "not_business_day", { suggested: "2027-02-02" }],
      [{ date: "2026-11-20" }, "sts_date_in_past", "in_past", undefined],
    ];
    for (const [body, reason, code, params] of refused) {
      const problem = expectProblem(await reschedule(tuning.id, body), 400, JSON.stringify(body));
      expect(problem.reason).toBe(reason);
      expect(problem.errors).toEqual([
        expect.objectContaining({ field: "date", code, ...(params ? { params } : {}) }),
      ]);
    }
    expectProblem(await reschedule(tuning.id, { date: "2027-3-3" }), 400);
    expect(await counts()).toEqual(before);

    const moved = await reschedule(tuning.id, { date: "2027-03-03", reason: "El cliente cambia de sede" });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      dueOn: "2027-03-01",
      scheduledOn: "2027-03-03",
      remindOn: "2027-02-17",
      rescheduleCount: 1,
      reschedules: [
        {
          fromDate: "2027-03-01",
          toDate: "2027-03-03",
          reason: "El cliente cambia de sede",
          changedBy: { id: sessions.technical_staff.userId },
        },
      ],
    });
    const audit = await ctx.db.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("entity", "=", "sts_visit")
      .where("entity_id", "=", tuning.id)
      .execute();
    expect(audit).toEqual([
      {
        action: "sts_visit.rescheduled",
        details: expect.objectContaining({ from: "2027-03-01", to: "2027-03-03" }),
      },
    ]);
  });

  it("records a visit held with its minutes, once; not in the future; then it cannot move", async () => {
    const review = await visitOf(serviceA.id, "business_review");
    const future = expectProblem(await hold(review.id, { heldOn: "2026-11-28", minutes: "Acta" }), 400);
    expect(future.errors).toEqual([expect.objectContaining({ field: "heldOn", code: "in_future" })]);
    expectProblem(await hold(review.id, { heldOn: "2026-11-27", minutes: "   " }), 400);

    // held ahead of its day: the engineer was on site already
    const held = await hold(review.id, {
      heldOn: "2026-11-27",
      minutes: "Revisión semestral: se acordó migrar a 5.2 en agosto.",
    });
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json()).toMatchObject({
      status: "held",
      scheduledOn: "2027-06-01",
      heldOn: "2026-11-27",
      minutes: "Revisión semestral: se acordó migrar a 5.2 en agosto.",
      heldBy: { id: sessions.technical_staff.userId },
      canManage: false,
    });
    expect(expectProblem(await hold(review.id, { heldOn: "2026-11-27", minutes: "Otra" }), 409).reason).toBe(
      "sts_visit_held",
    );
    expect(expectProblem(await reschedule(review.id, { date: "2027-06-08" }), 409).reason).toBe(
      "sts_visit_held",
    );
    const service = await ctx.app.services.sts.getService(SYSTEM_ACTOR, serviceA.id);
    expect(service.visits.filter((v) => v.status === "held").map((v) => v.id)).toEqual([review.id]);
    const audit = await ctx.db.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity", "=", "sts_visit")
      .where("entity_id", "=", review.id)
      .execute();
    expect(audit).toEqual([{ action: "sts_visit.held" }]);
  });

  it("lets technical staff change only the visits of services they are the engineer of, and an account executive their organizations'", async () => {
    const otherEngineer = await signIn("technical_staff");
    const otherExecutive = await signIn("account_executive");
    const tuning = serviceA.visits.find((v) => v.kind === "tuning")!;
    for (const session of [otherEngineer, otherExecutive]) {
      const problem = expectProblem(await reschedule(tuning.id, { date: "2027-03-02" }, session), 403);
      expect(problem.reason).toBe("sts_visit_not_yours");
    }
    const agenda = await request("GET", "/api/v1/services/sts/agenda", { session: otherEngineer });
    expect(agenda.json().items).toEqual([]);
    const mine = await request("GET", "/api/v1/services/sts/agenda", { session: sessions.technical_staff });
    const rows = mine.json().items as { serviceId: string; canManage: boolean; scheduledOn: string }[];
    expect(rows.some((r) => r.serviceId === serviceA.id && r.canManage)).toBe(true);
    expect(rows.map((r) => r.scheduledOn)).toEqual([...rows.map((r) => r.scheduledOn)].sort());
  });
});

describe("reminders ten business days ahead", () => {
  it("mails the engineer, the account executive and the authorized contacts once, on the reminder day", async () => {
    // a contract current through the reminder day
    const org = await customer("2026-06-01");
    const contact = await newAuthorizedContact(ctx.app, org, { password: PASSWORD, language: "en" });
    const service = await sell(org.organizationId);
    const tuning = service.visits.find((v) => v.kind === "tuning")!;
    expect(tuning.remindOn).toBe("2027-02-15");
    const organizationName = (
      await ctx.app.services.organizations.getOrganization(SYSTEM_ACTOR, org.organizationId)
    ).name;
    const mails = () =>
      ctx.db.db
        .selectFrom("outbox")
        .select(["to_address", "subject", "text_body", "locale"])
        .where("kind", "=", "sts_visit_reminder")
        .where("subject", "like", `%${organizationName}%`)
        .orderBy("to_address")
        .execute();
    try {
      ctx.clock.set("2027-02-12T23:00:00Z"); // Friday 17:00 in Mexico City: not yet
      await ctx.app.services.sts.sendDueReminders();
      expect(await mails()).toEqual([]);

      ctx.clock.set("2027-02-15T15:00:00Z"); // Monday 09:00
      await ctx.app.services.sts.sendDueReminders();
      const sent = await mails();
      expect(sent.map((m) => m.to_address).sort()).toEqual(
        [sessions.technical_staff.email, sessions.account_executive.email, contact.email].sort(),
      );
      const toContact = sent.find((m) => m.to_address === contact.email)!;
      expect(toContact.locale).toBe("en");
      expect(toContact.subject).toContain("tuning service");
      expect(toContact.text_body).toContain("/my-services");
      const toEngineer = sent.find((m) => m.to_address === sessions.technical_staff.email)!;
      expect(toEngineer.subject).toContain("servicio de afinación");
      expect(toEngineer.text_body).toContain(`/sts/services/${service.id}`);

      ctx.clock.set("2027-02-15T21:00:00Z");
      await ctx.app.services.sts.sendDueReminders();
      expect(await mails()).toHaveLength(3);
      const reminded = (await ctx.app.services.sts.getService(SYSTEM_ACTOR, service.id)).visits.find(
        (v) => v.id === tuning.id,
      )!;
      expect(reminded.reminderSentAt).not.toBeNull();
    } finally {
      ctx.clock.set(START);
    }
  });
});

describe("the portal and tenant isolation", () => {
  it("shows the organization its engineer and next business review; another organization's service is 404", async () => {
    const current = await request("GET", "/api/v1/services/sts/current", {
      session: sessions.customer_contact,
    });
    expect(current.statusCode, current.body).toBe(200);
    expect(current.json()).toMatchObject({
      service: {
        id: serviceA.id,
        engineer: { id: sessions.technical_staff.userId, email: sessions.technical_staff.email },
        notes: null,
      },
      nextReview: { kind: "business_review", status: "scheduled" },
    });
    const firstReview = (await ctx.app.services.sts.getService(SYSTEM_ACTOR, serviceA.id)).visits.find(
      (v) => v.kind === "business_review" && v.status === "scheduled",
    );
    expect(current.json().nextReview.id).toBe(firstReview?.id);

    const orgB = await customer();
    const serviceB = await sell(orgB.organizationId, { notes: "Notas internas de B" });
    const visitB = serviceB.visits[0]!;
    const asA = { session: sessions.customer_contact };
    expectProblem(await request("GET", `/api/v1/services/sts/${serviceB.id}`, asA), 404);
    const list = await request("GET", `/api/v1/services/sts?organizationId=${orgB.organizationId}`, asA);
    expect(list.json().items).toEqual([]);
    const all = await request("GET", "/api/v1/services/sts", asA);
    expect(all.json().items.map((s: { id: string }) => s.id)).toEqual([serviceA.id]);
    const currentOfB = await request(
      "GET",
      `/api/v1/services/sts/current?organizationId=${orgB.organizationId}`,
      asA,
    );
    expect(currentOfB.json().service?.id).toBe(serviceA.id);
    const agenda = await request(
      "GET",
      `/api/v1/services/sts/agenda?status=all&organizationId=${orgB.organizationId}`,
      asA,
    );
    expect(agenda.json().items).toEqual([]);
    expect(agenda.body).not.toContain(visitB.id);
    // customers may not hold or move visits at all
    const refused = expectProblem(
      await request("POST", `/api/v1/services/sts/visits/${visitB.id}/hold`, {
        ...asA,
        body: { heldOn: "2026-11-27", minutes: "x" },
      }),
      403,
    );
    expect(refused.reason).toBe("role_forbidden");
    // staff must name the organization
    expectProblem(await request("GET", "/api/v1/services/sts/current", { session: sessions.manager }), 400);
  });
});

/* ---------- every route by role ---------- */

type Call = { params?: Record<string, string>; query?: string; body?: unknown };
const freshVisit = async () => {
  const org = await customer();
  const service = await ctx.app.services.sts.createService(SYSTEM_ACTOR, {
    organizationId: org.organizationId,
    engineerId: sessions.technical_staff.userId,
    startDate: "2026-12-01",
    purchaseOrder: "OC",
    priceCents: 0,
    notes: "",
  });
  return service.visits[0]!.id;
};

const TABLE: Record<string, { permission: Permission; call: () => Promise<Call> }> = {
  "POST /api/v1/services/sts": {
    permission: "services:sell",
    call: async () => ({
      body: {
        organizationId: (await customer()).organizationId,
        engineerId: sessions.technical_staff.userId,
        startDate: "2026-12-01",
        purchaseOrder: "OC-ROL",
        priceCents: 1,
      },
    }),
  },
  "GET /api/v1/services/sts": { permission: "services:read", call: async () => ({}) },
  "GET /api/v1/services/sts/current": {
    permission: "services:read",
    call: async () => ({ query: `organizationId=${orgA.organizationId}` }),
  },
  "GET /api/v1/services/sts/agenda": {
    permission: "services:read",
    call: async () => ({ query: "status=all" }),
  },
  "GET /api/v1/services/sts/{id}": {
    permission: "services:read",
    call: async () => ({ params: { id: serviceA.id } }),
  },
  "POST /api/v1/services/sts/visits/{id}/hold": {
    permission: "sts:visits",
    call: async () => ({
      params: { id: await freshVisit() },
      body: { heldOn: "2026-11-27", minutes: "Acta" },
    }),
  },
  "POST /api/v1/services/sts/visits/{id}/reschedule": {
    permission: "sts:visits",
    call: async () => ({ params: { id: await freshVisit() }, body: { date: "2027-03-02" } }),
  },
};

describe("STS routes, by role", () => {
  it("the table has one row for every STS operation of the OpenAPI document", () => {
    const documented = Object.entries(openapi.paths).flatMap(([path, item]) =>
      path.startsWith("/api/v1/services/sts")
        ? (["get", "post", "put", "patch", "delete"] as const)
            .filter((m) => item[m])
            .map((m) => `${m.toUpperCase()} ${path}`)
        : [],
    );
    expect(Object.keys(TABLE).sort()).toEqual(documented.sort());
    for (const { permission } of Object.values(TABLE)) expect(Object.keys(PERMISSIONS)).toContain(permission);
  });

  it.each(Object.keys(TABLE))(
    "%s: 401 without a session, 403 without the permission, success with it",
    async (key) => {
      const [method, path] = key.split(" ") as ["GET" | "POST", string];
      const { permission, call } = TABLE[key]!;
      const success = Number(
        Object.keys(openapi.paths[path]?.[method.toLowerCase()]?.responses ?? {}).find((c) =>
          c.startsWith("2"),
        ),
      );
      const urlOf = (made: Call) =>
        path.replace(/\{(\w+)\}/g, (_, name: string) => made.params![name]!) +
        (made.query ? `?${made.query}` : "");
      const first = await call();
      expectProblem(await request(method, urlOf(first), { body: first.body }), 401);
      for (const role of ROLES) {
        const made = await call();
        const res = await request(method, urlOf(made), { session: sessions[role], body: made.body });
        if (can(role, permission)) {
          expect(res.statusCode, `${key} as ${role}: ${res.body}`).toBe(success);
        } else {
          expect(expectProblem(res, 403, `${key} as ${role}`)).toMatchObject({
            reason: "role_forbidden",
            params: { role, permission },
          });
        }
      }
    },
  );
});
