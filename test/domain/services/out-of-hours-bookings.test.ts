import { describe, expect, it } from "vitest";
import {
  cancellationRefunds,
  checkBooking,
  contractYearCount,
  contractYearRange,
  earliestBookingDate,
  instantOfLocal,
  localOfInstant,
  WINDOW_STATUSES,
  windowAt,
} from "../../../src/domain/services/out-of-hours";
import { compileCalendar } from "../../../src/domain/sla/index";
import { CDMX_HABIL_CALENDAR } from "../../../src/domain/sla/sla-clock";
import { at, show } from "../sla/calendar-fixtures";

const habil = compileCalendar(CDMX_HABIL_CALENDAR);
const ZONE = "America/Mexico_City";

describe("out-of-hours windows as booked", () => {
  it("reads the wall-clock times of the calendar's zone, and refuses what is no such time", () => {
    const start = instantOfLocal(ZONE, "2026-12-05T08:00");
    expect(start).toBe(at(habil, "2026-12-05T08:00"));
    expect(show(habil, start!)).toBe(show(habil, Date.parse("2026-12-05T14:00:00Z")));
    expect(localOfInstant(ZONE, start!)).toBe("2026-12-05T08:00");
    expect(localOfInstant("Europe/Madrid", start!)).toBe("2026-12-05T15:00");
    for (const bad of [
      "2026-02-30T08:00",
      "2026-12-05T25:00",
      "2026-12-05 08:00",
      "2026-12-05T08:00:00Z",
      "",
    ])
      expect(instantOfLocal(ZONE, bad), bad).toBeNull();
  });

  it("names the years of a contract: a one-year term has one, a two-year term two, the last ending with it", () => {
    const oneYear = { startDate: "2026-01-02", endDate: "2027-01-01" };
    expect(contractYearCount(oneYear)).toBe(1);
    expect(contractYearRange(oneYear, 0)).toEqual({ startDate: "2026-01-02", endDate: "2027-01-01" });
    const longer = { startDate: "2026-01-02", endDate: "2027-06-30" };
    expect(contractYearCount(longer)).toBe(2);
    expect(contractYearRange(longer, 1)).toEqual({ startDate: "2027-01-02", endDate: "2027-06-30" });
  });

  it("a window that started before the booking is in the past, before any question of notice", () => {
    const contract = { startDate: "2026-03-02", endDate: "2027-03-01" };
    const now = at(habil, "2026-11-27T09:00");
    const book = (start: string, end: string) =>
      checkBooking({
        daysPerYear: 2,
        noticeDays: 5,
        calendar: habil,
        today: "2026-11-27",
        now,
        contract,
        window: { startsAt: at(habil, start), endsAt: at(habil, end) },
        usedByYear: new Map(),
      });
    expect(book("2026-11-26T08:00", "2026-11-26T12:00")).toEqual({
      ok: false,
      field: "startsAt",
      code: "in_past",
    });
    // later today is not past, but too soon: the earliest date is five business days on
    expect(book("2026-11-27T20:00", "2026-11-27T22:00")).toMatchObject({
      code: "notice_too_short",
      params: { earliest: earliestBookingDate(habil, "2026-11-27", 5) },
    });
    expect(earliestBookingDate(habil, "2026-11-27", 5)).toBe("2026-12-04");
    // a whole day, midnight to midnight, is the longest window
    expect(book("2026-12-05T00:00", "2026-12-06T00:00")).toEqual({ ok: true, contractYear: 0 });
  });

  it("declined windows never count and never cover a case", () => {
    expect(WINDOW_STATUSES).toContain("declined");
    const startsAt = at(habil, "2026-12-05T06:00");
    const endsAt = at(habil, "2026-12-05T22:00");
    expect(windowAt([{ startsAt, endsAt, status: "declined" as const }], startsAt + 1000)).toBeNull();
    // cancelling on the last day with more than five business days to go still refunds
    expect(
      cancellationRefunds({
        calendar: habil,
        today: "2026-11-27",
        noticeDays: 5,
        startsAt: at(habil, "2026-12-07T08:00"),
      }),
    ).toBe(true);
    expect(
      cancellationRefunds({
        calendar: habil,
        today: "2026-11-27",
        noticeDays: 5,
        startsAt: at(habil, "2026-12-04T08:00"),
      }),
    ).toBe(false);
  });
});
