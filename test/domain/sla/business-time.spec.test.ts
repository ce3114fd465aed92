/** SPEC §4 business-time semantics, rule by rule. Dates: 2026 (Mexico City has no DST since 2022). */
import { describe, expect, it } from "vitest";
import {
  addBusinessTime,
  businessTimeBetween,
  CDMX_HABIL_CALENDAR,
  compileCalendar,
  computeResponseClock,
  DEFAULT_CALENDARS,
  ESTANDAR_PLAN,
  EXTENDIDO_PLAN,
  explainAddBusinessTime,
  explainBusinessTimeBetween,
  isOpen,
  NoOpenTimeError,
  nextOpening,
  openIntervalsBetween,
  type PlanSlaSettings,
  type Priority,
  UnsupportedInstantError,
} from "../../../src/domain/sla/index";
import { at, CDMX_FILE, compiledFrom, HOUR, show } from "./calendar-fixtures";

const cdmx = compileCalendar(CDMX_HABIL_CALENDAR);

/** The due time of a case's response clock, as the cases feature will compute it. */
function responseDue(plan: PlanSlaSettings, priority: Priority, registered: string): string {
  const result = computeResponseClock({ plan, priority, calendars: DEFAULT_CALENDARS });
  if (!result.ok) throw new Error(result.detail);
  const calendar = compileCalendar(result.clock.calendar);
  return show(calendar, addBusinessTime(calendar, at(calendar, registered), result.clock.targetSeconds));
}

describe("Estándar response clock (CDMX hábil: Mon–Fri 09:00–18:00, Mexico City holidays)", () => {
  it("P1 registered Friday 17:00 is due Monday 12:00 (1 h on Friday, 3 h on Monday)", () => {
    expect(responseDue(ESTANDAR_PLAN, "P1", "2026-03-06T17:00")).toBe("2026-03-09T12:00:00-06:00");
  });

  it("P1 registered Friday 17:00 is due Tuesday 12:00 when Monday is a holiday (third Monday of March)", () => {
    expect(responseDue(ESTANDAR_PLAN, "P1", "2026-03-13T17:00")).toBe("2026-03-17T12:00:00-06:00");
  });

  it("P1 registered Friday 17:00 is due Tuesday 12:00 when Monday is an explicit holiday", () => {
    const calendar = compiledFrom({ ...CDMX_FILE, holidays: ["2026-03-09"] });
    expect(show(calendar, addBusinessTime(calendar, at(calendar, "2026-03-06T17:00"), 4 * HOUR))).toBe(
      "2026-03-10T12:00:00-06:00",
    );
  });

  it("Monday 09:00 + 9 business hours is Monday 18:00", () => {
    expect(show(cdmx, addBusinessTime(cdmx, at(cdmx, "2026-03-09T09:00"), 9 * HOUR))).toBe(
      "2026-03-09T18:00:00-06:00",
    );
  });

  it("Friday 17:00 + 1 business hour is Friday 18:00, not Monday 09:00 (a due time on a closing time is that closing time)", () => {
    expect(show(cdmx, addBusinessTime(cdmx, at(cdmx, "2026-03-06T17:00"), HOUR))).toBe(
      "2026-03-06T18:00:00-06:00",
    );
  });

  it("a case registered on Saturday starts its clock Monday 09:00", () => {
    const saturday = at(cdmx, "2026-03-07T10:30");
    expect(show(cdmx, nextOpening(cdmx, saturday))).toBe("2026-03-09T09:00:00-06:00");
    expect(responseDue(ESTANDAR_PLAN, "P1", "2026-03-07T10:30")).toBe("2026-03-09T13:00:00-06:00");
    expect(businessTimeBetween(cdmx, saturday, at(cdmx, "2026-03-09T09:00"))).toBe(0);
  });

  it("a case registered before opening counts from the opening; one registered at closing counts from the next opening", () => {
    expect(responseDue(ESTANDAR_PLAN, "P1", "2026-03-10T07:15")).toBe("2026-03-10T13:00:00-06:00");
    expect(responseDue(ESTANDAR_PLAN, "P1", "2026-03-10T18:00")).toBe("2026-03-11T13:00:00-06:00");
    expect(responseDue(ESTANDAR_PLAN, "P1", "2026-03-10T09:00")).toBe("2026-03-10T13:00:00-06:00");
  });

  it("P4 (42 h) registered Monday 09:00 in Holy Week skips Holy Thursday and Good Friday: due Tuesday after Easter 15:00", () => {
    // Mon 30 Mar, Tue 31 Mar, Wed 1 Apr: 27 h; Thu 2 and Fri 3 Apr are holidays; Mon 6 Apr: 36 h; Tue 7 Apr 09:00 + 6 h
    expect(responseDue(ESTANDAR_PLAN, "P4", "2026-03-30T09:00")).toBe("2026-04-07T15:00:00-06:00");
    const explanation = explainAddBusinessTime(cdmx, at(cdmx, "2026-03-30T09:00"), 42 * HOUR);
    expect(
      explanation.counted.map((interval) => `${show(cdmx, interval.from)}/${interval.seconds / HOUR}h`),
    ).toEqual([
      "2026-03-30T09:00:00-06:00/9h",
      "2026-03-31T09:00:00-06:00/9h",
      "2026-04-01T09:00:00-06:00/9h",
      "2026-04-06T09:00:00-06:00/9h",
      "2026-04-07T09:00:00-06:00/6h",
    ]);
  });

  it("targets are 4 / 8 / 24 / 42 business hours", () => {
    expect(responseDue(ESTANDAR_PLAN, "P2", "2026-03-09T09:00")).toBe("2026-03-09T17:00:00-06:00");
    expect(responseDue(ESTANDAR_PLAN, "P3", "2026-03-09T09:00")).toBe("2026-03-11T15:00:00-06:00");
    expect(responseDue(ESTANDAR_PLAN, "P4", "2026-03-09T09:00")).toBe("2026-03-13T15:00:00-06:00");
  });

  it("a priority change recomputes the due time from the registration time", () => {
    const registered = "2026-03-09T16:00";
    expect(responseDue(ESTANDAR_PLAN, "P3", registered)).toBe("2026-03-12T13:00:00-06:00");
    expect(responseDue(ESTANDAR_PLAN, "P1", registered)).toBe("2026-03-10T11:00:00-06:00");
  });

  it("a due time crosses the new year and its holidays (31 Dec → 2 Jan)", () => {
    expect(responseDue(ESTANDAR_PLAN, "P2", "2026-12-31T14:00")).toBe("2027-01-04T13:00:00-06:00");
  });
});

