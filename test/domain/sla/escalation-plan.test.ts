import { describe, expect, it } from "vitest";
import {
  CDMX_HABIL_CALENDAR,
  compileCalendar,
  computeEscalationSchedule,
  DEFAULT_ESCALATION_PLAN,
  escalationPlanSchema,
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
