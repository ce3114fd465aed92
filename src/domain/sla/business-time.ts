/**
 * Business-time arithmetic on instants (epoch milliseconds), SPEC §4:
 * - counting starts at the next opening when the start is outside hours;
 * - a due time that lands exactly on a closing time is that closing time (the due time is the
 *   EARLIEST instant by which the requested business time has elapsed: Friday 17:00 + 1 h on a
 *   09:00–18:00 calendar is Friday 18:00, not Monday 09:00);
 * - adding zero business time gives the instant counting starts: the start itself when open,
 *   otherwise the next opening;
 * - pauses ("waiting on customer") are instant intervals [from, to) that do not count.
 * What is open is defined in compiled-calendar.ts (wall-clock semantics, DST included).
 *
 * Amounts of business time are seconds (fractions allowed, rounded to the millisecond).
 * Expected failures are not thrown here: a valid compiled calendar and instants within the
 * supported years always give an answer, except a calendar with no open time for over 10 years
 * (NoOpenTimeError), and inputs that are not finite / in range (UnsupportedInstantError).
 */
import { NO_OPEN_TIME_YEARS, NoOpenTimeError, UnsupportedInstantError } from "./business-time-errors";
import { MS_PER_DAY } from "./civil-date";
import { type BusinessCalendar, MAX_SUPPORTED_YEAR, utcYearOf, type YearTable } from "./compiled-calendar";

/** An interval of instants [from, to) excluded from counting. */
export interface Pause {
  readonly from: number;
  readonly to: number;
}

export interface BusinessTimeOptions {
  /** Intervals that do not count (any order, may overlap). */
  readonly pauses?: readonly Pause[];
}

/** An interval of instants [from, to) that was counted, with its length in seconds. */
export interface CountedInterval {
  readonly from: number;
  readonly to: number;
  readonly seconds: number;
}

export interface DueExplanation {
  readonly start: number;
  readonly seconds: number;
  readonly due: number;
  /** The open, unpaused intervals between start and due that make up `seconds`. */
  readonly counted: readonly CountedInterval[];
}

export interface ElapsedExplanation {
  readonly from: number;
  readonly to: number;
  readonly seconds: number;
  /** The open, unpaused intervals between from and to. */
  readonly counted: readonly CountedInterval[];
}

// ---------------------------------------------------------------- table primitives (hot paths)

/** Index of the first interval that closes after t (n when none); t must be within the table's year. */
function firstClosingAfter(table: YearTable, t: number): number {
  const closes = table.closes;
  const n = closes.length;
  let i = table.dayFirst[((t - table.from) / MS_PER_DAY) | 0]!;
  while (i < n && closes[i]! <= t) i++;
  return i;
}

/** Open milliseconds of the year before instant t. */
function cumulativeAt(table: YearTable, t: number): number {
  const i = firstClosingAfter(table, t);
  if (i === table.opens.length) return table.total;
  return table.cumBefore[i]! + Math.max(t - table.opens[i]!, 0);
}

/**
 * The instant at which the year's cumulative open time reaches target (0 < target ≤ total),
 * searching forward from interval `from` (cumBefore[from] < target): galloping, then binary search.
 */
function instantAtCumulative(table: YearTable, target: number, from: number): number {
  const cum = table.cumBefore;
  const n = table.opens.length;
  // the smallest k in (from, n] with cum[k] ≥ target
  let low = from + 1;
  let step = 1;
  while (low + step - 1 < n && cum[low + step - 1]! < target) {
    low += step;
    step *= 2;
  }
  let high = Math.min(low + step - 1, n);
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (cum[mid]! >= target) high = mid;
    else low = mid + 1;
  }
  return table.opens[low - 1]! + (target - cum[low - 1]!);
}

function nextYear(
  calendar: BusinessCalendar,
  table: YearTable,
  searchedFrom: number,
  emptyYears: number,
): YearTable {
  if (emptyYears >= NO_OPEN_TIME_YEARS) throw new NoOpenTimeError(calendar.name, searchedFrom);
  if (table.year >= MAX_SUPPORTED_YEAR) {
    throw new UnsupportedInstantError(
      `the result is beyond the supported years (after ${MAX_SUPPORTED_YEAR})`,
    );
  }
  return calendar.yearTable(table.year + 1);
}

function toMilliseconds(seconds: number): number {
  if (!(seconds >= 0 && seconds <= 1e15)) {
    throw new UnsupportedInstantError(`business time must be a finite number of seconds ≥ 0, got ${seconds}`);
  }
  return Math.round(seconds * 1000);
}

// ---------------------------------------------------------------- without pauses

/** The first instant ≥ at when the calendar is open (at itself when open). */
export function nextOpening(calendar: BusinessCalendar, at: number): number {
  let table = calendar.yearTable(utcYearOf(at));
  const i = firstClosingAfter(table, at);
  if (i < table.opens.length) {
    const open = table.opens[i]!;
    return Math.max(open, at);
  }
  for (let emptyYears = 0; ; emptyYears++) {
    table = nextYear(calendar, table, at, emptyYears);
    if (table.opens.length > 0) return table.opens[0]!;
  }
}

