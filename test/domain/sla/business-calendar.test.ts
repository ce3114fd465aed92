/** The calendar file format (SPEC §5) and its validation messages. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CDMX_HABIL_CALENDAR,
  parseCalendarDefinition,
  parseCalendarText,
  TWENTY_FOUR_SEVEN_CALENDAR,
  toCalendarFile,
} from "../../../src/domain/sla/index";
import { CDMX_FILE } from "./calendar-fixtures";

const errorsOf = (file: unknown): readonly string[] => {
  const result = parseCalendarDefinition(file);
  return result.ok ? [] : result.errors;
};
const withWeek = (week: unknown) => ({ ...CDMX_FILE, week });

describe("a valid calendar file", () => {
  it("the SPEC §5 example is accepted as it is", () => {
    const result = parseCalendarDefinition(CDMX_FILE);
    expect(result).toMatchObject({
      ok: true,
      calendar: {
        name: "CDMX hábil",
        timeZone: "America/Mexico_City",
        holidays: ["2026-01-01", "2026-02-02"],
        holidayRules: ["mx-lft", "mx-cdmx-customary"],
        removedHolidays: [],
      },
    });
  });

  it("the CLI fixture file is exactly the SPEC §5 format", () => {
    const text = readFileSync(new URL("../../cli/fixtures/cdmx-habil.json", import.meta.url), "utf8");
    const result = parseCalendarText(text);
    expect(result.ok).toBe(true);
    expect(JSON.parse(text)).toEqual(CDMX_FILE);
  });

  it("holidays and holidayRules are optional; absent or empty days are closed", () => {
    const result = parseCalendarDefinition({
      name: "x",
      timeZone: "UTC",
      week: { mon: [], sat: [["10:00", "12:00"]] },
    });
    expect(result).toMatchObject({
      ok: true,
      calendar: { week: { sat: [["10:00", "12:00"]] }, holidays: [], holidayRules: [] },
    });
    if (result.ok) expect(result.calendar.week.mon).toBeUndefined();
  });

  it("several intervals a day are sorted, may touch, and 24:00 ends a day", () => {
    const result = parseCalendarDefinition(
      withWeek({
        mon: [
          ["15:00", "24:00"],
          ["09:00", "15:00"],
          ["00:00", "01:30"],
        ],
      }),
    );
    expect(result.ok && result.calendar.week.mon).toEqual([
      ["00:00", "01:30"],
      ["09:00", "15:00"],
      ["15:00", "24:00"],
    ]);
  });

  it("rule objects, presets and removedHolidays are accepted", () => {
    expect(
      errorsOf({
        ...CDMX_FILE,
        holidayRules: [
          "mx-lft",
          { kind: "fixed", month: 12, day: 24, name: "Nochebuena" },
          { kind: "nth-weekday", month: 5, weekday: "mon", nth: "last" },
          { kind: "easter-offset", days: -3 },
          { kind: "every-n-years", month: 10, day: 1, everyYears: 6, baseYear: 2024 },
        ],
        removedHolidays: ["2026-11-02"],
      }),
    ).toEqual([]);
  });

  it("the default calendars round-trip through the file format", () => {
    for (const calendar of [CDMX_HABIL_CALENDAR, TWENTY_FOUR_SEVEN_CALENDAR]) {
      const result = parseCalendarDefinition(JSON.parse(JSON.stringify(toCalendarFile(calendar))));
      expect(result).toEqual({ ok: true, calendar });
    }
  });
});

describe("validation errors name the place and the problem", () => {
  it.each([
    [withWeek({ mon: [["25:00", "26:00"]] }), 'week.mon[0]: "25:00" is not a time HH:MM'],
    [withWeek({ mon: [["9:00", "18:00"]] }), 'week.mon[0]: "9:00" is not a time HH:MM'],
    [withWeek({ tue: [["09:00", "18:00:00"]] }), 'week.tue[0]: "18:00:00" is not a time HH:MM'],
    [
      withWeek({ mon: [["18:00", "09:00"]] }),
      'week.mon[0]: start "18:00" is not before end "09:00" (use "24:00" for midnight at the end of the day)',
    ],
    [
      withWeek({ mon: [["22:00", "00:00"]] }),
      'week.mon[0]: start "22:00" is not before end "00:00" (use "24:00" for midnight at the end of the day)',
    ],
    [withWeek({ mon: [["24:00", "24:00"]] }), 'week.mon[0]: "24:00" can only end an interval'],
    [withWeek({ mon: [["09:00"]] }), 'week.mon[0]: ["09:00"] is not an interval ["HH:MM","HH:MM"]'],
    [withWeek({ mon: "09:00-18:00" }), "week.mon: expected array"],
    [
      withWeek({
        wed: [
          ["09:00", "13:00"],
          ["12:00", "14:00"],
        ],
      }),
      'week.wed[1]: ["12:00","14:00"] overlaps ["09:00","13:00"]',
    ],
    [
      withWeek({ monday: [["09:00", "18:00"]] }),
      "week.monday: unknown weekday (use mon, tue, wed, thu, fri, sat, sun)",
    ],
    [
      { ...CDMX_FILE, timeZone: "America/Mexico_Cty" },
      'timeZone: "America/Mexico_Cty" is not a known IANA time zone',
    ],
    [{ ...CDMX_FILE, holidays: ["2026-02-30"] }, 'holidays[0]: "2026-02-30" is not a date YYYY-MM-DD'],
    [{ ...CDMX_FILE, holidays: ["2026-1-1"] }, 'holidays[0]: "2026-1-1" is not a date YYYY-MM-DD'],
    [
      { ...CDMX_FILE, holidayRules: ["mx-lfy"] },
      'holidayRules[0]: unknown preset "mx-lfy" (known presets: mx-lft, mx-cdmx-customary)',
    ],
    [
      { ...CDMX_FILE, holidayRules: [{ kind: "fixed", month: 2, day: 30 }] },
      "holidayRules[0].day: month 2 has no day 30",
    ],
    [{ ...CDMX_FILE, holidayRules: [{ kind: "fixed", month: 13, day: 1 }] }, "holidayRules[0].month:"],
    [{ ...CDMX_FILE, holidayRules: [{ kind: "weekly", month: 1 }] }, "holidayRules[0].kind:"],
    [{ ...CDMX_FILE, removedHolidays: [20260101] }, "removedHolidays[0]: 20260101 is not a date YYYY-MM-DD"],
    [{ ...CDMX_FILE, name: "  " }, "name: must be a non-empty string"],
    [{ ...CDMX_FILE, weeks: {} }, 'calendar: unknown field "weeks"'],
    [{ timeZone: "UTC", week: {} }, "name: is required (string)"],
    [[], "calendar: expected object"],
  ])("%j → %s", (file, expected) => {
    const errors = errorsOf(file);
    expect(errors.some((error) => error.startsWith(expected))).toBe(true);
  });

  it("reports every problem at once", () => {
    expect(
      errorsOf({ ...CDMX_FILE, timeZone: "Nowhere/City", holidays: ["x"], week: { mon: [["x", "y"]] } }),
    ).toEqual([
      'timeZone: "Nowhere/City" is not a known IANA time zone',
      'week.mon[0]: "x" is not a time HH:MM',
      'week.mon[0]: "y" is not a time HH:MM',
      'holidays[0]: "x" is not a date YYYY-MM-DD',
    ]);
  });

  it("text that is not JSON is a clear error", () => {
    expect(parseCalendarText("{ name: ")).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^not valid JSON: /)],
    });
  });
});
