import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Calendar, CalendarYear } from "../../src/api/calendars";
import type { Role } from "../../src/api/roles";
import { parseCalendarText } from "../../src/domain/sla/business-calendar";
import { addBusinessTime, explainAddBusinessTime } from "../../src/domain/sla/business-time";
import { compileCalendar } from "../../src/domain/sla/compiled-calendar";
import { BruteForceModel } from "../domain/sla/brute-force-model";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { type Session, setupTestApp } from "../harness/test-app";

/**
 * Calendars as data an admin edits (SPEC §5): the routes by role, every bad input named by field, the
 * SPEC file format in and out (the CLI reads the export), the year view, and an edit recounting the
 * running cases on the calendar.
 */
const { ctx, request, signIn, login, PASSWORD } = setupTestApp();

const WORKDAY = [["09:00", "18:00"]];
const officeFile = (name: string) => ({
  name,
  timeZone: "America/Mexico_City",
  week: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY },
  holidays: ["2026-12-24"],
  holidayRules: ["mx-lft"],
});

let admin: Session;
let manager: Session;
const sessions: Partial<Record<Role, Session>> = {};

beforeAll(async () => {
  admin = await signIn("admin");
  manager = await signIn("manager");
  for (const role of ["specialist", "technical_staff", "account_executive"] as const)
    sessions[role] = await signIn(role);
  const customer = await newCustomer(ctx.app);
  sessions.customer_contact = await signIn("customer_contact", customer.organizationId);
});

const create = (id: string, file: object = officeFile(`Oficina ${id}`)) =>
  request("POST", "/api/v1/calendars", { session: admin, body: { id, ...file } });

describe("calendar routes, by role", () => {
  it("staff read, only admins write, customers and strangers get nothing", async () => {
    expect((await create("roles-test")).statusCode).toBe(201);
    for (const role of ["specialist", "technical_staff", "account_executive"] as const) {
      const session = sessions[role]!;
      expect((await request("GET", "/api/v1/calendars", { session })).statusCode).toBe(200);
      expect((await request("GET", "/api/v1/calendars/roles-test", { session })).statusCode).toBe(200);
      expect(
        (await request("GET", "/api/v1/calendars/roles-test/year?year=2026", { session })).statusCode,
      ).toBe(200);
      expect((await request("GET", "/api/v1/calendars/roles-test/export", { session })).statusCode).toBe(200);
      const writes = [
        request("POST", "/api/v1/calendars", {
          session,
          body: { id: `x-${role.replace("_", "-")}`, ...officeFile("X") },
        }),
        request("PUT", "/api/v1/calendars/roles-test", { session, body: { ...officeFile("X"), version: 1 } }),
        request("PUT", "/api/v1/calendars/roles-test/holidays/2026-12-31", { session }),
        request("DELETE", "/api/v1/calendars/roles-test/holidays/2026-12-24", { session }),
        request("DELETE", "/api/v1/calendars/roles-test", { session }),
      ];
      for (const res of await Promise.all(writes)) expect(res.statusCode, role).toBe(403);
    }
    const managerWrite = await request("PUT", "/api/v1/calendars/roles-test/holidays/2026-12-31", {
      session: manager,
    });
    expect(managerWrite.statusCode).toBe(403);
    const customer = sessions.customer_contact!;
    for (const url of [
      "/api/v1/calendars",
      "/api/v1/calendars/roles-test",
      "/api/v1/calendars/roles-test/export",
    ])
      expect((await request("GET", url, { session: customer })).statusCode).toBe(403);
    expect((await request("GET", "/api/v1/calendars")).statusCode).toBe(401);
    const unchanged = (
      await request("GET", "/api/v1/calendars/roles-test", { session: admin })
    ).json() as Calendar;
    expect(unchanged.version).toBe(1);
    expect(unchanged.holidays).toEqual(["2026-12-24"]);
  });

  it("lists the built-in calendars with the plans that use them", async () => {
    const res = await request("GET", "/api/v1/calendars", { session: manager });
    const items = (res.json() as { items: Calendar[] }).items;
    const habil = items.find((c) => c.id === "cdmx-habil")!;
    expect(habil.name).toBe("CDMX hábil");
    expect(habil.holidayRules).toEqual(["mx-lft", "mx-cdmx-customary"]);
    expect(habil.usedByPlans).toEqual(["estandar", "extendido"]);
    expect(items.find((c) => c.id === "24x7")!.usedByPlans).toEqual(["extendido"]);
  });
});

