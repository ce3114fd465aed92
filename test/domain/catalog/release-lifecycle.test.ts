import { describe, expect, it } from "vitest";
import {
  announceableLines,
  checkEolAnnouncement,
  computeLineSupport,
  computeReleaseSupport,
  type EolAnnouncement,
  earliestEndOfSupport,
  type ReleaseFacts,
} from "../../../src/domain/catalog/release-lifecycle";
import { parseVersion } from "../../../src/domain/catalog/release-version";

const release = (version: string, releaseDate: string): ReleaseFacts => ({
  version: parseVersion(version)!,
  releaseDate,
});
const SIGAP = [
  release("2.0.0", "2022-03-01"),
  release("2.4.1", "2023-02-10"),
  release("3.0.0", "2024-01-15"),
  release("3.2.1", "2025-05-20"),
  release("4.0.0", "2026-06-01"),
  release("5.0.0", "2027-03-01"),
];
const ON = "2026-12-04";
const line = (major: number, announcements: EolAnnouncement[] = [], on = ON) =>
  computeLineSupport({ major, releases: SIGAP, announcements, on });

describe("the support policy: the current major line and the one before it", () => {
  it("with 4.x current, 3.x is supported and 2.x is unsupported once its end date passes", () => {
    const eol = [{ major: 2, announcedOn: "2026-01-10", endOfSupportOn: "2026-07-31" }];
    expect(line(4, eol).status).toBe("current");
    expect(line(3, eol).status).toBe("previous");
    expect(line(2, eol)).toEqual({ status: "unsupported", endOfSupportOn: "2026-07-31" });
    // through its last day it was still supported, with its end announced
    expect(line(2, eol, "2026-07-31")).toEqual({ status: "ending", endOfSupportOn: "2026-07-31" });
  });

  it("an older line whose end was not announced is still supported: its end needs six months' notice", () => {
    expect(line(2).status).toBe("unannounced");
    expect(line(1).status).toBe("unannounced");
  });

  it("a release dated after today is upcoming, and does not make its line current yet", () => {
    expect(line(5).status).toBe("upcoming");
    expect(
      computeReleaseSupport({ release: SIGAP[5]!, releases: SIGAP, announcements: [], on: ON }).status,
    ).toBe("upcoming");
    expect(line(4, [], "2027-03-01").status).toBe("previous");
    expect(line(3, [], "2027-03-01").status).toBe("unannounced");
  });

  it("before its first major release every line of a product is upcoming", () => {
    expect(computeLineSupport({ major: 1, releases: [], announcements: [], on: ON }).status).toBe("upcoming");
  });
});

describe("announcing the end of support of a line", () => {
  const announce = (announcement: EolAnnouncement, announcements: EolAnnouncement[] = []) =>
    checkEolAnnouncement({ announcement, releases: SIGAP, announcements });

  it("an end-of-support date 5 months after the announcement is refused, naming the earliest allowed", () => {
    expect(announce({ major: 2, announcedOn: ON, endOfSupportOn: "2027-05-04" })).toEqual({
      ok: false,
      reason: "notice_too_short",
      earliest: "2027-06-04",
    });
    expect(announce({ major: 2, announcedOn: ON, endOfSupportOn: "2027-06-04" })).toEqual({ ok: true });
  });

  it("six months from the 31st of August is the last day of February", () => {
    expect(earliestEndOfSupport("2026-08-31")).toBe("2027-02-28");
    expect(earliestEndOfSupport("2027-08-31")).toBe("2028-02-29");
  });

  it("an end of support before the announcement is refused", () => {
    expect(announce({ major: 2, announcedOn: ON, endOfSupportOn: "2026-11-30" })).toEqual({
      ok: false,
      reason: "end_before_announcement",
    });
  });

  it("the current and the previous line cannot be announced, nor a line never released, nor one twice", () => {
    const ok = { announcedOn: ON, endOfSupportOn: "2027-12-31" };
    expect(announce({ major: 4, ...ok })).toEqual({ ok: false, reason: "line_supported" });
    expect(announce({ major: 3, ...ok })).toEqual({ ok: false, reason: "line_supported" });
    expect(announce({ major: 9, ...ok })).toEqual({ ok: false, reason: "line_not_released" });
    expect(announce({ major: 2, ...ok }, [{ major: 2, ...ok }])).toEqual({
      ok: false,
      reason: "already_announced",
    });
  });

  it("offers the older lines not yet announced, newest first", () => {
    const releases = [release("1.0.0", "2020-01-06"), ...SIGAP];
    expect(announceableLines({ releases, announcements: [], on: ON })).toEqual([2, 1]);
    const announced = [{ major: 2, announcedOn: "2026-01-05", endOfSupportOn: "2026-12-31" }];
    expect(announceableLines({ releases, announcements: announced, on: ON })).toEqual([1]);
    // once 5.0.0 is out, 3.x is no longer the previous line
    expect(announceableLines({ releases, announcements: announced, on: "2027-03-01" })).toEqual([3, 1]);
  });
});
