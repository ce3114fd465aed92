/** Where a customer system runs. */
export const ENVIRONMENTS = ["production", "test", "development"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