describe("Extendido response clock", () => {
  it("P1 registered Saturday 03:00 is due Saturday 07:00 (24×7)", () => {
    expect(responseDue(EXTENDIDO_PLAN, "P1", "2026-03-07T03:00")).toBe("2026-03-07T07:00:00-06:00");
  });

  it("P1 counts through a holiday night; P2 waits for business hours", () => {
    expect(responseDue(EXTENDIDO_PLAN, "P1", "2026-12-24T22:30")).toBe("2026-12-25T02:30:00-06:00");
    expect(responseDue(EXTENDIDO_PLAN, "P2", "2026-12-24T22:30")).toBe("2026-12-28T17:00:00-06:00");
  });
});

describe("business time between two instants", () => {
  it("Friday 17:00 to Monday 12:00 is 4 business hours", () => {
    expect(businessTimeBetween(cdmx, at(cdmx, "2026-03-06T17:00"), at(cdmx, "2026-03-09T12:00"))).toBe(
      4 * HOUR,
    );
  });

  it("is 0 when to is not after from", () => {
    const instant = at(cdmx, "2026-03-09T12:00");
    expect(businessTimeBetween(cdmx, instant, instant)).toBe(0);
    expect(businessTimeBetween(cdmx, instant, instant - 3_600_000)).toBe(0);
  });

  it("counts milliseconds exactly (fractions of a second)", () => {
    expect(
      businessTimeBetween(cdmx, at(cdmx, "2026-03-09T17:59:59.250"), at(cdmx, "2026-03-10T09:00:00.500")),
    ).toBe(1.25);
  });

  it("over a whole year equals 9 h × the working days that are not holidays", () => {
    // 2026: 261 weekdays; holidays on weekdays: Jan 1, Feb 2, Mar 16, Apr 2, Apr 3, May 1, Sep 16, Nov 2, Nov 16, Dec 25 = 10
    expect(businessTimeBetween(cdmx, at(cdmx, "2026-01-01T00:00"), at(cdmx, "2027-01-01T00:00"))).toBe(
      251 * 9 * HOUR,
    );
  });

  it("explains the intervals it counted", () => {
    const explanation = explainBusinessTimeBetween(
      cdmx,
      at(cdmx, "2026-03-06T17:00"),
      at(cdmx, "2026-03-09T12:00"),
    );
    expect(explanation.seconds).toBe(4 * HOUR);
    expect(
      explanation.counted.map((interval) => [show(cdmx, interval.from), show(cdmx, interval.to)]),
    ).toEqual([
      ["2026-03-06T17:00:00-06:00", "2026-03-06T18:00:00-06:00"],
      ["2026-03-09T09:00:00-06:00", "2026-03-09T12:00:00-06:00"],
    ]);
  });
});

