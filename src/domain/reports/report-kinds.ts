/**
 * The report vocabularies (SPEC §9), free of date libraries so the web bundle can share them.
 */
export const COMPLIANCE_OUTCOMES = ["met", "breached", "openOnTime", "openBreached"] as const;
export type ComplianceOutcome = (typeof COMPLIANCE_OUTCOMES)[number];

/** First-response time buckets, in business hours: up to `maxHours` (exclusive of the previous). */
export const RESPONSE_TIME_BUCKETS = [
  { key: "under1h", maxHours: 1 },
  { key: "1to4h", maxHours: 4 },
  { key: "4to8h", maxHours: 8 },
  { key: "8to24h", maxHours: 24 },
  { key: "24to42h", maxHours: 42 },
  { key: "over42h", maxHours: null },
] as const;
export type ResponseTimeBucket = (typeof RESPONSE_TIME_BUCKETS)[number]["key"];

/** Age of an open case in business days of its own calendar: from `min` to `max` days (null: and more). */
export const BACKLOG_AGE_BUCKETS = [
  { key: "0-1", min: 0, max: 1 },
  { key: "2-5", min: 2, max: 5 },
  { key: "6-10", min: 6, max: 10 },
  { key: "11-20", min: 11, max: 20 },
  { key: "21+", min: 21, max: null },
] as const;
export type BacklogAgeBucket = (typeof BACKLOG_AGE_BUCKETS)[number]["key"];

export const responseTimeBucketOf = (seconds: number): ResponseTimeBucket =>
  RESPONSE_TIME_BUCKETS.find((b) => b.maxHours === null || seconds < b.maxHours * 3600)!.key;

export const backlogAgeBucketOf = (days: number): BacklogAgeBucket =>
  BACKLOG_AGE_BUCKETS.find((b) => b.max === null || days <= b.max)!.key;
