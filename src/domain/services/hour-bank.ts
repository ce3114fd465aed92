import { addDays, compareDates, type LocalDate, termEnd } from "../contracts/local-date";
import type { HourBankAlert, HourPackageStatus } from "./hour-bank-kinds";

/**
 * Consulting-hour banks (SPEC §8, the brochure's "Bolsa de Horas de Consultor Técnico"): packages from 80
 * hours, valid one year from purchase, consumed by consultants' time entries. Time is counted in quarter
 * hours (whole numbers) so that balances never drift.
 */

export const QUARTERS_PER_HOUR = 4;
/** One entry is at most a day. */
export const MAX_ENTRY_QUARTERS = 24 * QUARTERS_PER_HOUR;

export {
  HOUR_BANK_ALERTS,
  HOUR_PACKAGE_STATUSES,
  type HourBankAlert,
  type HourPackageStatus,
  TIME_ENTRY_KINDS,
  type TimeEntryKind,
} from "./hour-bank-kinds";

export type HourBankSettings = {
  /** The smallest package sold (the brochure: 80 hours). */
  minPackageHours: number;
  /** Below this share of a package left, its contacts are told (20 %). */
  lowBalancePercent: number;
  /** Days before expiry when they are told it is coming (30). */
  expiryWarningDays: number;
};

export const DEFAULT_HOUR_BANK_SETTINGS: HourBankSettings = {
  minPackageHours: 80,
  lowBalancePercent: 20,
  expiryWarningDays: 30,
};

/** The last day a package bought on `purchasedOn` may be used: one year, the day before the anniversary. */
export const packageExpiry = (purchasedOn: LocalDate): LocalDate => termEnd(purchasedOn);

export type HourPackage = {
  id: string;
  /** Sold, in quarter hours. */
  quarters: number;
  purchasedOn: LocalDate;
  expiresOn: LocalDate;
  /** Consumed so far, in quarter hours (an override may take it past `quarters`). */
  usedQuarters: number;
};

export type PackageCheck =
  | { ok: true }
  | { ok: false; field: "hours"; code: "min_package_hours"; params: { min: number } }
  | { ok: false; field: "hours"; code: "quarter_hours" };

/** A package is whole quarter hours, at least the smallest package sold. */
export const checkPackage = (hours: number, settings: HourBankSettings): PackageCheck => {
  if (!Number.isInteger(hours * QUARTERS_PER_HOUR))
    return { ok: false, field: "hours", code: "quarter_hours" };
  if (hours < settings.minPackageHours)
    return {
      ok: false,
      field: "hours",
      code: "min_package_hours",
      params: { min: settings.minPackageHours },
    };
  return { ok: true };
};

export const remainingQuarters = (pkg: HourPackage): number => pkg.quarters - pkg.usedQuarters;

/** Usable on a date: bought on or before it and not yet expired. */
export const isValidOn = (pkg: HourPackage, on: LocalDate): boolean =>
  compareDates(pkg.purchasedOn, on) <= 0 && compareDates(on, pkg.expiresOn) <= 0;

/**
 * Where a package stands on a day: bought later (upcoming), past its last day (expired), every hour taken
 * (used up), else active.
 */
export const packageStatus = (pkg: HourPackage, on: LocalDate): HourPackageStatus => {
  if (compareDates(on, pkg.purchasedOn) < 0) return "upcoming";
  if (compareDates(on, pkg.expiresOn) > 0) return "expired";
  return remainingQuarters(pkg) <= 0 ? "used_up" : "active";
};

export type Allocation = { packageId: string; quarters: number };

export type EntryDecision =
  | { ok: true; allocations: Allocation[]; overridden: boolean }
  | { ok: false; field: "hours"; code: "entry_quarters" }
  | {
      ok: false;
      field: "hours" | "workedOn";
      code: "beyond_balance" | "no_valid_package";
      /** Quarter hours left in the packages valid on the date. */
      params: { availableQuarters: number };
    };

/**
 * Where a time entry's hours come from: the packages valid on the day it was worked, the one that
 * expires first first (an entry may take the rest of one and start the next). Beyond the balance, or on a
 * day no package covers, it is refused unless a manager overrides: the excess then goes to the valid
 * package that expires last, or, when none is valid, to the one that expired most recently.
 */
export const allocateEntry = (options: {
  packages: readonly HourPackage[];
  workedOn: LocalDate;
  quarters: number;
  override: boolean;
}): EntryDecision => {
  const { workedOn, quarters, override } = options;
  if (!Number.isInteger(quarters) || quarters < 1 || quarters > MAX_ENTRY_QUARTERS)
    return { ok: false, field: "hours", code: "entry_quarters" };
  const valid = options.packages
    .filter((p) => isValidOn(p, workedOn))
    .sort((a, b) => compareDates(a.expiresOn, b.expiresOn) || compareDates(a.purchasedOn, b.purchasedOn));
  const available = valid.reduce((sum, p) => sum + Math.max(0, remainingQuarters(p)), 0);
  if (valid.length === 0 && !override)
    return { ok: false, field: "workedOn", code: "no_valid_package", params: { availableQuarters: 0 } };
  if (available < quarters && !override)
    return { ok: false, field: "hours", code: "beyond_balance", params: { availableQuarters: available } };

  const allocations: Allocation[] = [];
  let left = quarters;
  for (const p of valid) {
    const take = Math.min(left, Math.max(0, remainingQuarters(p)));
    if (take > 0) allocations.push({ packageId: p.id, quarters: take });
    left -= take;
    if (left === 0) break;
  }
  if (left > 0) {
    const target =
      valid.at(-1) ??
      [...options.packages]
        .filter((p) => compareDates(p.purchasedOn, workedOn) <= 0)
        .sort((a, b) => compareDates(a.expiresOn, b.expiresOn))
        .at(-1);
    if (!target)
      return { ok: false, field: "workedOn", code: "no_valid_package", params: { availableQuarters: 0 } };
    const existing = allocations.find((a) => a.packageId === target.id);
    if (existing) existing.quarters += left;
    else allocations.push({ packageId: target.id, quarters: left });
  }
  return { ok: true, allocations, overridden: left > 0 || valid.length === 0 };
};

/**
 * What a package's contacts should be told today, each at most once (the caller records what was sent):
 * the balance under the low share, expiry within the warning days, or expiry passed with hours left.
 */
export const dueAlerts = (
  pkg: HourPackage,
  today: LocalDate,
  settings: HourBankSettings,
): HourBankAlert[] => {
  const left = remainingQuarters(pkg);
  if (compareDates(today, pkg.expiresOn) > 0) return left > 0 ? ["expired_unused"] : [];
  const alerts: HourBankAlert[] = [];
  if (left * 100 < pkg.quarters * settings.lowBalancePercent) alerts.push("low_balance");
  const warnFrom = addDays(pkg.expiresOn, -settings.expiryWarningDays);
  if (left > 0 && compareDates(today, warnFrom) >= 0) alerts.push("expiring");
  return alerts;
};
