/** Money is integer cents; products stay exact in BigInt and round half up to the cent. */
export const applyRateBps = (amountCents: number, rateBps: number): number => {
  const product = BigInt(amountCents) * BigInt(rateBps);
  return Number((product + 5_000n) / 10_000n);
};

/** Annual fee = max(rate × software sale price, minimum fee) (SPEC §3). */
export const computeAnnualFee = (options: {
  salePriceCents: number;
  feeRateBps: number;
  minimumFeeCents: number;
}): { feeCents: number; minimumApplied: boolean } => {
  const byRate = applyRateBps(options.salePriceCents, options.feeRateBps);
  return byRate >= options.minimumFeeCents
    ? { feeCents: byRate, minimumApplied: false }
    : { feeCents: options.minimumFeeCents, minimumApplied: true };
};

/** amount × numerator / denominator, rounded half up to the cent. */
export const prorate = (amountCents: number, numerator: number, denominator: number): number => {
  const n = BigInt(amountCents) * BigInt(numerator) * 2n + BigInt(denominator);
  return Number(n / (BigInt(denominator) * 2n));
};
