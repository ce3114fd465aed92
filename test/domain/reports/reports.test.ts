import { describe, expect, it } from "vitest";
import { ageInBusinessDays, businessDayIndex, localDateIn } from "../../../src/domain/reports/backlog-age";
import { classifyResponse, tally } from "../../../src/domain/reports/compliance";
import { backlogAgeBucketOf, responseTimeBucketOf } from "../../../src/domain/reports/report-kinds";
import { percentileCont, timeStats } from "../../../src/domain/reports/statistics";
import { businessTimeBetween } from "../../../src/domain/sla/business-time";
import { compileCalendar } from "../../../src/domain/sla/compiled-calendar";
import { CDMX_HABIL_CALENDAR, TWENTY_FOUR_SEVEN_CALENDAR } from "../../../src/domain/sla/sla-clock";

const cdmx = compileCalendar(CDMX_HABIL_CALENDAR);
const always = compileCalendar(TWENTY_FOUR_SEVEN_CALENDAR);
const at = (iso: string) => Date.parse(iso);
const HOUR = 3600;

describe("response-target compliance", () => {
  const due = at("2026-11-20T19:00:00Z");
  const now = at("2026-11-25T19:00:00Z");

  it("met on or before the due time; late is breached", () => {
    expect(classifyResponse({ status: "open", dueAt: due, metAt: due }, now)).toBe("met");
    expect(classifyResponse({ status: "closed", dueAt: due, metAt: due + 1 }, now)).toBe("breached");
  });

  it("a case resolved (or closed) without a public reply is breached, even before its due time", () => {
    expect(classifyResponse({ status: "resolved", dueAt: now + HOUR, metAt: null }, now)).toBe("breached");
    expect(classifyResponse({ status: "closed", dueAt: now + HOUR, metAt: null }, now)).toBe("breached");
  });

  it("an unanswered running case is open and on time until its due time, then open and breached", () => {
    expect(classifyResponse({ status: "new", dueAt: now, metAt: null }, now)).toBe("openOnTime");
    expect(classifyResponse({ status: "waiting_on_customer", dueAt: now - 1, metAt: null }, now)).toBe(
      "openBreached",
    );
  });

  it("counts each case once; the rate leaves out what is still on time", () => {
    const t = tally(["met", "met", "met", "breached", "openOnTime", "openBreached"]);
    expect(t).toEqual({ met: 3, breached: 1, openOnTime: 1, openBreached: 1, total: 6, rate: 3 / 5 });
    expect(tally(["openOnTime"]).rate).toBeNull();
  });
});

describe("first-response times in business hours of the case's calendar", () => {
  it("Friday 17:00 to Monday 10:00 is 2 business hours, 65 clock hours", () => {
    const registered = at("2026-11-20T23:00:00Z"); // Friday 17:00 in Mexico City
    const replied = at("2026-11-23T16:00:00Z"); // Monday 10:00
    expect(businessTimeBetween(cdmx, registered, replied)).toBe(2 * HOUR);
    expect(businessTimeBetween(always, registered, replied)).toBe(65 * HOUR);
  });

  it("across the weekend and the Revolution Day holiday (Monday 16 November 2026): 2 business hours", () => {
    const registered = at("2026-11-13T23:00:00Z"); // Friday 17:00
    const replied = at("2026-11-17T16:00:00Z"); // Tuesday 10:00
    expect(businessTimeBetween(cdmx, registered, replied)).toBe(2 * HOUR);
  });

  it("median, p90 and max as percentile_cont computes them; distribution buckets by business hours", () => {
    expect(percentileCont([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileCont([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(91);
    expect(timeStats([3600, 60, 7200])).toEqual({
      count: 3,
      medianSeconds: 3600,
      p90Seconds: 6480,
      maxSeconds: 7200,
    });
    expect(timeStats([])).toEqual({ count: 0, medianSeconds: null, p90Seconds: null, maxSeconds: null });
    expect(responseTimeBucketOf(3599)).toBe("under1h");
    expect(responseTimeBucketOf(HOUR)).toBe("1to4h");
    expect(responseTimeBucketOf(42 * HOUR)).toBe("over42h");
  });
});

describe("backlog age in business days", () => {
  it("registered Friday is 1 business day old on Monday, and still 1 on Tuesday after a Monday holiday", () => {
    expect(ageInBusinessDays(cdmx, at("2026-11-20T23:00:00Z"), at("2026-11-23T16:00:00Z"))).toBe(1);
    expect(ageInBusinessDays(cdmx, at("2026-11-13T23:00:00Z"), at("2026-11-17T16:00:00Z"))).toBe(1);
    // on 24×7 every day counts
    expect(ageInBusinessDays(always, at("2026-11-13T23:00:00Z"), at("2026-11-17T16:00:00Z"))).toBe(4);
    // registered today: 0
    expect(ageInBusinessDays(cdmx, at("2026-11-23T15:00:00Z"), at("2026-11-23T20:00:00Z"))).toBe(0);
  });

  it("buckets: 0–1, 2–5, 6–10, 11–20, 21 and more", () => {
    expect([0, 1, 2, 5, 6, 10, 11, 20, 21, 400].map(backlogAgeBucketOf)).toEqual([
      "0-1",
      "0-1",
      "2-5",
      "2-5",
      "6-10",
      "6-10",
      "11-20",
      "11-20",
      "21+",
      "21+",
    ]);
  });

  it("the bucket boundaries as instants agree with each case's age (what the SQL counts with)", () => {
    const today = "2026-12-22";
    const index = businessDayIndex(cdmx, "2026-09-01", today);
    for (const days of [1, 2, 6, 11, 21, 40]) {
      const boundary = index.oldAtLeast(days, today);
      for (let back = 0; back < 120; back++) {
        const registeredAt = at("2026-12-22T18:00:00Z") - back * 86_400_000;
        const registered = localDateIn(cdmx, registeredAt);
        const age = index.ageOn(registered, today);
        expect(registeredAt < boundary, `${registered} age ${age} vs ${days}`).toBe(age >= days);
      }
    }
  });
});
