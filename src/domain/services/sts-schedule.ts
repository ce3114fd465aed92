import { Temporal } from "temporal-polyfill";
import { compareDates, type LocalDate } from "../contracts/local-date";
import { businessDayOnOrAfter, businessDayOnOrBefore, subtractBusinessDays } from "../sla/business-days";
import type { BusinessCalendar } from "../sla/compiled-calendar";
import { STS_VISIT_KINDS, type StsVisitKind } from "./sts-kinds";

/**
 * The on-site engineer's visits (SPEC §8, the brochure's "Soporte Técnico en Sitio"): a business review every
 * six months and one tuning service a year, on business days of the organization's calendar, within the
 * service's dates; each is reminded ten business days ahead.
 */

export { STS_VISIT_KINDS, type StsVisitKind };

export const REVIEW_EVERY_MONTHS = 6;
/** The tuning comes a quarter into each service year, early enough to matter for the rest of it. */
export const TUNING_AFTER_MONTHS = 3;
export const REMINDER_BUSINESS_DAYS = 10;

export type StsVisit = { kind: StsVisitKind; sequence: number; dueOn: LocalDate };

const plusMonths = (date: LocalDate, months: number): LocalDate =>
  Temporal.PlainDate.from(date).add({ months }).toString();

/** A planned date on a business day inside the service: the next one, or the last one before its end. */
const onBusinessDay = (calendar: BusinessCalendar, date: LocalDate, end: LocalDate): LocalDate | null => {
  const after = businessDayOnOrAfter(calendar, date);
  if (compareDates(after, end) <= 0) return after;
  const before = businessDayOnOrBefore(calendar, end);
  return before;
};

/**
 * The visits of a service running from `startDate` to `endDate` (inclusive): reviews at 6, 12, 18… months
 * (the one that would fall after the end is held on its last business day), and a tuning 3 months into
 * each service year; each moved off weekends and holidays to the next business day.
 */
export const scheduleStsVisits = (
  calendar: BusinessCalendar,
  service: { startDate: LocalDate; endDate: LocalDate },
): StsVisit[] => {
  const { startDate, endDate } = service;
  const visits: StsVisit[] = [];
  for (let k = 1; ; k++) {
    const planned = plusMonths(startDate, REVIEW_EVERY_MONTHS * k);
    const beyond = compareDates(planned, endDate) > 0;
    // the last review is held before the service ends, unless the previous one was barely three months ago
    if (beyond && compareDates(plusMonths(startDate, REVIEW_EVERY_MONTHS * (k - 1) + 3), endDate) > 0) break;
    const dueOn = onBusinessDay(calendar, beyond ? endDate : planned, endDate);
    if (dueOn && !visits.some((v) => v.dueOn === dueOn))
      visits.push({ kind: "business_review", sequence: k, dueOn });
    if (beyond) break;
  }
  for (let year = 0; ; year++) {
    const planned = plusMonths(startDate, 12 * year + TUNING_AFTER_MONTHS);
    if (compareDates(planned, endDate) > 0) break;
    const dueOn = onBusinessDay(calendar, planned, endDate);
    if (dueOn) visits.push({ kind: "tuning", sequence: year + 1, dueOn });
  }
  return visits.sort((a, b) => compareDates(a.dueOn, b.dueOn) || a.kind.localeCompare(b.kind));
};

/** The day the engineer and the account executive are reminded of a visit. */
export const reminderDate = (calendar: BusinessCalendar, dueOn: LocalDate): LocalDate =>
  subtractBusinessDays(calendar, dueOn, REMINDER_BUSINESS_DAYS);
