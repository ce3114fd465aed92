/**
 * Holiday rules and presets. The expected table below was written by hand from the rules (first /
 * third Mondays counted on a calendar; Easter from published tables, cross-checked with
 * python-dateutil's `easter`), not produced by the code under test.
 */
import { describe, expect, it } from "vitest";
import {
  EXPLICIT_HOLIDAY_SOURCE,
  type HolidayRuleSpec,
  holidaysOfYear,
  westernEasterSunday,
} from "../../../src/domain/sla/index";

// year: [first Monday of Feb, third Monday of Mar, third Monday of Nov, Easter Sunday]
const BY_HAND: Record<number, readonly [string, string, string, string]> = {
  2024: ["02-05", "03-18", "11-18", "03-31"],
  2025: ["02-03", "03-17", "11-17", "04-20"],
  2026: ["02-02", "03-16", "11-16", "04-05"],
  2027: ["02-01", "03-15", "11-15", "03-28"],
  2028: ["02-07", "03-20", "11-20", "04-16"],
  2029: ["02-05", "03-19", "11-19", "04-01"],
  2030: ["02-04", "03-18", "11-18", "04-21"],
  2031: ["02-03", "03-17", "11-17", "04-13"],
  2032: ["02-02", "03-15", "11-15", "03-28"],
  2033: ["02-07", "03-21", "11-21", "04-17"],
  2034: ["02-06", "03-20", "11-20", "04-09"],
  2035: ["02-05", "03-19", "11-19", "03-25"],
};
// Holy Thursday and Good Friday (Easter − 3, − 2), by hand
const HOLY_WEEK: Record<number, readonly [string, string]> = {
  2024: ["03-28", "03-29"],
  2025: ["04-17", "04-18"],
  2026: ["04-02", "04-03"],
  2027: ["03-25", "03-26"],
  2028: ["04-13", "04-14"],
  2029: ["03-29", "03-30"],
  2030: ["04-18", "04-19"],
  2031: ["04-10", "04-11"],
  2032: ["03-25", "03-26"],
  2033: ["04-14", "04-15"],
  2034: ["04-06", "04-07"],
  2035: ["03-22", "03-23"],
};

const sources = (
  holidayRules: HolidayRuleSpec[],
  holidays: string[] = [],
  removedHolidays: string[] = [],
) => ({
  holidays,
  holidayRules,
  removedHolidays,
});
const datesOf = (year: number, holidayRules: HolidayRuleSpec[]) =>
  holidaysOfYear(sources(holidayRules), year).map((holiday) => holiday.date);

describe("preset mx-lft (Ley Federal del Trabajo, art. 74)", () => {
  it.each(Object.keys(BY_HAND).map(Number))("gives the statutory days of %i", (year) => {
    const [february, march, november] = BY_HAND[year]!;
    const inauguration = (year - 2024) % 6 === 0 ? [`${year}-10-01`] : [];
    expect(datesOf(year, ["mx-lft"])).toEqual([
      `${year}-01-01`,
      `${year}-${february}`,
      `${year}-${march}`,
      `${year}-05-01`,
      `${year}-09-16`,
      ...inauguration,
      `${year}-${november}`,
      `${year}-12-25`,
    ]);
  });

  it("has 1 October in 2024 and 2030 (inauguration years) and in no other year of 2024–2035", () => {
    const withOctober = Object.keys(BY_HAND)
      .map(Number)
      .filter((year) => datesOf(year, ["mx-lft"]).includes(`${year}-10-01`));
    expect(withOctober).toEqual([2024, 2030]);
    expect(datesOf(2036, ["mx-lft"])).toContain("2036-10-01");
    expect(datesOf(2018, ["mx-lft"])).not.toContain("2018-10-01");
  });

  it("names each day by its rule", () => {
    const february = holidaysOfYear(sources(["mx-lft"]), 2026)[1]!;
    expect(february).toMatchObject({
      date: "2026-02-02",
      sources: ["mx-lft: Primer lunes de febrero (Día de la Constitución)"],
    });
  });
});

describe("preset mx-cdmx-customary", () => {
  it.each(Object.keys(HOLY_WEEK).map(Number))(
    "gives Holy Thursday, Good Friday, 2 Nov and 12 Dec of %i",
    (year) => {
      const [thursday, friday] = HOLY_WEEK[year]!;
      expect(datesOf(year, ["mx-cdmx-customary"])).toEqual([
        `${year}-${thursday}`,
        `${year}-${friday}`,
        `${year}-11-02`,
        `${year}-12-12`,
      ]);
    },
  );
});

