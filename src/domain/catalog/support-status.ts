/**
 * A release's place in the support policy (SPEC §2), light enough for the browser:
 * - `current`: the newest major line released;
 * - `previous`: the major line immediately before it;
 * - `ending`: an older line whose end of support was announced, until that date;
 * - `unannounced`: an older line whose end was not announced yet — still supported, since its support ends
 *   no sooner than six months after an announcement;
 * - `unsupported`: an older line after its announced end of support;
 * - `upcoming`: a release dated after today.
 */
export const SUPPORT_STATUSES = [
  "current",
  "previous",
  "ending",
  "unannounced",
  "unsupported",
  "upcoming",
] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];

/** Whether a case on a release of this status is on a supported version. */
export const isSupportedStatus = (status: SupportStatus): boolean => status !== "unsupported";

/** The least notice an end of support must be announced with, in months. */
export const EOL_NOTICE_MONTHS = 6;
