import { describe, expect, it } from "vitest";
import {
  cancellationRefunds,
  checkBooking,
  contractYearOf,
  windowAt,
} from "../../../src/domain/services/out-of-hours";
import { reminderDate, scheduleStsVisits } from "../../../src/domain/services/sts-schedule";
import {
  addBusinessDays,
  businessDayOnOrAfter,
  businessDayOnOrBefore,
  isBusinessDay,
} from "../../../src/domain/sla/business-days";
import { addBusinessTime, compileCalendar } from "../../../src/domain/sla/index";
import { CDMX_HABIL_CALENDAR, TWENTY_FOUR_SEVEN_CALENDAR } from "../../../src/domain/sla/sla-clock";
import { at, show } from "../sla/calendar-fixtures";

const habil = compileCalendar(CDMX_HABIL_CALENDAR);
const always = compileCalendar(TWENTY_FOUR_SEVEN_CALENDAR);

describe("business days of the CDMX calendar", () => {
  it("Friday + 1 business day is Monday; before Monday 16 November 2026 (Revolution Day) it is Tuesday", () => {
    expect(addBusinessDays(habil, "2026-11-06", 1)).toBe("2026-11-09");
    expect(addBusinessDays(habil, "2026-11-13", 1)).toBe("2026-11-17");
    expect(isBusinessDay(habil, "2026-11-16")).toBe(false);
    expect(businessDayOnOrAfter(habil, "2026-11-14")).toBe("2026-11-17");
    expect(businessDayOnOrBefore(habil, "2026-11-16")).toBe("2026-11-13");
  });
});

describe("the on-site engineer's visits", () => {
  it("a one-year service has a review at six months and one at its end, and a tuning after a quarter", () => {
    expect(scheduleStsVisits(habil, { startDate: "2026-01-05", endDate: "2027-01-04" })).toEqual([
      { kind: "tuning", sequence: 1, dueOn: "2026-04-06" },
      { kind: "business_review", sequence: 1, dueOn: "2026-07-06" },
      { kind: "business_review", sequence: 2, dueOn: "2027-01-04" },
    ]);
  });

  it("a review that falls on a holiday moves to the next business day: 1 May 2026 is a Friday", () => {
    const visits = scheduleStsVisits(habil, { startDate: "2025-11-01", endDate: "2026-10-31" });
    expect(visits.filter((v) => v.kind === "business_review").map((v) => v.dueOn)).toEqual([
      "2026-05-04",
      "2026-10-30",
    ]);
  });

  it("is reminded ten business days ahead", () => {
    expect(reminderDate(habil, "2026-07-06")).toBe("2026-06-22");
    // across Revolution Day (Monday 16 November 2026)
    expect(reminderDate(habil, "2026-11-27")).toBe("2026-11-12");
  });
});

describe("out-of-hours days", () => {
  const contract = { startDate: "2026-03-02", endDate: "2027-03-01" };
  const window = (start: string, end: string) => ({ startsAt: at(habil, start), endsAt: at(habil, end) });
  const book = (w: { startsAt: number; endsAt: number }, used: [number, number][] = [], daysPerYear = 2) =>
    checkBooking({
      daysPerYear,
      noticeDays: 5,
      calendar: habil,
      today: "2026-11-27",
      contract,
      window: w,
      usedByYear: new Map(used),
    });

  it("counts by contract year from the contract's start", () => {
    expect(contractYearOf("2026-03-02", "2026-03-02")).toBe(0);
    expect(contractYearOf("2026-03-02", "2027-03-01")).toBe(0);
    expect(contractYearOf("2026-03-02", "2027-03-02")).toBe(1);
  });

  it("books a Saturday window five business days ahead, while the contract year has a day left", () => {
    expect(book(window("2026-12-05T08:00", "2026-12-05T20:00"))).toEqual({ ok: true, contractYear: 0 });
    expect(book(window("2026-12-05T08:00", "2026-12-05T20:00"), [[0, 1]])).toEqual({
      ok: true,
      contractYear: 0,
    });
  });

  it("refuses a third day in a contract year, and any day on a plan without them (Estándar)", () => {
    expect(book(window("2026-12-05T08:00", "2026-12-05T20:00"), [[0, 2]])).toMatchObject({
      ok: false,
      field: "startsAt",
      code: "out_of_hours_used",
      params: { count: 2 },
    });
    expect(book(window("2026-12-05T08:00", "2026-12-05T20:00"), [], 0)).toMatchObject({
      code: "plan_without_out_of_hours",
    });
  });

  it("refuses a window of 30 hours, one that ends before it starts, and one in the past or too soon", () => {
    expect(book(window("2026-12-05T00:00", "2026-12-06T06:00"))).toMatchObject({
      field: "endsAt",
      code: "window_too_long",
    });
    expect(book(window("2026-12-05T10:00", "2026-12-05T09:00"))).toMatchObject({ code: "range_reversed" });
    expect(book(window("2026-11-20T08:00", "2026-11-20T12:00"))).toMatchObject({ code: "notice_too_short" });
    // five business days after Friday 27 November is Friday 4 December
    expect(book(window("2026-12-03T20:00", "2026-12-03T23:00"))).toMatchObject({
      code: "notice_too_short",
      params: { earliest: "2026-12-04" },
    });
    expect(book(window("2027-03-06T08:00", "2027-03-06T12:00"))).toMatchObject({ code: "outside_contract" });
  });

  it("cancelling more than five business days ahead gives the day back; later it does not", () => {
    const startsAt = at(habil, "2026-12-12T08:00");
    expect(cancellationRefunds({ calendar: habil, today: "2026-12-04", noticeDays: 5, startsAt })).toBe(true);
    expect(cancellationRefunds({ calendar: habil, today: "2026-12-07", noticeDays: 5, startsAt })).toBe(
      false,
    );
  });

  it("P3 registered Saturday 10:00 inside a booked window is due Sunday 10:00", () => {
    const windows = [{ ...window("2026-12-05T06:00", "2026-12-05T22:00"), status: "confirmed" as const }];
    const registeredAt = at(habil, "2026-12-05T10:00");
    expect(windowAt(windows, registeredAt)).toBe(windows[0]);
    const due = addBusinessTime(always, registeredAt, 24 * 3600);
    expect(show(habil, due)).toBe(show(habil, at(habil, "2026-12-06T10:00")));
    // outside the window, or a window only requested, the case keeps its business-hours clock
    expect(windowAt(windows, at(habil, "2026-12-05T23:00"))).toBeNull();
    expect(windowAt([{ ...windows[0]!, status: "requested" as const }], registeredAt)).toBeNull();
  });
});
