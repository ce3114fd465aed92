import { describe, expect, it } from "vitest";
import { DEFAULT_PLAN_SETTINGS, type PlanSettings } from "../../src/domain/contracts/plan";
import type { CalendarDefinition } from "../../src/domain/sla/business-calendar";
import { compileCalendar } from "../../src/domain/sla/compiled-calendar";
import { CDMX_HABIL_CALENDAR, TWENTY_FOUR_SEVEN_CALENDAR } from "../../src/domain/sla/sla-clock";
import type { CalendarSet } from "../../src/server/modules/calendars";
import { computeResolutionSla, computeResponseSla } from "../../src/server/modules/cases/case-sla";

/**
 * The clock arithmetic a recount after a calendar edit runs (no database): the same case counted on the
 * calendar before and after the edit, and inside an out-of-hours window.
 */
const setOf = (definitions: Record<string, CalendarDefinition>, version = 1): CalendarSet => {
  const entries = Object.entries(definitions).map(([id, definition]) => ({
    id,
    name: definition.name,
    version,
    definition,
    compiled: compileCalendar(definition),
  }));
  return { get: (id) => entries.find((e) => e.id === id), entries: () => entries };
};

const estandar = DEFAULT_PLAN_SETTINGS.find((p) => p.id === "estandar")!;
const withResolution: PlanSettings = {
  ...estandar,
  resolutionClocks: { P2: { calendarId: "cdmx-habil", targetMinutes: 16 * 60 } },
};
const before = setOf({ "cdmx-habil": CDMX_HABIL_CALENDAR, "24x7": TWENTY_FOUR_SEVEN_CALENDAR });
// the edit: Wednesday 9 December 2026 becomes a holiday, and Thursdays open until 20:00
const after = setOf(
  {
    "cdmx-habil": {
      ...CDMX_HABIL_CALENDAR,
      holidays: ["2026-12-09"],
      week: { ...CDMX_HABIL_CALENDAR.week, thu: [["09:00", "20:00"]] },
    },
    "24x7": TWENTY_FOUR_SEVEN_CALENDAR,
  },
  2,
);
// Tuesday 8 December 2026, 15:00 in Mexico City
const TUESDAY_15 = new Date("2026-12-08T21:00:00Z");

describe("recounting a case's clocks after a calendar edit", () => {
  it("a P2 (8 business hours) moves from Wednesday 14:00 to Thursday 14:00 when Wednesday becomes a holiday", () => {
    const was = computeResponseSla(estandar, "P2", TUESDAY_15, before);
    expect(was.dueAt.toISOString()).toBe("2026-12-09T20:00:00.000Z");
    const now = computeResponseSla(estandar, "P2", TUESDAY_15, after);
    expect(now.dueAt.toISOString()).toBe("2026-12-10T20:00:00.000Z");
    expect(now.counted).toEqual([
      { from: "2026-12-08T21:00:00.000Z", to: "2026-12-09T00:00:00.000Z", seconds: 3 * 3600 },
      { from: "2026-12-10T15:00:00.000Z", to: "2026-12-10T20:00:00.000Z", seconds: 5 * 3600 },
    ]);
  });

  it("a P4 (42 business hours) gains Thursday's longer hours", () => {
    const was = computeResponseSla(estandar, "P4", TUESDAY_15, before);
    const now = computeResponseSla(estandar, "P4", TUESDAY_15, after);
    // before: 3 h Tue + 9 Wed + 9 Thu + 9 Fri + 9 Mon = 39, then 3 h on Tuesday 15 → 12:00
    expect(was.dueAt.toISOString()).toBe("2026-12-15T18:00:00.000Z");
    // after: 3 h Tue + 11 Thu + 9 Fri + 9 Mon + 9 Tue = 41, then 1 h on Wednesday 16 → 10:00
    expect(now.dueAt.toISOString()).toBe("2026-12-16T16:00:00.000Z");
  });

  it("the resolution target is recounted with its pauses on the edited calendar", () => {
    const pauses = [{ from: "2026-12-10T15:00:00.000Z", to: "2026-12-10T18:00:00.000Z" }];
    const options = { plan: withResolution, priority: "P2" as const, registeredAt: TUESDAY_15, pauses };
    const was = computeResolutionSla({ ...options, pausedSince: null, calendars: before });
    const now = computeResolutionSla({ ...options, pausedSince: null, calendars: after });
    // before: 3 Tue + 9 Wed + 4 Thu (after the 3 paused hours from 09:00) → Thursday 16:00
    expect(was?.dueAt?.toISOString()).toBe("2026-12-10T22:00:00.000Z");
    // after: 3 Tue + 8 Thu (12:00–20:00) + 5 Fri → Friday 14:00
    expect(now?.dueAt?.toISOString()).toBe("2026-12-11T20:00:00.000Z");
    // a paused case has no resolution due time, before or after
    expect(computeResolutionSla({ ...options, pausedSince: TUESDAY_15, calendars: after })?.dueAt).toBeNull();
  });

  it("inside an out-of-hours window every priority counts on 24×7, edited calendar or not", () => {
    const window = { id: "w", startsAt: "2026-12-08T06:00:00.000Z", endsAt: "2026-12-09T06:00:00.000Z" };
    for (const calendars of [before, after]) {
      const sla = computeResponseSla(estandar, "P3", TUESDAY_15, calendars, window);
      expect(sla.calendarId).toBe("24x7");
      expect(sla.dueAt.toISOString()).toBe("2026-12-09T21:00:00.000Z");
      expect(sla.window).toEqual(window);
    }
  });

  it("a plan naming a calendar that is not stored is a broken database, not a silent default", () => {
    const lost = setOf({ "24x7": TWENTY_FOUR_SEVEN_CALENDAR });
    expect(() => computeResponseSla(estandar, "P1", TUESDAY_15, lost)).toThrow(/cdmx-habil/);
  });
});
