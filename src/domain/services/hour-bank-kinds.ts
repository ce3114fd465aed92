/** Enumerations of the consulting-hour banks shared with the browser: this file must not import date libraries. */

export const TIME_ENTRY_KINDS = ["installation", "migration", "upgrade", "tuning", "other"] as const;
export type TimeEntryKind = (typeof TIME_ENTRY_KINDS)[number];

export const HOUR_BANK_ALERTS = ["low_balance", "expiring", "expired_unused"] as const;
export type HourBankAlert = (typeof HOUR_BANK_ALERTS)[number];

/** A package on a day: not bought yet, usable, all its hours taken, or past its last day. */
export const HOUR_PACKAGE_STATUSES = ["upcoming", "active", "used_up", "expired"] as const;
export type HourPackageStatus = (typeof HOUR_PACKAGE_STATUSES)[number];
