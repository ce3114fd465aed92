/** The epoch-day arithmetic used by the engine's hot paths agrees with Temporal. */
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import {
  civilFromDays,
  daysFromCivil,
  formatCivilDate,
  isoWeekdayOfEpochDay,
  parseCivilDate,
} from "../../../src/domain/sla/civil-date";

describe("epoch days", () => {
  it("agree with Temporal.PlainDate every 13th day from 1890 to 3010", () => {
    const epoch = Temporal.PlainDate.from("1970-01-01");
    const disagreements: string[] = [];
    for (let date = Temporal.PlainDate.from("1890-01-01"); date.year < 3010; date = date.add({ days: 13 })) {
      const epochDay = epoch.until(date).days;
      const civil = civilFromDays(epochDay);
      if (
        daysFromCivil(date.year, date.month, date.day) !== epochDay ||
        formatCivilDate(civil) !== date.toString() ||
        isoWeekdayOfEpochDay(epochDay) !== date.dayOfWeek
      ) {
        disagreements.push(date.toString());
      }
    }
    expect(disagreements).toEqual([]);
  });

  it("every day of a leap year round-trips", () => {
    for (let day = daysFromCivil(2028, 1, 1); day <= daysFromCivil(2028, 12, 31); day++) {
      const civil = civilFromDays(day);
      expect(daysFromCivil(civil.year, civil.month, civil.day)).toBe(day);
    }
  });
});

describe("local dates as text", () => {
  it("parses strict YYYY-MM-DD real dates only", () => {
    expect(parseCivilDate("2028-02-29")).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseCivilDate("2027-02-29")).toBeNull();
    expect(parseCivilDate("2027-13-01")).toBeNull();
    expect(parseCivilDate("2027-1-01")).toBeNull();
    expect(formatCivilDate({ year: 2026, month: 3, day: 9 })).toBe("2026-03-09");
  });
});
