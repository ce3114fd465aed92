/**
 * Daylight-saving changes. Weekly hours are wall-clock hours in the calendar's zone; an instant is
 * open when the wall clock shows an open time (see compiled-calendar.ts), so a local day made
 * shorter or longer by a DST change has correspondingly fewer or more open minutes, and a 24×7
 * calendar counts real elapsed time.
 */
import { describe, expect, it } from "vitest";
import {
  addBusinessTime,
  businessTimeBetween,
  nextOpening,
  openIntervalsBetween,
  parseInstant,
} from "../../../src/domain/sla/index";
import {
  at,
  CDMX_FILE,
  compiledFrom,
  HOUR,
  MADRID_SUNDAY_NIGHT_FILE,
  NEW_YORK_24X7_FILE,
  show,
} from "./calendar-fixtures";

const allDay = [["00:00", "24:00"]];

describe("a 24×7 calendar counts real elapsed time across DST changes (America/New_York)", () => {
  const newYork = compiledFrom(NEW_YORK_24X7_FILE);

  it("the spring-forward day has 23 open hours and the fall-back day 25", () => {
    expect(
      businessTimeBetween(newYork, at(newYork, "2026-03-08T00:00"), at(newYork, "2026-03-09T00:00")),
    ).toBe(23 * HOUR);
    expect(
      businessTimeBetween(newYork, at(newYork, "2026-11-01T00:00"), at(newYork, "2026-11-02T00:00")),
    ).toBe(25 * HOUR);
  });

  it("Saturday 22:00 + 6 h across spring forward is Sunday 05:00 on the clock", () => {
    expect(show(newYork, addBusinessTime(newYork, at(newYork, "2026-03-07T22:00"), 6 * HOUR))).toBe(
      "2026-03-08T05:00:00-04:00",
    );
  });

  it("Saturday 23:00 + 3 h across fall back is Sunday 01:00 the second time", () => {
    expect(show(newYork, addBusinessTime(newYork, at(newYork, "2026-10-31T23:00"), 3 * HOUR))).toBe(
      "2026-11-01T01:00:00-05:00",
    );
  });

  it("the open span is one interval across the new year (no seams between years)", () => {
    const spans = openIntervalsBetween(
      newYork,
      at(newYork, "2026-12-31T12:00"),
      at(newYork, "2027-01-02T12:00"),
    );
    expect(spans.map((span) => [show(newYork, span.from), span.seconds / HOUR])).toEqual([
      ["2026-12-31T12:00:00-05:00", 48],
    ]);
  });

  it("business time equals elapsed time over a whole year", () => {
    const from = at(newYork, "2026-01-01T00:00");
    const to = at(newYork, "2027-01-01T00:00");
    expect(businessTimeBetween(newYork, from, to)).toBe((to - from) / 1000);
  });

  it("Mexico City's last DST change (2022-10-30) made a 25-hour day", () => {
    const mexico24x7 = compiledFrom({ ...NEW_YORK_24X7_FILE, timeZone: "America/Mexico_City" });
    expect(
      businessTimeBetween(mexico24x7, at(mexico24x7, "2022-10-30T00:00"), at(mexico24x7, "2022-10-31T00:00")),
    ).toBe(25 * HOUR);
    const cdmx = compiledFrom(CDMX_FILE);
    expect(show(cdmx, addBusinessTime(cdmx, at(cdmx, "2022-10-28T17:00"), 4 * HOUR))).toBe(
      "2022-10-31T12:00:00-06:00",
    );
  });
});

describe("wall-clock hours on DST days (Europe/Madrid, changes at 02:00/03:00)", () => {
  const madrid = compiledFrom(MADRID_SUNDAY_NIGHT_FILE);

  it("Sunday 00:00–06:00 has 5 open hours on the spring-forward day and 7 on the fall-back day", () => {
    expect(businessTimeBetween(madrid, at(madrid, "2026-03-29T00:00"), at(madrid, "2026-03-29T12:00"))).toBe(
      5 * HOUR,
    );
    expect(businessTimeBetween(madrid, at(madrid, "2026-10-25T00:00"), at(madrid, "2026-10-25T12:00"))).toBe(
      7 * HOUR,
    );
    expect(businessTimeBetween(madrid, at(madrid, "2026-03-22T00:00"), at(madrid, "2026-03-22T12:00"))).toBe(
      6 * HOUR,
    );
  });

  it("counting through the skipped hour and through the repeated hour", () => {
    expect(show(madrid, addBusinessTime(madrid, at(madrid, "2026-03-28T23:00"), 3 * HOUR))).toBe(
      "2026-03-29T03:00:00+02:00",
    );
    expect(show(madrid, addBusinessTime(madrid, at(madrid, "2026-10-24T23:00"), 3 * HOUR))).toBe(
      "2026-10-25T02:00:00+02:00",
    );
    expect(show(madrid, addBusinessTime(madrid, at(madrid, "2026-10-24T23:00"), 4 * HOUR))).toBe(
      "2026-10-25T02:00:00+01:00",
    );
  });
});

