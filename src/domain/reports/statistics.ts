/**
 * Percentiles as PostgreSQL's `percentile_cont` computes them (linear interpolation between the closest
 * ranks), so a report counted in SQL and the same numbers counted here agree.
 */
export const percentileCont = (sorted: readonly number[], fraction: number): number | null => {
  if (sorted.length === 0) return null;
  const position = fraction * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below]!;
  return low + (sorted[above]! - low) * (position - below);
};

export type TimeStats = {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  maxSeconds: number | null;
};

export const timeStats = (values: readonly number[]): TimeStats => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    medianSeconds: percentileCont(sorted, 0.5),
    p90Seconds: percentileCont(sorted, 0.9),
    maxSeconds: sorted.length ? sorted[sorted.length - 1]! : null,
  };
};
