import { Temporal } from "temporal-polyfill";
import { nextOpening } from "./business-time";
import type { BusinessCalendar } from "./compiled-calendar";

/**
 * Business days of a calendar, as local dates of its zone: a day is a business day when the calendar is
 * open at some instant of it (a weekday that is not a holiday, for "CDMX hábil").
 */

type LocalDate = string;

const startOf = (calendar: BusinessCalendar, date: LocalDate) =>
  Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: calendar.timeZone }).epochMilliseconds;

const plusDays = (date: LocalDate, days: number): LocalDate =>
  Temporal.PlainDate.from(date).add({ days }).toString();

export const isBusinessDay = (calendar: BusinessCalendar, date: LocalDate): boolean =>
  nextOpening(calendar, startOf(calendar, date)) < startOf(calendar, plusDays(date, 1));

/** The date itself when it is a business day, else the next one. */
export const businessDayOnOrAfter = (calendar: BusinessCalendar, date: LocalDate): LocalDate =>
  Temporal.Instant.fromEpochMilliseconds(nextOpening(calendar, startOf(calendar, date)))
    .toZonedDateTimeISO(calendar.timeZone)
    .toPlainDate()
    .toString();

/** The date itself when it is a business day, else the one before it (at most a year back). */
export const businessDayOnOrBefore = (calendar: BusinessCalendar, date: LocalDate): LocalDate | null => {
  for (let back = 0; back <= 366; back++) {
    const day = plusDays(date, -back);
    if (isBusinessDay(calendar, day)) return day;
  }
  return null;
};

/** `count` business days after `date` (not counting `date` itself): Friday + 1 is Monday. */
export const addBusinessDays = (calendar: BusinessCalendar, date: LocalDate, count: number): LocalDate => {
  let day = date;
  for (let i = 0; i < count; i++) day = businessDayOnOrAfter(calendar, plusDays(day, 1));
  return day;
};

/** `count` business days before `date` (not counting `date`): a reminder ten business days ahead. */
export const subtractBusinessDays = (
  calendar: BusinessCalendar,
  date: LocalDate,
  count: number,
): LocalDate => {
  let day = date;
  for (let i = 0; i < count; i++)
    day = businessDayOnOrBefore(calendar, plusDays(day, -1)) ?? plusDays(day, -1);
  return day;
};