/** Whether the calendar is open at an instant (intervals are [open, close): open at an opening, closed at a closing). */
export function isOpen(calendar: BusinessCalendar, at: number): boolean {
  const table = calendar.yearTable(utcYearOf(at));
  const i = firstClosingAfter(table, at);
  return i < table.opens.length && table.opens[i]! <= at;
}

function addMilliseconds(calendar: BusinessCalendar, start: number, ms: number): number {
  if (ms === 0) return nextOpening(calendar, start);
  let table = calendar.yearTable(utcYearOf(start));
  const i = firstClosingAfter(table, start);
  let target =
    (i === table.opens.length ? table.total : table.cumBefore[i]! + Math.max(start - table.opens[i]!, 0)) +
    ms;
  if (target <= table.total) return instantAtCumulative(table, target, i);
  let emptyYears = 0;
  while (target > table.total) {
    target -= table.total;
    table = nextYear(calendar, table, start, emptyYears);
    emptyYears = table.total === 0 ? emptyYears + 1 : 0;
  }
  return instantAtCumulative(table, target, 0);
}

function millisecondsBetween(calendar: BusinessCalendar, from: number, to: number): number {
  if (!(to > from)) {
    utcYearOf(from);
    utcYearOf(to);
    return 0;
  }
  const fromYear = utcYearOf(from);
  const toYear = utcYearOf(to);
  const fromTable = calendar.yearTable(fromYear);
  if (fromYear === toYear) return cumulativeAt(fromTable, to) - cumulativeAt(fromTable, from);
  let total = fromTable.total - cumulativeAt(fromTable, from);
  for (let year = fromYear + 1; year < toYear; year++) total += calendar.yearTable(year).total;
  return total + cumulativeAt(calendar.yearTable(toYear), to);
}

// ---------------------------------------------------------------- pauses

/**
 * Pauses as sorted, merged bounds [from0, to0, from1, to1, …] (a new array; inputs are not
 * mutated); empty pauses dropped. Insertion sort: callers pass a handful of pauses.
 */
function pauseBounds(pauses: readonly Pause[]): number[] {
  const bounds: number[] = [];
  for (let i = 0; i < pauses.length; i++) {
    const from = pauses[i]!.from;
    const to = pauses[i]!.to;
    if (!(Number.isFinite(from) && Number.isFinite(to))) {
      throw new UnsupportedInstantError(`pause ${from}–${to} is not a pair of finite instants`);
    }
    if (to < from) throw new UnsupportedInstantError(`pause ends (${to}) before it starts (${from})`);
    if (to === from) continue;
    let j = bounds.length;
    bounds.push(from, to);
    while (j >= 2 && bounds[j - 2]! > from) {
      bounds[j] = bounds[j - 2]!;
      bounds[j + 1] = bounds[j - 1]!;
      j -= 2;
    }
    bounds[j] = from;
    bounds[j + 1] = to;
  }
  let kept = 0;
  for (let i = 0; i < bounds.length; i += 2) {
    if (kept > 0 && bounds[i]! <= bounds[kept - 1]!) {
      if (bounds[i + 1]! > bounds[kept - 1]!) bounds[kept - 1] = bounds[i + 1]!;
    } else {
      bounds[kept] = bounds[i]!;
      bounds[kept + 1] = bounds[i + 1]!;
      kept += 2;
    }
  }
  bounds.length = kept;
  return bounds;
}

/** Pauses sorted and merged (inputs are not mutated); empty pauses dropped. */
export function normalizePauses(pauses: readonly Pause[]): Pause[] {
  const bounds = pauseBounds(pauses);
  const merged: Pause[] = [];
  for (let i = 0; i < bounds.length; i += 2) merged.push({ from: bounds[i]!, to: bounds[i + 1]! });
  return merged;
}

/** Business ms in [from, to) (from ≤ to), on the year table of `from` when both are in it. */
function millisecondsWithin(calendar: BusinessCalendar, table: YearTable, from: number, to: number): number {
  if (from >= table.from && to < table.to) return cumulativeAt(table, to) - cumulativeAt(table, from);
  return millisecondsBetween(calendar, from, to);
}

function addWithPauses(
  calendar: BusinessCalendar,
  start: number,
  ms: number,
  pauses: readonly Pause[],
): number {
  const bounds = pauseBounds(pauses);
  const table = calendar.yearTable(utcYearOf(start));
  let cursor = start;
  let remaining = ms;
  for (let i = 0; i < bounds.length; i += 2) {
    const pauseFrom = bounds[i]!;
    const pauseTo = bounds[i + 1]!;
    if (pauseTo <= cursor) continue;
    if (pauseFrom > cursor) {
      if (remaining === 0) {
        const opening = nextOpening(calendar, cursor);
        if (opening < pauseFrom) return opening;
      } else {
        const available = millisecondsWithin(calendar, table, cursor, pauseFrom);
        if (remaining <= available) return addMilliseconds(calendar, cursor, remaining);
        remaining -= available;
      }
    }
    cursor = pauseTo;
  }
  return addMilliseconds(calendar, cursor, remaining);
}