describe("night shifts in America/Santiago, where DST changes at midnight", () => {
  const santiago = compiledFrom({
    name: "Turno noche",
    timeZone: "America/Santiago",
    week: { sat: [["22:00", "24:00"]], sun: [["00:00", "06:00"]] },
    holidays: [],
  });

  it("spring forward (Saturday 24:00 → Sunday 01:00): Saturday 22:00 to Sunday 06:00 is one span of 7 hours", () => {
    const spans = openIntervalsBetween(
      santiago,
      at(santiago, "2026-09-05T00:00"),
      at(santiago, "2026-09-07T00:00"),
    );
    expect(
      spans.map((span) => [show(santiago, span.from), show(santiago, span.to), span.seconds / HOUR]),
    ).toEqual([["2026-09-05T22:00:00-04:00", "2026-09-06T06:00:00-03:00", 7]]);
    expect(show(santiago, addBusinessTime(santiago, at(santiago, "2026-09-05T23:30"), HOUR))).toBe(
      "2026-09-06T01:30:00-03:00",
    );
  });

  it("fall back (Sunday 00:00 → Saturday 23:00 again): Saturday 22:00 to Sunday 06:00 is one span of 9 hours", () => {
    const spans = openIntervalsBetween(
      santiago,
      at(santiago, "2026-04-04T00:00"),
      at(santiago, "2026-04-06T00:00"),
    );
    expect(
      spans.map((span) => [show(santiago, span.from), show(santiago, span.to), span.seconds / HOUR]),
    ).toEqual([["2026-04-04T22:00:00-03:00", "2026-04-05T06:00:00-04:00", 9]]);
  });

  it("an interval starting inside the skipped hour opens at the transition (the clock shows 01:00)", () => {
    const lateSunday = compiledFrom({ ...santiago.definition, week: { sun: [["00:30", "06:00"]] } });
    expect(show(lateSunday, nextOpening(lateSunday, at(lateSunday, "2026-09-05T20:00")))).toBe(
      "2026-09-06T01:00:00-03:00",
    );
    expect(show(lateSunday, nextOpening(lateSunday, at(lateSunday, "2026-08-29T20:00")))).toBe(
      "2026-08-30T00:30:00-04:00",
    );
  });

  it("a repeated wall-clock half hour is open on both passes", () => {
    const repeated = compiledFrom({ ...santiago.definition, week: { sat: [["23:00", "23:30"]] } });
    const spans = openIntervalsBetween(
      repeated,
      at(repeated, "2026-04-04T12:00"),
      at(repeated, "2026-04-05T12:00"),
    );
    expect(spans.map((span) => [show(repeated, span.from), show(repeated, span.to)])).toEqual([
      ["2026-04-04T23:00:00-03:00", "2026-04-04T23:30:00-03:00"],
      ["2026-04-04T23:00:00-04:00", "2026-04-04T23:30:00-04:00"],
    ]);
  });

  it("a wall-clock time in the gap does not exist; a repeated one means the earlier instant", () => {
    expect(parseInstant("2026-09-06T00:30", "America/Santiago")).toEqual({
      ok: false,
      error: "2026-09-06T00:30:00 does not exist in America/Santiago (skipped by a daylight-saving change)",
    });
    expect(show(santiago, at(santiago, "2026-04-04T23:30"))).toBe("2026-04-04T23:30:00-03:00");
  });

  it("24×7 in Santiago: the day after spring forward is 23 hours long", () => {
    const always = compiledFrom({ ...santiago.definition, week: { sat: allDay, sun: allDay } });
    expect(businessTimeBetween(always, at(always, "2026-09-05T12:00"), at(always, "2026-09-06T12:00"))).toBe(
      23 * HOUR,
    );
  });
});
