/**
 * A calendar compiled for fast business-time arithmetic.
 *
 * Semantics (exact, and the definition the brute-force model in the tests checks):
 *   an instant is OPEN when the wall clock in the calendar's zone at that instant shows a date
 *   that is not a holiday and a time of day inside one of that weekday's open intervals.
 * Consequences around daylight-saving changes, by construction rather than by special cases:
 * - wall-clock times skipped by a spring-forward gap never occur, so they are never open; an
 *   interval boundary inside a gap takes effect at the transition instant (e.g. America/Santiago
 *   jumps from 00:00 to 01:00: an interval starting at "00:00" or "00:30" that day opens at the
 *   transition, the instant the clock shows 01:00);
 * - wall-clock times repeated by a fall-back are open on each pass, so a local day made longer by
 *   a fall-back has correspondingly more open time and a shorter day fewer;
 * - a 24×7 week is open at every instant, so it counts real elapsed time across DST changes;
 * - intervals that touch, also across midnight (Monday ["22:00","24:00"] and Tuesday
 *   ["00:00","06:00"]), are one continuous open span; a holiday closes only its own local date.
 * (This is stronger than picking a disambiguation such as 'compatible' for each boundary: it needs
 * none, and it agrees with what a person reading the wall clock would say.)
 *
 * Implementation: the instant line is cut into UTC years. For each UTC year (built lazily, then
 * cached) the open set is computed as sorted, disjoint instant intervals `[opens[i], closes[i])`
 * with cumulative sums `cumBefore[i]` (open ms before interval i), so every query is a binary
 * search. A year is built from the local open intervals of the local days around it (pure
 * arithmetic on epoch days) and the zone's offset periods (Temporal's transitions): the instants
 * whose wall-clock time lies in a local interval [L1, L2) during a period of constant offset o are
 * exactly [L1 − o, L2 − o) clipped to that period.
 */
import { Temporal } from "temporal-polyfill";
import type { CalendarDefinition } from "./business-calendar";
import { minutesOfTime } from "./business-calendar";
import { UnsupportedInstantError } from "./business-time-errors";
import { daysFromCivil, isoWeekdayOfEpochDay, MS_PER_DAY, MS_PER_MINUTE } from "./civil-date";
import { holidaysOfYear } from "./holiday-rules";
import { WEEKDAYS } from "./weekdays";

/** The engine works for instants in these UTC years (inclusive). */
export const MIN_SUPPORTED_YEAR = 1900;
export const MAX_SUPPORTED_YEAR = 2999;

const YEAR_STARTS = new Float64Array(MAX_SUPPORTED_YEAR - MIN_SUPPORTED_YEAR + 2);
for (let year = MIN_SUPPORTED_YEAR; year <= MAX_SUPPORTED_YEAR + 1; year++) {
  YEAR_STARTS[year - MIN_SUPPORTED_YEAR] = daysFromCivil(year, 1, 1) * MS_PER_DAY;
}
const FIRST_SUPPORTED_MS = YEAR_STARTS[0]!;
const END_SUPPORTED_MS = YEAR_STARTS[YEAR_STARTS.length - 1]!;
const AVERAGE_YEAR_MS = 365.2425 * MS_PER_DAY;
/** Local days built beyond each side of a UTC year: more than any UTC offset (±26 h). */
const MARGIN_DAYS = 3;

/** A period of constant UTC offset: instants [from, to). */
export interface OffsetPeriod {
  readonly from: number;
  readonly to: number;
  readonly offsetMs: number;
}

/** The open time of one UTC year of a calendar. */
export interface YearTable {
  readonly year: number;
  /** Instants covered: [from, to), the UTC year. */
  readonly from: number;
  readonly to: number;
  /** Open intervals [opens[i], closes[i]), sorted, disjoint, not touching within the year. */
  readonly opens: Float64Array;
  readonly closes: Float64Array;
  /** cumBefore[i] = open milliseconds of the year before opens[i]; cumBefore[n] = total. */
  readonly cumBefore: Float64Array;
  readonly total: number;
  /**
   * dayFirst[d] = index of the first interval that closes after the start of the year's d-th UTC
   * day (n when none): a search for an instant starts there and steps over at most that day's
   * intervals, instead of a binary search over the year.
   */
  readonly dayFirst: Int32Array;
  /** Offset periods overlapping the year (the first starts at -∞, the last ends at +∞). */
  readonly offsets: readonly OffsetPeriod[];
}

