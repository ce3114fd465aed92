/** Plans → clocks (SPEC §3): data-driven, so plans stay editable. */
import { describe, expect, it } from "vitest";
import {
  CDMX_HABIL_CALENDAR,
  computeResponseClock,
  DEFAULT_CALENDARS,
  DEFAULT_PLANS,
  ESTANDAR_PLAN,
  EXTENDIDO_PLAN,
  type PlanSlaSettings,
  PRIORITIES,
  planSlaSettingsSchema,
  TWENTY_FOUR_SEVEN_CALENDAR,
} from "../../../src/domain/sla/index";

const clockOf = (plan: PlanSlaSettings, priority: (typeof PRIORITIES)[number]) => {
  const result = computeResponseClock({ plan, priority, calendars: DEFAULT_CALENDARS });
  if (!result.ok) throw new Error(result.detail);
  return { calendar: result.clock.calendar.name, hours: result.clock.targetSeconds / 3600 };
};

describe("response clocks of the default plans", () => {
  it("Estándar: every priority on the CDMX hábil calendar, 4 / 8 / 24 / 42 h", () => {
    expect(PRIORITIES.map((priority) => clockOf(ESTANDAR_PLAN, priority))).toEqual([
      { calendar: "CDMX hábil", hours: 4 },
      { calendar: "CDMX hábil", hours: 8 },
      { calendar: "CDMX hábil", hours: 24 },
      { calendar: "CDMX hábil", hours: 42 },
    ]);
  });

  it("Extendido: P1 on 24×7, P2–P4 on CDMX hábil, 4 / 8 / 24 / 42 h", () => {
    expect(PRIORITIES.map((priority) => clockOf(EXTENDIDO_PLAN, priority))).toEqual([
      { calendar: "24×7", hours: 4 },
      { calendar: "CDMX hábil", hours: 8 },
      { calendar: "CDMX hábil", hours: 24 },
      { calendar: "CDMX hábil", hours: 42 },
    ]);
  });

  it("the default calendars are CDMX hábil (Mon–Fri 09:00–18:00, Mexico City holidays) and 24×7", () => {
    expect(CDMX_HABIL_CALENDAR).toMatchObject({
      timeZone: "America/Mexico_City",
      week: { mon: [["09:00", "18:00"]], fri: [["09:00", "18:00"]] },
      holidayRules: ["mx-lft", "mx-cdmx-customary"],
    });
    expect(CDMX_HABIL_CALENDAR.week.sat).toBeUndefined();
    expect(Object.values(TWENTY_FOUR_SEVEN_CALENDAR.week)).toHaveLength(7);
  });

  it("the default plans are valid plan settings", () => {
    for (const plan of DEFAULT_PLANS) expect(planSlaSettingsSchema.parse(plan)).toEqual(plan);
  });
});

describe("edited plans", () => {
  it("an admin's change of target or calendar is used as it is", () => {
    const edited: PlanSlaSettings = {
      ...ESTANDAR_PLAN,
      responseClocks: { ...ESTANDAR_PLAN.responseClocks, P2: { calendarId: "24x7", targetMinutes: 90 } },
    };
    expect(clockOf(edited, "P2")).toEqual({ calendar: "24×7", hours: 1.5 });
  });

  it("a plan pointing at a calendar that does not exist is a result, not an exception", () => {
    const broken: PlanSlaSettings = {
      ...ESTANDAR_PLAN,
      responseClocks: { ...ESTANDAR_PLAN.responseClocks, P3: { calendarId: "gone", targetMinutes: 60 } },
    };
    expect(computeResponseClock({ plan: broken, priority: "P3", calendars: DEFAULT_CALENDARS })).toEqual({
      ok: false,
      error: "unknown-calendar",
      detail: 'plan "Estándar" P3 uses calendar "gone", which does not exist',
    });
    const inherited: PlanSlaSettings = {
      ...ESTANDAR_PLAN,
      responseClocks: { ...ESTANDAR_PLAN.responseClocks, P3: { calendarId: "toString", targetMinutes: 60 } },
    };
    expect(computeResponseClock({ plan: inherited, priority: "P3", calendars: DEFAULT_CALENDARS }).ok).toBe(
      false,
    );
  });

  it("plan settings are validated (positive whole minutes, all four priorities)", () => {
    expect(planSlaSettingsSchema.safeParse({ ...ESTANDAR_PLAN, responseClocks: {} }).success).toBe(false);
    const zero = { ...ESTANDAR_PLAN.responseClocks, P1: { calendarId: "24x7", targetMinutes: 0 } };
    expect(planSlaSettingsSchema.safeParse({ ...ESTANDAR_PLAN, responseClocks: zero }).success).toBe(false);
  });
});