describe("Western Easter (anonymous Gregorian algorithm)", () => {
  it.each(Object.keys(BY_HAND).map(Number))("Easter Sunday %i", (year) => {
    const easter = westernEasterSunday(year);
    expect(`${String(easter.month).padStart(2, "0")}-${String(easter.day).padStart(2, "0")}`).toBe(
      BY_HAND[year]![3],
    );
  });

  it("handles the extreme dates (22 March 2285, 25 April 2038)", () => {
    expect(westernEasterSunday(2285)).toEqual({ year: 2285, month: 3, day: 22 });
    expect(westernEasterSunday(2038)).toEqual({ year: 2038, month: 4, day: 25 });
  });
});

describe("rule kinds", () => {
  it("fixed month/day, and 29 February only in leap years", () => {
    expect(datesOf(2026, [{ kind: "fixed", month: 12, day: 12 }])).toEqual(["2026-12-12"]);
    expect(datesOf(2027, [{ kind: "fixed", month: 2, day: 29 }])).toEqual([]);
    expect(datesOf(2028, [{ kind: "fixed", month: 2, day: 29 }])).toEqual(["2028-02-29"]);
  });

  it("nth weekday of a month, the last one, and a fifth one that does not exist", () => {
    expect(datesOf(2026, [{ kind: "nth-weekday", month: 5, weekday: "mon", nth: "last" }])).toEqual([
      "2026-05-25",
    ]);
    expect(datesOf(2026, [{ kind: "nth-weekday", month: 11, weekday: "thu", nth: 4 }])).toEqual([
      "2026-11-26",
    ]);
    expect(datesOf(2026, [{ kind: "nth-weekday", month: 2, weekday: "sun", nth: "last" }])).toEqual([
      "2026-02-22",
    ]);
    expect(datesOf(2026, [{ kind: "nth-weekday", month: 2, weekday: "mon", nth: 5 }])).toEqual([]);
    expect(datesOf(2026, [{ kind: "nth-weekday", month: 3, weekday: "mon", nth: 5 }])).toEqual([
      "2026-03-30",
    ]);
  });

  it("offset from Easter, also into the neighbouring year", () => {
    expect(datesOf(2026, [{ kind: "easter-offset", days: 1 }])).toEqual(["2026-04-06"]);
    expect(datesOf(2026, [{ kind: "easter-offset", days: 60 }])).toEqual(["2026-06-04"]);
    expect(datesOf(2027, [{ kind: "easter-offset", days: 300 }])).toEqual(["2027-01-30"]);
  });

  it("fixed date every N years from a base year, never before it", () => {
    const rule: HolidayRuleSpec = { kind: "every-n-years", month: 10, day: 1, everyYears: 6, baseYear: 2024 };
    const years = [2018, 2023, 2024, 2025, 2029, 2030, 2036].filter(
      (year) => datesOf(year, [rule]).length > 0,
    );
    expect(years).toEqual([2024, 2030, 2036]);
  });

  it("fromYear / untilYear limit a rule", () => {
    const rule: HolidayRuleSpec = { kind: "fixed", month: 6, day: 1, fromYear: 2027, untilYear: 2028 };
    expect([2026, 2027, 2028, 2029].filter((year) => datesOf(year, [rule]).length > 0)).toEqual([2027, 2028]);
  });
});

describe("holidays of a year", () => {
  it("joins explicit dates and rules, listing every source of a date once per source", () => {
    const list = holidaysOfYear(sources(["mx-lft"], ["2026-01-01", "2026-06-07", "2027-01-01"]), 2026);
    expect(list[0]).toMatchObject({
      date: "2026-01-01",
      sources: ["mx-lft: Año Nuevo (1 de enero)", EXPLICIT_HOLIDAY_SOURCE],
    });
    expect(list.map((holiday) => holiday.date)).toContain("2026-06-07");
    expect(list.map((holiday) => holiday.date)).not.toContain("2027-01-01");
  });

  it("removedHolidays switches off a single generated date", () => {
    const dates = holidaysOfYear(sources(["mx-cdmx-customary"], [], ["2026-11-02"]), 2026).map(
      (holiday) => holiday.date,
    );
    expect(dates).toEqual(["2026-04-02", "2026-04-03", "2026-12-12"]);
  });

  it("uses the rule's name or describes an unnamed rule", () => {
    const [named, unnamed] = holidaysOfYear(
      sources([
        { kind: "fixed", month: 1, day: 6, name: "Reyes" },
        { kind: "every-n-years", month: 10, day: 1, everyYears: 6, baseYear: 2024 },
      ]),
      2030,
    );
    expect(named?.sources).toEqual(["Reyes"]);
    expect(unnamed?.sources).toEqual(["every-n-years 10-01 /6 from 2024"]);
  });
});
