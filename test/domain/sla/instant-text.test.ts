/** Instants as text in a calendar's zone (the CLI's input and output conventions). */
import { describe, expect, it } from "vitest";
import { formatInstant, parseInstant } from "../../../src/domain/sla/index";

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