describe("bad input: a clear 400 naming the field, nothing written", () => {
  const expectField = async (
    body: object,
    field: string,
    code: string,
    method: "POST" | "PUT" = "POST",
    url = "/api/v1/calendars",
  ) => {
    const res = await request(method, url, { session: admin, body });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    const problem = res.json() as { errors: { field: string; code: string }[] };
    expect(problem.errors).toContainEqual(expect.objectContaining({ field, code }));
  };

  it("refuses overlapping intervals, 25:00, an unknown zone and an unknown holiday rule", async () => {
    const base = { id: "bad-one", ...officeFile("Mala") };
    await expectField(
      {
        ...base,
        week: {
          mon: [
            ["09:00", "14:00"],
            ["13:00", "18:00"],
          ],
        },
      },
      "week.mon[1]",
      "interval_overlap",
    );
    await expectField({ ...base, week: { tue: [["09:00", "25:00"]] } }, "week.tue[0]", "time_format");
    await expectField({ ...base, week: { wed: [["18:00", "09:00"]] } }, "week.wed[0]", "interval_order");
    await expectField({ ...base, timeZone: "America/Ciudad_Gotica" }, "timeZone", "time_zone");
    await expectField(
      { ...base, holidayRules: ["mx-lft", "mx-feriados"] },
      "holidayRules[1]",
      "unknown_holiday_rule",
    );
    await expectField({ ...base, holidays: ["2026-02-30"] }, "holidays[0]", "not_a_date");
    await expectField({ ...base, id: "Con Espacios" }, "id", "invalid_format");
    const stored = await request("GET", "/api/v1/calendars/bad-one", { session: admin });
    expect(stored.statusCode).toBe(404);
  });

  it("an edit with a bad interval leaves the calendar as it was; a stale version is a 409", async () => {
    expect((await create("edit-guard")).statusCode).toBe(201);
    await expectField(
      { ...officeFile("Cambio"), week: { mon: [["09:00", "25:00"]] }, version: 1 },
      "week.mon[0]",
      "time_format",
      "PUT",
      "/api/v1/calendars/edit-guard",
    );
    const first = await request("PUT", "/api/v1/calendars/edit-guard", {
      session: admin,
      body: { ...officeFile("Cambio"), version: 1 },
    });
    expect(first.statusCode).toBe(200);
    expect((first.json() as Calendar).version).toBe(2);
    const stale = await request("PUT", "/api/v1/calendars/edit-guard", {
      session: admin,
      body: { ...officeFile("Otro cambio"), version: 1 },
    });
    expect(stale.statusCode).toBe(409);
    expect(
      ((await request("GET", "/api/v1/calendars/edit-guard", { session: admin })).json() as Calendar).name,
    ).toBe("Cambio");
  });

  it("a taken id, the built-in 24×7 and a calendar in use are refused", async () => {
    expect((await create("taken-id")).statusCode).toBe(201);
    const again = await create("taken-id");
    expect(again.statusCode).toBe(400);
    expect(again.json().errors).toContainEqual(expect.objectContaining({ field: "id", code: "taken" }));
    const builtin = await request("PUT", "/api/v1/calendars/24x7/holidays/2026-12-25", { session: admin });
    expect(builtin.statusCode).toBe(409);
    expect(builtin.json().code).toBe("conflict");
    expect((await request("DELETE", "/api/v1/calendars/24x7", { session: admin })).statusCode).toBe(409);
    const inUse = await request("DELETE", "/api/v1/calendars/cdmx-habil", { session: admin });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().detail).toContain("plans: estandar, extendido");
    expect((await request("DELETE", "/api/v1/calendars/taken-id", { session: admin })).statusCode).toBe(204);
    expect((await request("GET", "/api/v1/calendars/taken-id", { session: admin })).statusCode).toBe(404);
  });

  it("a plan may only name a stored calendar", async () => {
    const unknown = await request("PATCH", "/api/v1/plans/estandar", {
      session: admin,
      body: { responseClocks: { P4: { calendarId: "no-existe", targetMinutes: 60 } } },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe("responseClocks.P4.calendarId");
  });
});

describe("the SPEC file format in and out, and the year view", () => {
  it("exports what `soporte sla` reads, and imports it back under another id", async () => {
    expect((await create("export-me")).statusCode).toBe(201);
    const res = await request("GET", "/api/v1/calendars/export-me/export", { session: admin });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toBe('attachment; filename="export-me.json"');
    const parsed = parseCalendarText(res.body);
    expect(parsed.ok).toBe(true);
    const dir = await mkdtemp(path.join(tmpdir(), "soporte-calendar-"));
    try {
      const file = path.join(dir, "export-me.json");
      await writeFile(file, res.body);
      const cli = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [
          path.resolve(import.meta.dirname, "../../bin/soporte.js"),
          "sla",
          "holidays",
          "--calendar",
          file,
          "--year",
          "2026",
          "--json",
        ]);
        let stdout = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout }));
      });
      expect(cli.code).toBe(0);
      expect(cli.stdout).toContain("2026-12-24");
      expect(cli.stdout).toContain("2026-09-16");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const imported = await request("POST", "/api/v1/calendars", {
      session: admin,
      body: { id: "imported", ...JSON.parse(res.body) },
    });
    expect(imported.statusCode).toBe(201);
    const again = await request("GET", "/api/v1/calendars/imported/export", { session: admin });
    expect(JSON.parse(again.body)).toEqual(JSON.parse(res.body));
  });

  it("shows each holiday of a year with the rule that makes it; removed and added dates are marked", async () => {
    expect(
      (
        await create("year-view", {
          ...officeFile("Vista anual"),
          holidayRules: ["mx-lft", "mx-cdmx-customary"],
        })
      ).statusCode,
    ).toBe(201);
    const removed = await request("DELETE", "/api/v1/calendars/year-view/holidays/2026-11-02", {
      session: admin,
    });
    expect(removed.statusCode).toBe(200);
    expect((removed.json() as Calendar).removedHolidays).toEqual(["2026-11-02"]);
    const added = await request("PUT", "/api/v1/calendars/year-view/holidays/2026-07-15", { session: admin });
    expect((added.json() as Calendar).holidays).toEqual(["2026-07-15", "2026-12-24"]);
    const notHoliday = await request("DELETE", "/api/v1/calendars/year-view/holidays/2026-07-16", {
      session: admin,
    });
    expect(notHoliday.statusCode).toBe(409);
    const year = (
      await request("GET", "/api/v1/calendars/year-view/year?year=2026", { session: manager })
    ).json() as CalendarYear;
    const day = (date: string) => year.days.find((d) => d.date === date);
    expect(day("2026-02-02")).toMatchObject({ presets: ["mx-lft"], added: false, removed: false });
    expect(day("2026-02-02")!.sources[0]).toMatch(/^mx-lft: /);
    expect(day("2026-04-03")).toMatchObject({ presets: ["mx-cdmx-customary"], removed: false });
    expect(day("2026-11-02")).toMatchObject({ presets: ["mx-cdmx-customary"], removed: true });
    expect(day("2026-07-15")).toMatchObject({ presets: [], added: true, removed: false });
    // putting a removed rule date back restores it without making it an added date
    const restored = await request("PUT", "/api/v1/calendars/year-view/holidays/2026-11-02", {
      session: admin,
    });
    expect((restored.json() as Calendar).removedHolidays).toEqual([]);
    expect((restored.json() as Calendar).holidays).toEqual(["2026-07-15", "2026-12-24"]);
    const bad = await request("GET", "/api/v1/calendars/year-view/year?year=20260", { session: manager });
    expect(bad.statusCode).toBe(400);
    const thisYear = await request("GET", "/api/v1/calendars/year-view/year", { session: manager });
    expect((thisYear.json() as CalendarYear).year).toBe(2026);
  });
});

