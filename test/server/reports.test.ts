import { beforeAll, describe, expect, it } from "vitest";
import type {
  BacklogReport,
  ComplianceReport,
  ContractsReport,
  EscalationsReport,
  ResponseTimesReport,
} from "../../src/api/reports";
import type { Role } from "../../src/api/roles";
import { classifyResponse } from "../../src/domain/reports/compliance";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { type Session, setupTestApp } from "../harness/test-app";

/**
 * Reports through HTTP (SPEC §9): each case counted once on its final priority, response times in business
 * hours, the backlog by age in business days, escalations; roles and the customer's own organization; bad
 * periods; CSV with the BOM, the es-MX separator and formula cells neutralised.
 */
const { ctx, request, signIn, login, PASSWORD } = setupTestApp();

const PERIOD = "from=2026-11-01&to=2026-12-31";
let a: Awaited<ReturnType<typeof newCustomer>>;
let b: Awaited<ReturnType<typeof newCustomer>>;
let contactA: string;
let contactB: string;
let manager: Session;
let specialist: Session;
let logins = 0;

const as = async (email: string) => {
  logins += 1;
  return login(email, PASSWORD, `10.7.${Math.floor(logins / 200)}.${logins % 200}`);
};
const openCase = async (email: string, systemId: string, at: string, overrides: Record<string, unknown>) => {
  ctx.clock.set(at);
  const res = await request("POST", "/api/v1/cases", {
    session: await as(email),
    body: p1Report(systemId, overrides),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; number: string };
};
const staffDo = async (method: "POST", url: string, body: unknown, at: string) => {
  ctx.clock.set(at);
  specialist = await signIn("specialist");
  const res = await request(method, url, { session: specialist, body });
  expect([200, 201], res.body).toContain(res.statusCode);
  return res.json();
};
const version = async (id: string) =>
  (await request("GET", `/api/v1/cases/${id}`, { session: await signIn("manager") })).json()
    .version as number;

const P3 = { affectedPercent: 20, canKeepWorking: true };
const P2 = { affectedPercent: 60, canKeepWorking: true };
const P4 = { affectedPercent: 5, canKeepWorking: true };

let triaged: { id: string; version: number };
let silent: { id: string; version: number };

beforeAll(async () => {
  a = await newCustomer(ctx.app, { startDate: "2026-06-01" });
  b = await newCustomer(ctx.app, { planId: "extendido", startDate: "2026-06-01" });
  contactA = (await newAuthorizedContact(ctx.app, a, { password: PASSWORD })).email;
  contactB = (await newAuthorizedContact(ctx.app, b, { password: PASSWORD })).email;

  // 1. Friday 20 November 17:00: reported as P1, triaged to P3, answered Monday 10:00 (2 business hours)
  triaged = await openCase(contactA, a.systemId, "2026-11-20T23:00:00Z", {});
  await staffDo(
    "POST",
    `/api/v1/cases/${triaged.id}/triage`,
    { priority: "P3", reason: "Solo un módulo", version: triaged.version },
    "2026-11-20T23:30:00Z",
  );
  await staffDo(
    "POST",
    `/api/v1/cases/${triaged.id}/replies`,
    { body: "Lo revisamos." },
    "2026-11-23T16:00:00Z",
  );
  // 2. resolved without any public reply: breached
  silent = await openCase(contactA, a.systemId, "2026-11-24T16:00:00Z", {
    ...P3,
    subject: '=HYPERLINK("http://x","y")',
  });
  await staffDo(
    "POST",
    `/api/v1/cases/${silent.id}/status`,
    { status: "open", version: await version(silent.id) },
    "2026-11-24T17:00:00Z",
  );
  await staffDo(
    "POST",
    `/api/v1/cases/${silent.id}/status`,
    { status: "resolved", version: await version(silent.id) },
    "2026-11-24T18:00:00Z",
  );
  // 3. a P2 of A still unanswered, registered Wednesday 25 November 10:00: due Thursday 09:00 (8 business hours)
  await openCase(contactA, a.systemId, "2026-11-25T16:00:00Z", { ...P2, subject: "@SUM(1+1)" });
  // 4. a P4 of B unanswered, registered Monday 30 November 10:00 (42 business hours: due in December)
  await openCase(contactB, b.systemId, "2026-11-30T16:00:00Z", P4);
  // the escalation steps due by now fire (the warning and levels of the late P2)
  ctx.clock.set("2026-12-01T18:00:00Z");
  await ctx.app.services.escalation.sweep({ graceSeconds: 0, limit: 100 });
  manager = await signIn("manager");
});

describe("compliance", () => {
  it("counts each case once on its final priority; resolved without a reply is breached", async () => {
    const res = await request("GET", `/api/v1/reports/compliance?${PERIOD}`, { session: manager });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as ComplianceReport;
    const p = (priority: string) => report.byPriority.find((r) => r.priority === priority)!;
    // the triaged case is a P3 now: none is counted on P1
    expect(p("P1").total).toBe(0);
    expect(p("P3")).toMatchObject({ met: 1, breached: 1, total: 2, rate: 0.5 });
    expect(p("P2")).toMatchObject({ openBreached: 1, total: 1, rate: 0 });
    expect(p("P4")).toMatchObject({ openOnTime: 1, total: 1, rate: null });
    expect(report.total).toMatchObject({ met: 1, breached: 1, openOnTime: 1, openBreached: 1, total: 4 });
    expect(report.byOrganization.map((o) => [o.organizationId, o.total])).toEqual([
      [a.organizationId, 3],
      [b.organizationId, 1],
    ]);
    expect(report.byMonth.filter((m) => m.month === "2026-11" && m.total > 0).map((m) => m.priority)).toEqual(
      ["P2", "P3", "P4"],
    );
    expect(report.byMonth).toHaveLength(2 * 4);
  });

  it("agrees with the domain's counting over the stored cases", async () => {
    const now = new Date("2026-12-01T18:00:00Z").getTime();
    const rows = await ctx.db.db
      .selectFrom("cases")
      .select(["status", "response_due_at", "response_met_at"])
      .where("status", "<>", "held")
      .execute();
    const outcomes = rows.map((r) =>
      classifyResponse(
        { status: r.status, dueAt: r.response_due_at.getTime(), metAt: r.response_met_at?.getTime() ?? null },
        now,
      ),
    );
    const report = (
      await request("GET", `/api/v1/reports/compliance?${PERIOD}`, { session: manager })
    ).json();
    for (const outcome of ["met", "breached", "openOnTime", "openBreached"] as const)
      expect(report.total[outcome], outcome).toBe(outcomes.filter((o) => o === outcome).length);
  });

  it("filters by organization, priority and channel", async () => {
    const of = async (query: string) =>
      (
        (
          await request("GET", `/api/v1/reports/compliance?${PERIOD}&${query}`, { session: manager })
        ).json() as ComplianceReport
      ).total.total;
    expect(await of(`organizationId=${b.organizationId}`)).toBe(1);
    expect(await of("priority=P3")).toBe(2);
    expect(await of("channel=email")).toBe(0);
    expect(await of("planId=extendido")).toBe(1);
    expect(await of(`specialistId=${manager.userId}`)).toBe(0);
  });
});

describe("response times, backlog, escalations, contracts", () => {
  it("first-response time is counted in business hours of the case's calendar: Friday 17:00 → Monday 10:00 is 2 h", async () => {
    const report = (
      await request("GET", `/api/v1/reports/response-times?${PERIOD}`, { session: manager })
    ).json() as ResponseTimesReport;
    expect(report.total).toEqual({ count: 1, medianSeconds: 7200, p90Seconds: 7200, maxSeconds: 7200 });
    expect(report.byPriority.find((p) => p.priority === "P3")!.count).toBe(1);
    expect(report.distribution.find((d) => d.bucket === "1to4h")!.count).toBe(1);
  });

  it("the backlog is the open cases now, by status and age in business days", async () => {
    const report = (
      await request("GET", `/api/v1/reports/backlog?${PERIOD}`, { session: manager })
    ).json() as BacklogReport;
    expect(report.total).toBe(3);
    expect(report.byStatus.map((s) => [s.status, s.count])).toEqual([
      ["new", 2],
      ["open", 1],
      ["waiting_on_customer", 0],
    ]);
    // on Tuesday 1 December: the triaged case of Friday 20 November is 7 business days old (Monday 16 was a
    // holiday before it, not after), the P2 of Wednesday 25 November 4, the P4 of Monday 30 November 1
    expect(report.oldest.map((c) => c.ageBusinessDays)).toEqual([7, 4, 1]);
    expect(report.byAge.map((x) => x.count)).toEqual([1, 1, 1, 0, 0]);
    // the resolved case is not in the backlog
    expect(report.oldest.map((c) => c.id)).not.toContain(silent.id);
  });

  it("escalations by level and organization list the late case", async () => {
    const report = (
      await request("GET", `/api/v1/reports/escalations?${PERIOD}`, { session: manager })
    ).json() as EscalationsReport;
    expect(report.total).toBeGreaterThanOrEqual(2);
    expect(report.byLevel.map((l) => l.level)).toContain(0);
    expect(report.byOrganization.map((o) => o.organizationId)).toContain(a.organizationId);
    expect(report.cases.map((c) => c.organizationName).every((n) => n.length > 0)).toBe(true);
  });

  it("contracts ending within 30/60/90 days and renewals by month", async () => {
    const report = (
      await request("GET", "/api/v1/reports/contracts?from=2026-01-01&to=2027-12-31", { session: manager })
    ).json() as ContractsReport;
    expect(report.ending.map((e) => e.withinDays)).toEqual([30, 60, 90]);
    expect(report.renewalsByMonth).toHaveLength(24);
  });
});

describe("roles, tenants and bad input", () => {
  const NAMES = ["compliance", "response-times", "backlog", "escalations", "hour-banks", "contracts"];

  it("staff read every report; a customer reads compliance and response times of their organization only", async () => {
    for (const role of ["admin", "manager", "specialist", "technical_staff", "account_executive"] as Role[]) {
      const session = await signIn(role);
      for (const name of NAMES) {
        const res = await request("GET", `/api/v1/reports/${name}?${PERIOD}`, { session });
        expect(res.statusCode, `${role} ${name}`).toBe(200);
      }
    }
    const customer = await as(contactA);
    for (const name of ["backlog", "escalations", "hour-banks", "contracts"])
      expect(
        (await request("GET", `/api/v1/reports/${name}?${PERIOD}`, { session: customer })).statusCode,
      ).toBe(403);
    const own = (
      await request("GET", `/api/v1/reports/compliance?${PERIOD}&organizationId=${b.organizationId}`, {
        session: customer,
      })
    ).json() as ComplianceReport;
    expect(own.byOrganization.map((o) => o.organizationId)).toEqual([a.organizationId]);
    expect(own.total.total).toBe(3);
    const times = await request("GET", `/api/v1/reports/response-times.csv?${PERIOD}`, { session: customer });
    expect(times.statusCode).toBe(200);
    expect((await request("GET", `/api/v1/reports/compliance?${PERIOD}`)).statusCode).toBe(401);
  });

  it("a reversed or 20-year period and an unknown filter are a 400 naming the field", async () => {
    const reversed = await request("GET", "/api/v1/reports/compliance?from=2026-12-01&to=2026-11-01", {
      session: manager,
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().errors[0]).toMatchObject({ field: "to", code: "range_reversed" });
    const long = await request("GET", "/api/v1/reports/backlog?from=2006-01-01&to=2026-01-01", {
      session: manager,
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0]).toMatchObject({ field: "to", code: "range_too_long" });
    const unknown = await request("GET", `/api/v1/reports/compliance?${PERIOD}&region=norte`, {
      session: manager,
    });
    expect(unknown.statusCode).toBe(400);
    const badDate = await request("GET", "/api/v1/reports/compliance?from=2026-13-01&to=2026-12-01", {
      session: manager,
    });
    expect(badDate.statusCode).toBe(400);
  });
});

describe("CSV", () => {
  it("a report's CSV starts with the BOM, uses ; and the decimal comma for Excel in es-MX", async () => {
    const res = await request("GET", `/api/v1/reports/compliance.csv?${PERIOD}&separator=semicolon`, {
      session: manager,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toContain("compliance-2026-11-01-2026-12-31.csv");
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "Agrupación;Valor;Prioridad;Cumplidos;Incumplidos;Abiertos a tiempo;Abiertos vencidos;Total;Cumplimiento (%)",
    );
    expect(lines).toContain("prioridad;P3;P3;1;1;0;0;2;50");
  });

  it("the case list's CSV neutralises formula cells (OWASP CSV injection) and is scoped like the list", async () => {
    const res = await request("GET", "/api/v1/cases/export.csv", { session: manager });
    expect(res.statusCode).toBe(200);
    const body = res.body.replace(/^\uFEFF/, "");
    expect(body.split("\r\n")[0]).toMatch(/^Caso,Asunto,Organización,/);
    expect(body).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(body).toContain("'@SUM(1+1)");
    expect(body).not.toMatch(/(^|,)[=@+-]/m);
    const rows = body.trim().split("\r\n");
    expect(rows).toHaveLength(1 + 4);
    const customer = await as(contactB);
    const own = await request("GET", "/api/v1/cases/export.csv?separator=semicolon", { session: customer });
    expect(own.body.trim().split("\r\n")).toHaveLength(2);
    expect(own.body).not.toContain("HYPERLINK");
  });
});
