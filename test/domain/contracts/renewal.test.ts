import { describe, expect, it } from "vitest";
import { computeRenewalTerm, nextBusinessDay } from "../../../src/domain/contracts";
import { CDMX_HABIL_CALENDAR, compileCalendar } from "../../../src/domain/sla";

const cdmx = compileCalendar(CDMX_HABIL_CALENDAR);

describe("renewal starts on the next business day after the last contract ends (CDMX calendar)", () => {
  it("a contract ending on a Friday renews on the Monday", () => {
    expect(nextBusinessDay(cdmx, "2026-03-06")).toBe("2026-03-09");
  });

  it("a contract ending before a Monday holiday renews on the Tuesday", () => {
    // 16 March 2026: third Monday of March (Benito Juárez)
    expect(nextBusinessDay(cdmx, "2026-03-13")).toBe("2026-03-17");
  });

  it("ending on Wednesday 31 Dec 2025 renews on Friday 2 Jan 2026, skipping 1 January", () => {
    expect(computeRenewalTerm(cdmx, "2025-12-31")).toEqual({
      startDate: "2026-01-02",
      endDate: "2027-01-01",
    });
  });

  it("ending on Thursday 31 Dec 2026 renews on Monday 4 Jan 2027", () => {
    expect(computeRenewalTerm(cdmx, "2026-12-31")).toEqual({
      startDate: "2027-01-04",
      endDate: "2028-01-03",
    });
  });

  it("ending on a Tuesday renews on the Wednesday; a one-year term ends the day before the anniversary", () => {
    expect(computeRenewalTerm(cdmx, "2026-06-30")).toEqual({
      startDate: "2026-07-01",
      endDate: "2027-06-30",
    });
  });

  it("skips Holy Thursday and Good Friday", () => {
    // 2026: Holy Thursday 2 April, Good Friday 3 April
    expect(nextBusinessDay(cdmx, "2026-04-01")).toBe("2026-04-06");
  });
});
