/** Weekday keys of the calendar file format, in ISO order (Monday first). */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** ISO weekday number (1 = Monday … 7 = Sunday) of a weekday key. */
export function isoWeekdayOf(weekday: Weekday): number {
  return WEEKDAYS.indexOf(weekday) + 1;
}
