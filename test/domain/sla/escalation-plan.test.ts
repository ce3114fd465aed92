import { describe, expect, it } from "vitest";
import {
  CDMX_HABIL_CALENDAR,
  compileCalendar,
  computeEscalationSchedule,
  computeEscalationWork,
  DEFAULT_ESCALATION_PLAN,
  escalationPlanSchema,
  escalationSettingsSchema,
  firedKey,
  resolveEscalationPlan,
  TWENTY_FOUR_SEVEN_CALENDAR,
} from "../../../src/domain/sla";

const cdmx = compileCalendar(CDMX_HABIL_CALENDAR);
const always = compileCalendar(TWENTY_FOUR_SEVEN_CALENDAR);
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3600;

describe("escalation schedule", () => {
  it("Estándar P1 registered Friday 17:00: warning Monday 11:00, level 1 Monday 12:00, level 2 Monday 14:00", () => {
    const steps = computeEscalationSchedule({
      calendar: cdmx,
      registeredAt: Date.parse("2026-11-27T23:00:00Z"),
      targetSeconds: 4 * HOUR,
      plan: DEFAULT_ESCALATION_PLAN,
    });
    expect(steps.map((s) => [s.level, iso(s.dueAt), s.audiences])).toEqual([
      [0, "2026-11-30T17:00:00.000Z", ["assignee", "queue"]],
      [1, "2026-11-30T18:00:00.000Z", ["manager", "technical_staff"]],
      [2, "2026-11-30T20:00:00.000Z", ["account_executive", "director"]],
    ]);
  });

  it("Extendido P1 on the 24×7 clock, registered Saturday 03:00: 06:00, 07:00 and 09:00 that Saturday", () => {
    const steps = computeEscalationSchedule({
      calendar: always,
      registeredAt: Date.parse("2026-11-28T09:00:00Z"),
      targetSeconds: 4 * HOUR,
      plan: DEFAULT_ESCALATION_PLAN,
    });
    expect(steps.map((s) => iso(s.dueAt))).toEqual([
      "2026-11-28T12:00:00.000Z",
      "2026-11-28T13:00:00.000Z",
      "2026-11-28T15:00:00.000Z",
    ]);
  });

  it("leaves paused spans out", () => {
    const [warning] = computeEscalationSchedule({
      calendar: always,
      registeredAt: Date.parse("2026-11-28T09:00:00Z"),
      targetSeconds: 4 * HOUR,
      plan: DEFAULT_ESCALATION_PLAN.slice(0, 1),
      pauses: [{ from: Date.parse("2026-11-28T10:00:00Z"), to: Date.parse("2026-11-28T11:00:00Z") }],
    });
    expect(iso(warning!.dueAt)).toBe("2026-11-28T13:00:00.000Z");
  });

  it("validates an edited plan: unique levels in increasing order, someone to tell", () => {
    expect(escalationPlanSchema.safeParse(DEFAULT_ESCALATION_PLAN).success).toBe(true);
    expect(
      escalationPlanSchema.safeParse([
        { level: 1, percent: 100, audiences: ["manager"] },
        { level: 1, percent: 150, audiences: ["director"] },
      ]).success,
    ).toBe(false);
    expect(
      escalationPlanSchema.safeParse([
        { level: 0, percent: 100, audiences: ["manager"] },
        { level: 1, percent: 75, audiences: ["assignee"] },
      ]).success,
    ).toBe(false);
    expect(escalationPlanSchema.safeParse([{ level: 0, percent: 75, audiences: [] }]).success).toBe(false);
  });
});

describe("escalation work at an instant", () => {
  const registeredAt = Date.parse("2026-11-27T23:00:00Z");
  const response = { clock: "response" as const, calendar: cdmx, registeredAt, targetSeconds: 4 * HOUR };

  it("before the warning nothing is due and the warning is next", () => {
    const work = computeEscalationWork({
      clocks: [response],
      plan: DEFAULT_ESCALATION_PLAN,
      fired: new Set(),
      now: Date.parse("2026-11-30T16:59:59Z"),
    });
    expect(work.due).toEqual([]);
    expect(work.next.map((s) => [s.clock, s.level, iso(s.dueAt)])).toEqual([
      ["response", 0, "2026-11-30T17:00:00.000Z"],
    ]);
  });

  it("at the due instant the step is due (not a second later)", () => {
    const work = computeEscalationWork({
      clocks: [response],
      plan: DEFAULT_ESCALATION_PLAN,
      fired: new Set(),
      now: Date.parse("2026-11-30T17:00:00Z"),
    });
    expect(work.due.map((s) => s.level)).toEqual([0]);
    expect(work.next.map((s) => s.level)).toEqual([1]);
  });

  it("after downtime every unfired step is due, in order, and fired ones are skipped", () => {
    const work = computeEscalationWork({
      clocks: [response],
      plan: DEFAULT_ESCALATION_PLAN,
      fired: new Set([firedKey("response", 0)]),
      now: Date.parse("2026-12-01T20:00:00Z"),
    });
    expect(work.due.map((s) => s.level)).toEqual([1, 2]);
    expect(work.next).toEqual([]);
  });

  it("a stopped clock has no work; the resolution clock skips its paused time", () => {
    expect(
      computeEscalationWork({
        clocks: [],
        plan: DEFAULT_ESCALATION_PLAN,
        fired: new Set(),
        now: registeredAt + 1e9,
      }),
    ).toEqual({ due: [], next: [] });
    const resolution = {
      clock: "resolution" as const,
      calendar: always,
      registeredAt,
      targetSeconds: 4 * HOUR,
      pauses: [{ from: registeredAt + HOUR * 1000, to: registeredAt + 3 * HOUR * 1000 }],
    };
    const work = computeEscalationWork({
      clocks: [resolution],
      plan: DEFAULT_ESCALATION_PLAN,
      fired: new Set(),
      now: registeredAt,
    });
    // 75 % of 4 h = 3 h of running time; 2 h paused → 5 h after registration
    expect(work.next.map((s) => [s.clock, iso(s.dueAt)])).toEqual([
      ["resolution", iso(registeredAt + 5 * HOUR * 1000)],
    ]);
  });

  it("a plan for a service plan and priority wins over the default", () => {
    const custom = [{ level: 1, percent: 50, audiences: ["manager" as const] }];
    const settings = { default: [...DEFAULT_ESCALATION_PLAN], byPlan: { extendido: { P1: custom } } };
    expect(resolveEscalationPlan(settings, "extendido", "P1")).toBe(custom);
    expect(resolveEscalationPlan(settings, "extendido", "P2")).toBe(settings.default);
    expect(resolveEscalationPlan(settings, "estandar", "P1")).toBe(settings.default);
    expect(escalationSettingsSchema.safeParse({ ...settings, byPlan: { "Mal Id": {} } }).success).toBe(false);
    expect(
      escalationSettingsSchema.safeParse({ ...settings, byPlan: { extendido: { P9: custom } } }).success,
    ).toBe(false);
  });
});
