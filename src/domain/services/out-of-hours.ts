import { Temporal } from "temporal-polyfill";
import { compareDates, type LocalDate } from "../contracts/local-date";
import { addBusinessDays } from "../sla/business-days";
import type { BusinessCalendar } from "../sla/compiled-calendar";

/**
 * Pre-scheduled out-of-hours days (SPEC §8; the brochure: Extendido has two a year): an authorized contact
 * books a maintenance window ahead of time; once staff confirm it, the organization's cases registered
 * inside it run on a 24×7 clock for their response targets.
 */

/** Requested by the customer, then confirmed or declined by staff; cancelled by either before it starts. */
export const WINDOW_STATUSES = ["requested", "confirmed", "declined", "cancelled"] as const;
export type WindowStatus = (typeof WINDOW_STATUSES)[number];

export const MAX_WINDOW_HOURS = 24;
export const DEFAULT_NOTICE_BUSINESS_DAYS = 5;

const HOUR_MS = 3_600_000;

/** Which year of a contract a date falls in: 0 for the first twelve months from its start. */
export const contractYearOf = (contractStart: LocalDate, date: LocalDate): number => {
  const start = Temporal.PlainDate.from(contractStart);
  const years = start.until(Temporal.PlainDate.from(date), { largestUnit: "years" }).years;
  return Math.max(0, years);
};

/** The first and last day of a contract year (the last one ends with the contract). */
export const contractYearRange = (
  contract: { startDate: LocalDate; endDate: LocalDate },
  year: number,
): { startDate: LocalDate; endDate: LocalDate } => {
  const start = Temporal.PlainDate.from(contract.startDate);
  const end = start
    .add({ years: year + 1 })
    .subtract({ days: 1 })
    .toString();
  return {
    startDate: start.add({ years: year }).toString(),
    endDate: compareDates(end, contract.endDate) > 0 ? contract.endDate : end,
  };
};

/** How many years a contract has: a one-year term has one, a two-year term two. */
export const contractYearCount = (contract: { startDate: LocalDate; endDate: LocalDate }): number =>
  contractYearOf(contract.startDate, contract.endDate) + 1;

/**
 * An instant from a wall-clock time of a zone ("2026-12-05T08:00" in America/Mexico_City), or null when
 * the text is no such time. A time skipped by a daylight-saving change moves forward, as clocks do.
 */
export const instantOfLocal = (timeZone: string, local: string): number | null => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null;
  try {
    return Temporal.PlainDateTime.from(local, { overflow: "reject" }).toZonedDateTime(timeZone, {
      disambiguation: "compatible",
    }).epochMilliseconds;
  } catch {
    return null;
  }
};

/** The wall-clock time of an instant in a zone, to the minute: "2026-12-05T08:00". */
export const localOfInstant = (timeZone: string, at: number): string =>
  Temporal.Instant.fromEpochMilliseconds(at)
    .toZonedDateTimeISO(timeZone)
    .toPlainDateTime()
    .toString({ smallestUnit: "minute" });

/** The first date a window may start on: `noticeDays` business days after today. */
export const earliestBookingDate = (calendar: BusinessCalendar, today: LocalDate, noticeDays: number) =>
  addBusinessDays(calendar, today, noticeDays);

export type BookingCheck =
  | { ok: true; contractYear: number }
  | {
      ok: false;
      field: "startsAt" | "endsAt";
      code:
        | "plan_without_out_of_hours"
        | "range_reversed"
        | "window_too_long"
        | "in_past"
        | "notice_too_short"
        | "outside_contract"
        | "out_of_hours_used";
      params?: Record<string, string | number>;
    };

/**
 * May this window be booked? It ends after it starts, lasts at most 24 hours, has not started (`now`, when
 * given), starts at least `noticeDays` business days after today (on the organization's business
 * calendar), inside the contract, and the contract year still has a day left (`usedByYear` counts that
 * year's requested and confirmed windows, and those cancelled too late to get the day back).
 */
export const checkBooking = (options: {
  daysPerYear: number;
  noticeDays: number;
  calendar: BusinessCalendar;
  today: LocalDate;
  /** The instant of the booking: a window starting before it is in the past. */
  now?: number;
  contract: { startDate: LocalDate; endDate: LocalDate };
  window: { startsAt: number; endsAt: number };
  /** Windows of the organization's contract, not cancelled, by contract year. */
  usedByYear: ReadonlyMap<number, number>;
}): BookingCheck => {
  const { window, calendar, contract } = options;
  if (options.daysPerYear === 0) return { ok: false, field: "startsAt", code: "plan_without_out_of_hours" };
  if (window.endsAt <= window.startsAt) return { ok: false, field: "endsAt", code: "range_reversed" };
  if (window.endsAt - window.startsAt > MAX_WINDOW_HOURS * HOUR_MS)
    return { ok: false, field: "endsAt", code: "window_too_long", params: { max: MAX_WINDOW_HOURS } };
  if (options.now !== undefined && window.startsAt < options.now)
    return { ok: false, field: "startsAt", code: "in_past" };
  const startDay = Temporal.Instant.fromEpochMilliseconds(window.startsAt)
    .toZonedDateTimeISO(calendar.timeZone)
    .toPlainDate()
    .toString();
  const earliest = earliestBookingDate(calendar, options.today, options.noticeDays);
  if (compareDates(startDay, earliest) < 0)
    return { ok: false, field: "startsAt", code: "notice_too_short", params: { earliest } };
  if (compareDates(startDay, contract.startDate) < 0 || compareDates(startDay, contract.endDate) > 0)
    return {
      ok: false,
      field: "startsAt",
      code: "outside_contract",
      params: { start: contract.startDate, end: contract.endDate },
    };
  const contractYear = contractYearOf(contract.startDate, startDay);
  if ((options.usedByYear.get(contractYear) ?? 0) >= options.daysPerYear)
    return {
      ok: false,
      field: "startsAt",
      code: "out_of_hours_used",
      params: { count: options.daysPerYear },
    };
  return { ok: true, contractYear };
};

/**
 * Does cancelling give the day back? Only when done more than `noticeDays` business days before the
 * window (the vendor may already have planned its people otherwise).
 */
export const cancellationRefunds = (options: {
  calendar: BusinessCalendar;
  today: LocalDate;
  noticeDays: number;
  startsAt: number;
}): boolean => {
  const startDay = Temporal.Instant.fromEpochMilliseconds(options.startsAt)
    .toZonedDateTimeISO(options.calendar.timeZone)
    .toPlainDate()
    .toString();
  return compareDates(addBusinessDays(options.calendar, options.today, options.noticeDays), startDay) < 0;
};

/** The confirmed window a case registered at `registeredAt` falls in, if any: its clock then runs 24×7. */
export const windowAt = <W extends { startsAt: number; endsAt: number; status: WindowStatus }>(
  windows: readonly W[],
  registeredAt: number,
): W | null =>
  windows.find((w) => w.status === "confirmed" && w.startsAt <= registeredAt && registeredAt < w.endsAt) ??
  null;
