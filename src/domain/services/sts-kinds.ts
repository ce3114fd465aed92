/** The kinds of the on-site engineer's visits (no clock, no calendar: the web app reads them too). */
export const STS_VISIT_KINDS = ["business_review", "tuning"] as const;
export type StsVisitKind = (typeof STS_VISIT_KINDS)[number];
