/** The annual fee preview of SPEC §3: max(rate × price, minimum), rounded half up to the cent. */
export const previewAnnualFee = (options: {
  salePriceCents: number;
  feeRateBps: number;
  minimumFeeCents: number;
}): { feeCents: number; minimumApplied: boolean } => {
  const byRate = Number((BigInt(options.salePriceCents) * BigInt(options.feeRateBps) + 5_000n) / 10_000n);
  return byRate >= options.minimumFeeCents
    ? { feeCents: byRate, minimumApplied: false }
    : { feeCents: options.minimumFeeCents, minimumApplied: true };
};
