import { describe, expect, it } from "vitest";
import { computeReinstatementQuote } from "../../../src/domain/contracts";

const FEE = 1_000_000; // 10,000.00 USD
const quote = (quoteDate: string) =>
  computeReinstatementQuote({
    lastEndDate: "2024-06-30",
    quoteDate,
    annualFeeCents: FEE,
    penaltyRateBps: 1_000,
  });

const summary = (q: ReturnType<typeof quote>) =>
  q.ok ? q.lines.map((l) => `${l.kind} ${l.startDate ?? ""}..${l.endDate ?? ""} ${l.amountCents}`) : q.reason;

describe("reinstatement quote (last end E = 2024-06-30, annual fee 10,000 USD, penalty 10 %)", () => {
  it("lapse of half a year: the lapsed days pro rata plus a new year, no penalty", () => {
    const q = quote("2024-12-30");
    expect(summary(q)).toEqual([
      "lapsed_partial 2024-07-01..2024-12-29 498630",
      "new_year 2024-12-30..2025-12-29 1000000",
    ]);
    expect(q.ok && q.totalCents).toBe(1_498_630);
    expect(q.ok && q.penaltyApplies).toBe(false);
  });

  it("lapse of a year and a half: a lapsed year, the rest pro rata, a new year, no penalty", () => {
    const q = quote("2025-12-30");
    expect(summary(q)).toEqual([
      "lapsed_year 2024-07-01..2025-06-30 1000000",
      "lapsed_partial 2025-07-01..2025-12-29 498630",
      "new_year 2025-12-30..2026-12-29 1000000",
    ]);
    expect(q.ok && q.totalCents).toBe(2_498_630);
  });

  it("the day before the 2nd anniversary there is still no penalty", () => {
    const q = quote("2026-06-29");
    expect(q.ok && q.penaltyApplies).toBe(false);
    expect(q.ok && q.lapsedYears).toBe(1);
  });

  it("on the 2nd anniversary exactly: lapsed periods plus a penalty of 2 × 10 % of the fee", () => {
    const q = quote("2026-06-30");
    expect(summary(q)).toEqual([
      "lapsed_year 2024-07-01..2025-06-30 1000000",
      "lapsed_partial 2025-07-01..2026-06-29 997260",
      "penalty .. 200000",
      "new_year 2026-06-30..2027-06-29 1000000",
    ]);
    expect(q.ok && q.lapsedYears).toBe(2);
    expect(q.ok && q.totalCents).toBe(3_197_260);
  });

  it("lapse of 3.2 years: three lapsed years, the rest pro rata (a leap year), penalty × 3", () => {
    const q = quote("2027-09-11");
    expect(summary(q)).toEqual([
      "lapsed_year 2024-07-01..2025-06-30 1000000",
      "lapsed_year 2025-07-01..2026-06-30 1000000",
      "lapsed_year 2026-07-01..2027-06-30 1000000",
      "lapsed_partial 2027-07-01..2027-09-10 196721",
      "penalty .. 300000",
      "new_year 2027-09-11..2028-09-10 1000000",
    ]);
    const partial = q.ok ? q.lines[3] : undefined;
    expect(partial).toMatchObject({ days: 72, daysInYear: 366 });
    expect(q.ok && q.totalCents).toBe(4_496_721);
    expect(q.ok && q.lapsedTerm).toEqual({ startDate: "2024-07-01", endDate: "2027-09-10" });
  });

  it("quoted the day after the end: nothing lapsed, just the new year", () => {
    const q = quote("2024-07-01");
    expect(summary(q)).toEqual(["new_year 2024-07-01..2025-06-30 1000000"]);
    expect(q.ok && q.lapsedTerm).toBeNull();
  });

  it("refuses to quote a system whose contract has not ended", () => {
    expect(quote("2024-06-30")).toEqual({ ok: false, reason: "not_lapsed" });
  });
});
