import { describe, expect, it } from "vitest";
import { applyRateBps, computeAnnualFee, prorate } from "../../../src/domain/contracts";

const USD = 100;

describe("annual fee = max(rate × sale price, minimum)", () => {
  it("applies the 10,000 USD minimum when the rate gives less", () => {
    expect(
      computeAnnualFee({ salePriceCents: 40_000 * USD, feeRateBps: 1_800, minimumFeeCents: 10_000 * USD }),
    ).toEqual({
      feeCents: 10_000 * USD,
      minimumApplied: true,
    });
  });

  it("applies the rate when it gives more than the minimum", () => {
    expect(
      computeAnnualFee({ salePriceCents: 100_000 * USD, feeRateBps: 1_800, minimumFeeCents: 10_000 * USD }),
    ).toEqual({
      feeCents: 18_000 * USD,
      minimumApplied: false,
    });
  });

  it("at exactly the minimum the rate is what applies", () => {
    const fee = computeAnnualFee({
      salePriceCents: 50_000 * USD,
      feeRateBps: 2_000,
      minimumFeeCents: 10_000 * USD,
    });
    expect(fee).toEqual({ feeCents: 10_000 * USD, minimumApplied: false });
  });

  it("rounds half up to the cent and stays exact for large prices", () => {
    expect(applyRateBps(12_345, 1_800)).toBe(2_222); // 2,222.1
    expect(applyRateBps(12_375, 2_000)).toBe(2_475);
    expect(applyRateBps(25, 1_000)).toBe(3); // 2.5 → 3
    expect(applyRateBps(9_007_199_254_740_991, 10_000)).toBe(9_007_199_254_740_991);
  });

  it("prorates by days, half up", () => {
    expect(prorate(1_000_000, 182, 365)).toBe(498_630);
    expect(prorate(1_000, 1, 2)).toBe(500);
    expect(prorate(1, 1, 2)).toBe(1);
  });
});
