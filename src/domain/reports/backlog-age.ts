import { Temporal } from "temporal-polyfill";
import { isBusinessDay } from "../sla/business-days";
import type { BusinessCalendar } from "../sla/compiled-calendar";

/**
 * The age of an open case in business days of its calendar: the business days after the day it was
 * registered, up to and including today (registered Friday, Monday it is 1 business day old).
 */
type LocalDate = string;

export const localDateIn = (calendar: BusinessCalendar, instant: number): LocalDate =>
  Temporal.Instant.fromEpochMilliseconds(instant)
    .toZonedDateTimeISO(calendar.timeZone)
    .toPlainDate()
    .toString();

const startOfDay = (calendar: BusinessCalendar, date: LocalDate) =>
  Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: calendar.timeZone }).epochMilliseconds;

/**
 * The business days of a calendar from `first` to `last` (local dates), counted once so any number of
 * cases' ages and bucket boundaries read from it.
 */
export const businessDayIndex = (calendar: BusinessCalendar, first: LocalDate, last: LocalDate) => {
  const dates: LocalDate[] = [];
  // cumulative[i]: business days among dates[0..i]
  const cumulative: number[] = [];
  let count = 0;
  for (
    let day = Temporal.PlainDate.from(first);
    Temporal.PlainDate.compare(day, last) <= 0;
    day = day.add({ days: 1 })
  ) {
    const text = day.toString();
    if (isBusinessDay(calendar, text)) count += 1;
    dates.push(text);
    cumulative.push(count);
  }
  const position = (date: LocalDate) => {
    // dates are consecutive: the index is the day difference
    const index = Temporal.PlainDate.from(first).until(date).days;
    return Math.min(Math.max(index, -1), dates.length - 1);
  };
  const upTo = (date: LocalDate) => {
    const index = position(date);
    return index < 0 ? 0 : cumulative[index]!;
  };

  /** Business days after `registered` up to and including `today`. */
  const ageOn = (registered: LocalDate, today: LocalDate): number => upTo(today) - upTo(registered);

  /**
   * The instant before which a case registered is at least `days` business days old on `today`: the start
   * of the `days`-th most recent business day on or before today (0 days: every case).
   */
  const oldAtLeast = (days: number, today: LocalDate): number => {
    if (days <= 0) return Number.POSITIVE_INFINITY;
    const target = upTo(today) - days + 1;
    if (target < 1) return startOfDay(calendar, first);
    const index = cumulative.findIndex((c) => c >= target);
    return startOfDay(calendar, dates[index]!);
  };

  return { ageOn, oldAtLeast };
};

/** One case's age (for tests and small lists; reports build one index for all their cases). */
export const ageInBusinessDays = (calendar: BusinessCalendar, registeredAt: number, now: number): number => {
  const registered = localDateIn(calendar, registeredAt);
  const today = localDateIn(calendar, now);
  if (registered >= today) return 0;
  return businessDayIndex(calendar, registered, today).ageOn(registered, today);
};
