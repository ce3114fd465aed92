import { Temporal } from "temporal-polyfill";
import { nextOpening } from "../sla/business-time";
import type { BusinessCalendar } from "../sla/compiled-calendar";
import { addDays, type LocalDate, termEnd } from "./local-date";

/**
 * The first business day after `date` on the calendar: the local date of the first opening from the
 * start of the next day. (A Friday → the Monday; before a holiday Monday → the Tuesday.)
 */
export const nextBusinessDay = (calendar: BusinessCalendar, date: LocalDate): LocalDate => {
  const startOfNextDay = Temporal.PlainDate.from(addDays(date, 1)).toZonedDateTime({
    timeZone: calendar.timeZone,
  }).epochMilliseconds;
  const opening = nextOpening(calendar, startOfNextDay);
  return Temporal.Instant.fromEpochMilliseconds(opening)
    .toZonedDateTimeISO(calendar.timeZone)
    .toPlainDate()
    .toString();
};

/** A renewal starts on the next business day after the last contract's end and lasts one year (brochure). */
export const computeRenewalTerm = (
  calendar: BusinessCalendar,
  lastEndDate: LocalDate,
): { startDate: LocalDate; endDate: LocalDate } => {
  const startDate = nextBusinessDay(calendar, lastEndDate);
  return { startDate, endDate: termEnd(startDate) };
};
