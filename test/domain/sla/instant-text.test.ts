/** Instants as text in a calendar's zone (the CLI's input and output conventions). */
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import {
  type CalendarDefinition,
  compileCalendar,
  formatInstant,
  parseInstant,
} from "../../../src/domain/sla/index";
import { formatInstantInCalendar, parseInstantInCalendar } from "../../../src/domain/sla/instant-text";

const MEXICO = "America/Mexico_City";
const iso = (text: string, zone = MEXICO) => {
  const result = parseInstant(text, zone);
  return result.ok ? formatInstant(result.instant, zone) : result.error;
};

describe("parsing ISO 8601 date-times", () => {
  it("a time without an offset is wall-clock time in the calendar's zone", () => {
    expect(iso("2026-03-06T17:00")).toBe("2026-03-06T17:00:00-06:00");
    expect(iso("2026-03-06 17:00:05")).toBe("2026-03-06T17:00:05-06:00");
    expect(iso("2026-07-06T17:00", "Europe/Madrid")).toBe("2026-07-06T17:00:00+02:00");
  });

  it("a time with an offset or Z is that instant, shown with the calendar's offset", () => {
    expect(iso("2026-03-06T23:00:00Z")).toBe("2026-03-06T17:00:00-06:00");
    expect(iso("2026-03-06T18:00:00-05:00")).toBe("2026-03-06T17:00:00-06:00");
    expect(iso("2026-03-06T17:00:00.250-06:00[America/Mexico_City]")).toBe("2026-03-06T17:00:00.25-06:00");
  });

  it("a wall-clock time skipped by DST is an error; a repeated one is the earlier instant", () => {
    expect(iso("2026-03-08T02:30", "America/New_York")).toBe(
      "2026-03-08T02:30:00 does not exist in America/New_York (skipped by a daylight-saving change)",
    );
    expect(iso("2026-11-01T01:30", "America/New_York")).toBe("2026-11-01T01:30:00-04:00");
    expect(iso("2026-11-01T01:30-05:00", "America/New_York")).toBe("2026-11-01T01:30:00-05:00");
  });

  it.each([
    "2026-03-06",
    "17:00",
    "2026-02-30T10:00",
    "2026-03-06T25:00",
    "tomorrow",
    "2026-03-06T17:00[America/Mexico_City]",
    "",
  ])("%j is refused", (text) => {
    expect(parseInstant(text, MEXICO).ok).toBe(false);
  });
});

describe("formatting", () => {
  it("shows the zone's offset at that instant, milliseconds only when present", () => {
    expect(formatInstant(Date.UTC(2026, 2, 9, 18), MEXICO)).toBe("2026-03-09T12:00:00-06:00");
    expect(formatInstant(Date.UTC(2026, 2, 9, 18, 0, 0, 5), "UTC")).toBe("2026-03-09T18:00:00.005+00:00");
    expect(formatInstant(Date.UTC(2026, 6, 9, 18), "America/Santiago")).toBe("2026-07-09T14:00:00-04:00");
  });
});

describe("the fast paths for a compiled calendar agree with Temporal", () => {
  const ZONES = [
    "America/Mexico_City",
    "America/New_York",
    "America/Santiago",
    "Europe/Madrid",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "UTC",
    "-03:30",
  ];
  let seed = 7;
  const random = (): number => {
    seed = (seed * 16_807) % 2_147_483_647;
    return seed / 2_147_483_647;
  };

  it.each(ZONES)("parsing and formatting in %s, around every DST change of 2021–2027", (timeZone) => {
    const calendar = compileCalendar(calendarFromZone(timeZone));
    const disagreements: string[] = [];
    const texts: string[] = [];
    const instants: number[] = [];
    let zoned = Temporal.ZonedDateTime.from({ year: 2021, month: 1, day: 1, timeZone });
    for (;;) {
      const next = zoned.getTimeZoneTransition("next");
      if (!next || next.year > 2027) break;
      const wall = next.toPlainDateTime();
      for (let minutes = -150; minutes <= 150; minutes += 15) {
        texts.push(wall.add({ minutes }).toString().slice(0, 16));
        instants.push(next.epochMilliseconds + minutes * 60_000 + Math.floor(random() * 60_000));
      }
      zoned = next;
    }
    for (let i = 0; i < 300; i++) {
      const instant = Date.UTC(1990, 0, 1) + Math.floor(random() * 60 * 365.25 * 86_400_000);
      instants.push(instant);
      texts.push(
        formatInstant(instant, timeZone).slice(0, 23),
        formatInstant(instant, timeZone),
        new Date(instant).toISOString(),
      );
    }
    for (const text of texts) {
      const fast = parseInstantInCalendar(calendar, text);
      const reference = parseInstant(text, timeZone);
      if (JSON.stringify(fast) !== JSON.stringify(reference)) {
        disagreements.push(`parse ${text}: ${JSON.stringify(fast)} vs ${JSON.stringify(reference)}`);
      }
    }
    for (const instant of instants) {
      if (formatInstantInCalendar(calendar, instant) !== formatInstant(instant, timeZone)) {
        disagreements.push(`format ${instant}: ${formatInstantInCalendar(calendar, instant)}`);
      }
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(texts.length).toBeGreaterThanOrEqual(900);
  });

  it("falls back for what it does not handle itself", () => {
    const calendar = compileCalendar(calendarFromZone(MEXICO));
    for (const text of [
      "2026-03-06T17:00:00-06:00[America/Mexico_City]",
      "2026-03-06T23:59:60",
      "1899-12-31T12:00",
      "nope",
    ]) {
      expect(parseInstantInCalendar(calendar, text)).toEqual(parseInstant(text, MEXICO));
    }
  });
});

function calendarFromZone(timeZone: string): CalendarDefinition {
  return { name: timeZone, timeZone, week: {}, holidays: [], holidayRules: [], removedHolidays: [] };
}
