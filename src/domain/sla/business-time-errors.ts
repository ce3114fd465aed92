/**
 * Errors of the business-time engine. Both are thrown (not returned): a caller that passes a valid
 * compiled calendar and instants in the supported range never sees them in normal operation.
 * - NoOpenTimeError: the calendar has no open time for more than 10 years after an instant (a
 *   calendar with an empty week, or everything declared a holiday) — a configuration defect that
 *   would otherwise make "find the next opening" search forever.
 * - UnsupportedInstantError: an instant that is not a finite number of epoch milliseconds within
 *   the supported years, or a negative / non-finite amount of business time.
 */
import { Temporal } from "temporal-polyfill";

/** How many years without open time make a calendar unusable rather than just closed for a while. */
export const NO_OPEN_TIME_YEARS = 10;

export class NoOpenTimeError extends Error {
  override readonly name = "NoOpenTimeError";
  readonly calendarName: string;
  /** Epoch milliseconds where the search for open time started. */
  readonly searchedFrom: number;

  constructor(calendarName: string, searchedFrom: number) {
    super(
      `calendar "${calendarName}" has no open time in the ${NO_OPEN_TIME_YEARS} years after ${Temporal.Instant.fromEpochMilliseconds(searchedFrom).toString()}`,
    );
    this.calendarName = calendarName;
    this.searchedFrom = searchedFrom;
  }
}

export class UnsupportedInstantError extends RangeError {
  override readonly name = "UnsupportedInstantError";
}
