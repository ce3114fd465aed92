/** Enumerations shared with the browser: this file must not import date libraries. */
export const CONTRACT_STATUSES = ["upcoming", "current", "expired"] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const REINSTATEMENT_LINE_KINDS = ["lapsed_year", "lapsed_partial", "penalty", "new_year"] as const;
export type ReinstatementLineKind = (typeof REINSTATEMENT_LINE_KINDS)[number];