/** Whether an instant is a finite number of epoch milliseconds within the supported years. */
export function isSupportedInstant(instant: number): boolean {
  return instant >= FIRST_SUPPORTED_MS && instant < END_SUPPORTED_MS;
}

function describeInstant(instant: number): string {
  return Math.abs(instant) <= 8.64e15
    ? Temporal.Instant.fromEpochMilliseconds(instant).toString()
    : String(instant);
}

/** Checks an instant and returns its UTC year (fast: no allocation). */
export function utcYearOf(instant: number): number {
  if (!isSupportedInstant(instant)) {
    throw new UnsupportedInstantError(
      Number.isFinite(instant)
        ? `instant ${describeInstant(instant)} is outside the supported years ${MIN_SUPPORTED_YEAR}–${MAX_SUPPORTED_YEAR}`
        : `instant ${instant} is not a finite number of epoch milliseconds`,
    );
  }
  let index = Math.floor((instant - FIRST_SUPPORTED_MS) / AVERAGE_YEAR_MS);
  if (index > YEAR_STARTS.length - 2) index = YEAR_STARTS.length - 2;
  while (instant < YEAR_STARTS[index]!) index--;
  while (instant >= YEAR_STARTS[index + 1]!) index++;
  return index + MIN_SUPPORTED_YEAR;
}

/** A calendar ready for business-time arithmetic; build it once and reuse it (it caches years). */
export class BusinessCalendar {
  readonly definition: CalendarDefinition;
  readonly name: string;
  readonly timeZone: string;
  /** Open minutes per ISO weekday (index 1–7) as flat [start, end, start, end, …]. */
  readonly #weekMinutes: readonly (readonly number[])[];
  readonly #tables: (YearTable | undefined)[] = [];
  readonly #holidayDays = new Map<number, ReadonlySet<number>>();

  constructor(definition: CalendarDefinition) {
    this.definition = definition;
    this.name = definition.name;
    this.timeZone = definition.timeZone;
    const weekMinutes: number[][] = [[]];
    for (const day of WEEKDAYS) {
      const flat: number[] = [];
      for (const [start, end] of definition.week[day] ?? []) {
        const startMinutes = minutesOfTime(start);
        const endMinutes = minutesOfTime(end);
        if (startMinutes === null || endMinutes === null || startMinutes >= endMinutes) {
          throw new TypeError(
            `calendar "${definition.name}": invalid interval ${start}–${end} (parse it first)`,
          );
        }
        flat.push(startMinutes, endMinutes);
      }
      weekMinutes.push(flat);
    }
    this.#weekMinutes = weekMinutes;
  }

  /** The table of a UTC year (built on first use). */
  yearTable(year: number): YearTable {
    const index = year - MIN_SUPPORTED_YEAR;
    const cached = this.#tables[index];
    if (cached !== undefined) return cached;
    if (index < 0 || year > MAX_SUPPORTED_YEAR) {
      throw new UnsupportedInstantError(
        `year ${year} is outside the supported years ${MIN_SUPPORTED_YEAR}–${MAX_SUPPORTED_YEAR}`,
      );
    }
    const table = this.#buildYear(year);
    this.#tables[index] = table;
    return table;
  }

  /** The table holding an instant. */
  tableAt(instant: number): YearTable {
    return this.yearTable(utcYearOf(instant));
  }

  /** Holidays of a local year as epoch days. */
  holidayEpochDays(localYear: number): ReadonlySet<number> {
    let days = this.#holidayDays.get(localYear);
    if (days === undefined) {
      days = new Set(holidaysOfYear(this.definition, localYear).map((holiday) => holiday.epochDay));
      this.#holidayDays.set(localYear, days);
    }
    return days;
  }

  /** The UTC offset in milliseconds at an instant. */
  offsetAt(instant: number): number {
    const offsets = this.tableAt(instant).offsets;
    for (const period of offsets) {
      if (instant < period.to) return period.offsetMs;
    }
    return offsets[offsets.length - 1]!.offsetMs;
  }