function betweenWithPauses(
  calendar: BusinessCalendar,
  from: number,
  to: number,
  pauses: readonly Pause[],
): number {
  if (!(to > from)) return millisecondsBetween(calendar, from, to);
  const table = calendar.yearTable(utcYearOf(from));
  let total = millisecondsWithin(calendar, table, from, to);
  if (total === 0) return 0;
  const bounds = pauseBounds(pauses);
  for (let i = 0; i < bounds.length; i += 2) {
    const pauseFrom = Math.max(bounds[i]!, from);
    const pauseTo = Math.min(bounds[i + 1]!, to);
    if (pauseTo > pauseFrom) total -= millisecondsWithin(calendar, table, pauseFrom, pauseTo);
  }
  return total;
}

// ---------------------------------------------------------------- public operations

/**
 * The due instant: start + `seconds` of business time (see the module comment for the rules).
 * @throws NoOpenTimeError when the calendar has no open time for over 10 years
 */
export function addBusinessTime(
  calendar: BusinessCalendar,
  start: number,
  seconds: number,
  options?: BusinessTimeOptions,
): number {
  const ms = toMilliseconds(seconds);
  const pauses = options?.pauses;
  if (pauses !== undefined && pauses.length > 0) return addWithPauses(calendar, start, ms, pauses);
  return addMilliseconds(calendar, start, ms);
}

/** Business time in seconds between two instants (0 when to ≤ from), pauses excluded. */
export function businessTimeBetween(
  calendar: BusinessCalendar,
  from: number,
  to: number,
  options?: BusinessTimeOptions,
): number {
  const pauses = options?.pauses;
  const ms =
    pauses !== undefined && pauses.length > 0
      ? betweenWithPauses(calendar, from, to, pauses)
      : millisecondsBetween(calendar, from, to);
  return ms / 1000;
}

/** The open intervals of the calendar within [from, to), merged where they touch. */
export function openIntervalsBetween(
  calendar: BusinessCalendar,
  from: number,
  to: number,
): CountedInterval[] {
  const result: CountedInterval[] = [];
  if (!(to > from)) return result;
  const lastYear = utcYearOf(to);
  let open = Number.NaN;
  let close = Number.NaN;
  for (let year = utcYearOf(from); year <= lastYear; year++) {
    const table = calendar.yearTable(year);
    for (
      let i = firstClosingAfter(table, Math.max(from, table.from));
      i < table.opens.length && table.opens[i]! < to;
      i++
    ) {
      const a = Math.max(table.opens[i]!, from);
      const b = Math.min(table.closes[i]!, to);
      if (a === close) {
        close = b;
      } else {
        if (close > open) result.push({ from: open, to: close, seconds: (close - open) / 1000 });
        open = a;
        close = b;
      }
    }
  }
  if (close > open) result.push({ from: open, to: close, seconds: (close - open) / 1000 });
  return result;
}

function subtractPauses(intervals: readonly CountedInterval[], pauses: readonly Pause[]): CountedInterval[] {
  if (pauses.length === 0) return [...intervals];
  const merged = normalizePauses(pauses);
  const result: CountedInterval[] = [];
  for (const interval of intervals) {
    let cursor = interval.from;
    for (const pause of merged) {
      if (pause.to <= cursor || pause.from >= interval.to) continue;
      if (pause.from > cursor)
        result.push({ from: cursor, to: pause.from, seconds: (pause.from - cursor) / 1000 });
      cursor = Math.max(cursor, pause.to);
    }
    if (cursor < interval.to)
      result.push({ from: cursor, to: interval.to, seconds: (interval.to - cursor) / 1000 });
  }
  return result;
}

/** addBusinessTime, with the intervals that were counted (what the portal shows a customer). */
export function explainAddBusinessTime(
  calendar: BusinessCalendar,
  start: number,
  seconds: number,
  options?: BusinessTimeOptions,
): DueExplanation {
  const due = addBusinessTime(calendar, start, seconds, options);
  const counted = subtractPauses(openIntervalsBetween(calendar, start, due), options?.pauses ?? []);
  return { start, seconds: toMilliseconds(seconds) / 1000, due, counted };
}

/** businessTimeBetween, with the intervals that were counted. */
export function explainBusinessTimeBetween(
  calendar: BusinessCalendar,
  from: number,
  to: number,
  options?: BusinessTimeOptions,
): ElapsedExplanation {
  const seconds = businessTimeBetween(calendar, from, to, options);
  const counted = subtractPauses(openIntervalsBetween(calendar, from, to), options?.pauses ?? []);
  return { from, to, seconds, counted };
}