describe("adding business time", () => {
  it("adding zero from inside hours is the start; from outside hours it is the next opening", () => {
    expect(show(cdmx, addBusinessTime(cdmx, at(cdmx, "2026-03-09T10:15"), 0))).toBe(
      "2026-03-09T10:15:00-06:00",
    );
    expect(show(cdmx, addBusinessTime(cdmx, at(cdmx, "2026-03-09T18:00"), 0))).toBe(
      "2026-03-10T09:00:00-06:00",
    );
  });

  it("keeps seconds and milliseconds of the start", () => {
    expect(show(cdmx, addBusinessTime(cdmx, at(cdmx, "2026-03-06T17:00:00.250"), HOUR))).toBe(
      "2026-03-09T09:00:00.25-06:00",
    );
    expect(show(cdmx, addBusinessTime(cdmx, at(cdmx, "2026-03-09T09:00"), 90.5))).toBe(
      "2026-03-09T09:01:30.5-06:00",
    );
  });

  it("adds long amounts across many years of holidays", () => {
    const start = at(cdmx, "2026-01-01T00:00");
    const due = addBusinessTime(cdmx, start, 2000 * 9 * HOUR);
    expect(businessTimeBetween(cdmx, start, due)).toBe(2000 * 9 * HOUR);
    expect(isOpen(cdmx, due)).toBe(false);
    expect(show(cdmx, due).endsWith("T18:00:00-06:00")).toBe(true);
  });

  it("refuses negative or non-finite amounts and instants", () => {
    expect(() => addBusinessTime(cdmx, at(cdmx, "2026-03-09T09:00"), -1)).toThrow(UnsupportedInstantError);
    expect(() => addBusinessTime(cdmx, Number.NaN, 60)).toThrow(UnsupportedInstantError);
    expect(() => businessTimeBetween(cdmx, 0, Number.POSITIVE_INFINITY)).toThrow(UnsupportedInstantError);
    expect(() => isOpen(cdmx, -1e15)).toThrow(/outside the supported years/);
  });
});

describe("isOpen and nextOpening", () => {
  it("an interval is open at its opening and closed at its closing", () => {
    expect(isOpen(cdmx, at(cdmx, "2026-03-09T09:00"))).toBe(true);
    expect(isOpen(cdmx, at(cdmx, "2026-03-09T17:59:59.999"))).toBe(true);
    expect(isOpen(cdmx, at(cdmx, "2026-03-09T18:00"))).toBe(false);
    expect(isOpen(cdmx, at(cdmx, "2026-03-09T08:59:59.999"))).toBe(false);
    expect(isOpen(cdmx, at(cdmx, "2026-03-16T12:00"))).toBe(false);
  });

  it("nextOpening is the instant itself when open, else the next opening after weekends and holidays", () => {
    expect(show(cdmx, nextOpening(cdmx, at(cdmx, "2026-03-09T12:00")))).toBe("2026-03-09T12:00:00-06:00");
    expect(show(cdmx, nextOpening(cdmx, at(cdmx, "2026-03-13T18:00")))).toBe("2026-03-17T09:00:00-06:00");
    expect(show(cdmx, nextOpening(cdmx, at(cdmx, "2026-12-31T18:30")))).toBe("2027-01-04T09:00:00-06:00");
  });
});