describe("an edit recounts the running cases on the calendar", () => {
  it("a holiday added on a case's registration day moves its due time, explanation and escalation timer", async () => {
    expect(
      (await create("recount", { ...officeFile("Recuento"), holidays: [], holidayRules: [] })).statusCode,
    ).toBe(201);
    const patched = await request("PATCH", "/api/v1/plans/extendido", {
      session: admin,
      body: { responseClocks: { P1: { calendarId: "recount", targetMinutes: 240 } } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const customer = await newCustomer(ctx.app, { planId: "extendido", startDate: "2026-06-01" });
    const contact = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD });
    const session = await login(contact.email, PASSWORD, "10.9.0.1");
    // Friday 27 November 2026, 09:00 in Mexico City
    const opened = await request("POST", "/api/v1/cases", { session, body: p1Report(customer.systemId) });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id as string;
    const before = (await request("GET", `/api/v1/cases/${caseId}`, { session: admin })).json();
    expect(before.sla.calendarId).toBe("recount");
    expect(before.sla.dueAt).toBe("2026-11-27T19:00:00.000Z");
    const timerBefore = await ctx.db.db
      .selectFrom("escalation_timers")
      .select(["due_at"])
      .where("case_id", "=", caseId)
      .where("clock", "=", "response")
      .executeTakeFirstOrThrow();

    const edit = await request("PUT", "/api/v1/calendars/recount/holidays/2026-11-27", { session: admin });
    expect(edit.statusCode).toBe(200);
    await ctx.app.services.cases.recomputeCalendars();

    const after = (await request("GET", `/api/v1/cases/${caseId}`, { session: admin })).json();
    // the clock now starts at Monday's opening
    expect(after.sla.dueAt).toBe("2026-11-30T19:00:00.000Z");
    expect(after.sla.counted).toEqual([
      { from: "2026-11-30T15:00:00.000Z", to: "2026-11-30T19:00:00.000Z", seconds: 14_400 },
    ]);
    expect(after.version).toBe(before.version);
    const timerAfter = await ctx.db.db
      .selectFrom("escalation_timers")
      .select(["due_at"])
      .where("case_id", "=", caseId)
      .where("clock", "=", "response")
      .executeTakeFirstOrThrow();
    expect(timerAfter.due_at.getTime()).toBeGreaterThan(timerBefore.due_at.getTime() + 2 * 86_400_000);
    const calendar = (
      await request("GET", "/api/v1/calendars/recount", { session: admin })
    ).json() as Calendar;
    expect(calendar.recomputation).toMatchObject({ status: "done", casesRecomputed: 1 });
    const audit = await ctx.db.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("action", "in", ["calendar.updated", "calendar.cases_recomputed"])
      .execute();
    expect(audit.filter((a) => (a.details as { id: string }).id === "recount").map((a) => a.action)).toEqual([
      "calendar.updated",
      "calendar.cases_recomputed",
    ]);
    // the calendar a running case counts on cannot be deleted
    const deleting = await request("DELETE", "/api/v1/calendars/recount", { session: admin });
    expect(deleting.statusCode).toBe(409);
  });
});

describe("the brute-force clock model on a calendar made and edited through the API", () => {
  it("the stored calendar counts exactly like the minute-by-minute model", async () => {
    const split = {
      name: "Madrid partido",
      timeZone: "Europe/Madrid",
      week: {
        mon: [
          ["09:00", "14:00"],
          ["16:00", "19:00"],
        ],
        tue: [
          ["09:00", "14:00"],
          ["16:00", "19:00"],
        ],
        wed: [
          ["09:00", "14:00"],
          ["16:00", "19:00"],
        ],
        thu: [
          ["09:00", "14:00"],
          ["16:00", "19:00"],
        ],
        fri: [["08:00", "15:00"]],
      },
      holidays: ["2026-10-12"],
      holidayRules: [{ kind: "easter-offset", days: -2, name: "Viernes Santo" }],
    };
    expect((await create("madrid", split)).statusCode).toBe(201);
    const edited = await request("PUT", "/api/v1/calendars/madrid", {
      session: admin,
      body: {
        ...split,
        week: {
          ...split.week,
          sat: [["10:00", "13:00"]],
          sun: [["22:00", "24:00"]],
          mon: [
            ["00:00", "02:00"],
            ["09:00", "14:00"],
            ["16:00", "19:00"],
          ],
        },
        holidays: ["2026-10-12", "2026-11-02"],
        version: 1,
      },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    await request("DELETE", "/api/v1/calendars/madrid/holidays/2026-04-03", { session: admin });
    await request("PUT", "/api/v1/calendars/madrid/holidays/2026-04-06", { session: admin });

    const exported = parseCalendarText(
      (await request("GET", "/api/v1/calendars/madrid/export", { session: admin })).body,
    );
    if (!exported.ok) throw new Error(exported.errors.join("; "));
    const stored = (await ctx.app.services.calendars.load()).get("madrid")!;
    expect(stored.version).toBe(4);
    expect(stored.definition).toEqual(exported.calendar);
    for (const window of [
      { from: "2026-03-20T00:00Z", to: "2026-04-12T00:00Z" },
      { from: "2026-10-08T00:00Z", to: "2026-11-08T00:00Z" },
    ]) {
      const model = new BruteForceModel(exported.calendar, window);
      const fresh = compileCalendar(exported.calendar);
      let random = 7;
      const next = () => {
        random = (random * 1_103_515_245 + 12_345) % 2_147_483_648;
        return random / 2_147_483_648;
      };
      const disagreements: string[] = [];
      for (let i = 0; i < 400; i++) {
        const start = model.minuteAt(Math.floor(next() * model.minutes));
        const minutes = Math.floor(next() * 3_000);
        const expected = model.add(start, minutes);
        if (expected === null) continue;
        const actual = addBusinessTime(stored.compiled, start, minutes * 60);
        if (actual !== expected || addBusinessTime(fresh, start, minutes * 60) !== expected)
          disagreements.push(`${new Date(start).toISOString()} +${minutes}: ${actual} vs ${expected}`);
        if (i % 50 === 0)
          expect(explainAddBusinessTime(stored.compiled, start, minutes * 60).due).toBe(actual);
      }
      expect(disagreements.slice(0, 5)).toEqual([]);
    }
  });
});