  #buildYear(year: number): YearTable {
    const from = YEAR_STARTS[year - MIN_SUPPORTED_YEAR]!;
    const to = YEAR_STARTS[year - MIN_SUPPORTED_YEAR + 1]!;
    const offsets = offsetPeriods(
      this.timeZone,
      from - MARGIN_DAYS * MS_PER_DAY,
      to + MARGIN_DAYS * MS_PER_DAY,
    );

    // 1. local open intervals (local wall-clock time as if it were UTC) of the days around the year
    const firstDay = Math.floor(from / MS_PER_DAY) - MARGIN_DAYS;
    const lastDay = Math.floor(to / MS_PER_DAY) + MARGIN_DAYS;
    const holidays = [year - 1, year, year + 1].map((localYear) => this.holidayEpochDays(localYear));
    const localStarts: number[] = [];
    const localEnds: number[] = [];
    let weekday = isoWeekdayOfEpochDay(firstDay);
    for (let day = firstDay; day <= lastDay; day++, weekday = weekday === 7 ? 1 : weekday + 1) {
      if (holidays[0]!.has(day) || holidays[1]!.has(day) || holidays[2]!.has(day)) continue;
      const minutes = this.#weekMinutes[weekday]!;
      const dayStart = day * MS_PER_DAY;
      for (let k = 0; k < minutes.length; k += 2) {
        const start = dayStart + minutes[k]! * MS_PER_MINUTE;
        const end = dayStart + minutes[k + 1]! * MS_PER_MINUTE;
        const last = localEnds.length - 1;
        if (last >= 0 && start <= localEnds[last]!) {
          if (end > localEnds[last]!) localEnds[last] = end;
        } else {
          localStarts.push(start);
          localEnds.push(end);
        }
      }
    }

    // 2. their instants, period by period (so already in order), clipped to the year, merged
    const opens: number[] = [];
    const closes: number[] = [];
    for (const period of offsets) {
      const low = Math.max(period.from, from);
      const high = Math.min(period.to, to);
      if (low >= high) continue;
      for (let i = 0; i < localStarts.length; i++) {
        const open = Math.max(localStarts[i]! - period.offsetMs, low);
        const close = Math.min(localEnds[i]! - period.offsetMs, high);
        if (open >= close) continue;
        const last = closes.length - 1;
        if (last >= 0 && open <= closes[last]!) {
          if (close > closes[last]!) closes[last] = close;
        } else {
          opens.push(open);
          closes.push(close);
        }
      }
    }

    const cumBefore = new Float64Array(opens.length + 1);
    for (let i = 0; i < opens.length; i++) cumBefore[i + 1] = cumBefore[i]! + (closes[i]! - opens[i]!);
    const days = Math.round((to - from) / MS_PER_DAY);
    const dayFirst = new Int32Array(days + 1);
    for (let day = 0, i = 0; day <= days; day++) {
      const dayStart = from + day * MS_PER_DAY;
      while (i < closes.length && closes[i]! <= dayStart) i++;
      dayFirst[day] = i;
    }
    return {
      year,
      from,
      to,
      opens: Float64Array.from(opens),
      closes: Float64Array.from(closes),
      cumBefore,
      total: cumBefore[opens.length]!,
      dayFirst,
      offsets: offsets.filter((period) => period.to > from && period.from < to),
    };
  }
}

/** Compiles a validated calendar definition. */
export function compileCalendar(definition: CalendarDefinition): BusinessCalendar {
  return new BusinessCalendar(definition);
}

/** The zone's periods of constant offset covering [from, to) (first from -∞, last to +∞). */
export function offsetPeriods(timeZone: string, from: number, to: number): OffsetPeriod[] {
  let zoned = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(timeZone);
  let start = Number.NEGATIVE_INFINITY;
  let offsetMs = zoned.offsetNanoseconds / 1e6;
  const periods: OffsetPeriod[] = [];
  for (;;) {
    const next = zoned.getTimeZoneTransition("next");
    if (!next || next.epochMilliseconds >= to) {
      periods.push({ from: start, to: Number.POSITIVE_INFINITY, offsetMs });
      return periods;
    }
    periods.push({ from: start, to: next.epochMilliseconds, offsetMs });
    start = next.epochMilliseconds;
    offsetMs = next.offsetNanoseconds / 1e6;
    zoned = next;
  }
}