describe("weekly hours", () => {
  const nightShift = compiledFrom({
    name: "Soporte nocturno",
    timeZone: "America/Mexico_City",
    week: { mon: [["22:00", "24:00"]], tue: [["00:00", "06:00"]], wed: [["12:00", "13:00"]] },
    holidays: [],
  });

  it("intervals on consecutive days that touch at midnight form one continuous span", () => {
    expect(show(nightShift, addBusinessTime(nightShift, at(nightShift, "2026-03-09T23:00"), 2 * HOUR))).toBe(
      "2026-03-10T01:00:00-06:00",
    );
    const spans = openIntervalsBetween(
      nightShift,
      at(nightShift, "2026-03-09T00:00"),
      at(nightShift, "2026-03-11T00:00"),
    );
    expect(spans.map((span) => [show(nightShift, span.from), show(nightShift, span.to)])).toEqual([
      ["2026-03-09T22:00:00-06:00", "2026-03-10T06:00:00-06:00"],
    ]);
  });

  it("a span ending at 24:00 lands on midnight exactly when the next day is closed", () => {
    const lateOnly = compiledFrom({
      name: "x",
      timeZone: "UTC",
      week: { mon: [["20:00", "24:00"]] },
      holidays: [],
    });
    expect(show(lateOnly, addBusinessTime(lateOnly, at(lateOnly, "2026-03-09T20:00"), 4 * HOUR))).toBe(
      "2026-03-10T00:00:00+00:00",
    );
  });

  it("a holiday closes only its own local date, even in a shift that crosses midnight", () => {
    const withHoliday = compiledFrom({
      name: "Soporte nocturno",
      timeZone: "America/Mexico_City",
      week: { mon: [["22:00", "24:00"]], tue: [["00:00", "06:00"]], wed: [["12:00", "13:00"]] },
      holidays: ["2026-03-10"],
    });
    expect(
      show(withHoliday, addBusinessTime(withHoliday, at(withHoliday, "2026-03-09T23:00"), 2 * HOUR)),
    ).toBe("2026-03-11T13:00:00-06:00");
  });

  it("split shifts: a due time landing on the lunch-break closing is that closing time", () => {
    const split = compiledFrom({
      name: "Partido",
      timeZone: "Europe/Madrid",
      week: {
        mon: [
          ["09:00", "14:00"],
          ["16:00", "19:00"],
        ],
      },
      holidays: [],
    });
    expect(show(split, addBusinessTime(split, at(split, "2026-03-09T13:00"), HOUR))).toBe(
      "2026-03-09T14:00:00+01:00",
    );
    expect(show(split, addBusinessTime(split, at(split, "2026-03-09T13:00"), HOUR + 1))).toBe(
      "2026-03-09T16:00:01+01:00",
    );
    expect(businessTimeBetween(split, at(split, "2026-03-09T13:00"), at(split, "2026-03-09T17:00"))).toBe(
      2 * HOUR,
    );
  });
});

describe("a calendar with no open time", () => {
  it("is a clear error within 10 years, never a hang (empty week)", () => {
    const closed = compiledFrom({ name: "Cerrado", timeZone: "America/Mexico_City", week: {}, holidays: [] });
    const start = at(closed, "2026-03-09T09:00");
    const began = performance.now();
    expect(() => addBusinessTime(closed, start, HOUR)).toThrow(NoOpenTimeError);
    expect(() => addBusinessTime(closed, start, 0)).toThrow(
      /has no open time in the 10 years after 2026-03-09T15:00:00Z/,
    );
    expect(() => nextOpening(closed, start)).toThrow(NoOpenTimeError);
    expect(businessTimeBetween(closed, start, start + 86_400_000)).toBe(0);
    expect(isOpen(closed, start)).toBe(false);
    expect(performance.now() - began).toBeLessThan(2000);
  });

  it("is a clear error when holiday rules close every open day", () => {
    const everyMonday = [1, 2, 3, 4, 5].flatMap((nth) =>
      Array.from({ length: 12 }, (_, month) => ({
        kind: "nth-weekday",
        month: month + 1,
        weekday: "mon",
        nth,
      })),
    );
    const closed = compiledFrom({
      name: "Solo lunes festivos",
      timeZone: "UTC",
      week: { mon: [["09:00", "18:00"]] },
      holidayRules: everyMonday,
    });
    expect(() => addBusinessTime(closed, at(closed, "2026-03-09T09:00"), 60)).toThrow(NoOpenTimeError);
  });

  it("is not an error when the next open time is less than 10 years away", () => {
    const rare = compiledFrom({
      name: "Cerrado la primera semana de enero",
      timeZone: "America/Mexico_City",
      week: { mon: [["09:00", "18:00"]], tue: [["09:00", "18:00"]] },
      holidays: [],
      holidayRules: Array.from({ length: 7 }, (_, day) => ({ kind: "fixed", month: 1, day: day + 1 })),
    });
    expect(show(rare, addBusinessTime(rare, at(rare, "2026-01-01T00:00"), HOUR))).toBe(
      "2026-01-12T10:00:00-06:00",
    );
  });
});
