import { Temporal } from "temporal-polyfill";

/** Contract dates are local calendar dates "YYYY-MM-DD" (no time, no zone). */
export type LocalDate = string;

export const toPlainDate = (date: LocalDate): Temporal.PlainDate => Temporal.PlainDate.from(date);

export const isLocalDate = (text: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  try {
    return Temporal.PlainDate.from(text, { overflow: "reject" }).toString() === text;
  } catch {
    return false;
  }
};

export const compareDates = (a: LocalDate, b: LocalDate): number => Temporal.PlainDate.compare(a, b);

export const addDays = (date: LocalDate, days: number): LocalDate =>
  toPlainDate(date).add({ days }).toString();

/** Days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: LocalDate, to: LocalDate): number =>
  toPlainDate(from).until(toPlainDate(to), { largestUnit: "days" }).days;

/** The last day of a term of `years` starting on `start`: 2026-03-15 + 1 year → 2027-03-14. */
export const termEnd = (start: LocalDate, years = 1): LocalDate =>
  toPlainDate(start).add({ years }).subtract({ days: 1 }).toString();

/** Whole years from `from` to `to` by calendar anniversaries (29 Feb → 28 Feb in common years). */
export const wholeYearsBetween = (from: LocalDate, to: LocalDate): number =>
  Math.max(0, toPlainDate(from).until(toPlainDate(to), { largestUnit: "years" }).years);

export const addYears = (date: LocalDate, years: number): LocalDate =>
  toPlainDate(date).add({ years }).toString();

/** The local date of an instant in a time zone (e.g. "today" in Mexico City). */
export const localDateOf = (epochMs: number, timeZone: string): LocalDate =>
  Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).toPlainDate().toString();
