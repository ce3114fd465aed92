/**
 * A brute-force model of business time: slow and obviously right, for property tests.
 *
 * It shares no code with the engine. It walks real instants minute by minute over a window and
 * asks Temporal for the wall clock in the calendar's zone: a minute is open when its local date
 * is not a holiday and its local time of day lies in one of that weekday's intervals. Everything
 * else is counting those minutes. (Transitions of the zones used fall on whole minutes, so a
 * minute's state is the state of its first instant.) Holidays come from holidaysOfYear, which is
 * checked separately against a hand-made table.
 */
import { Temporal } from "temporal-polyfill";
import { type CalendarDefinition, holidaysOfYear, type Pause, WEEKDAYS } from "../../../src/domain/sla/index";

const MINUTE = 60_000;

function minutesSinceMidnight(text: string): number {
  const [hours, minutes] = text.split(":").map(Number);
  return hours! * 60 + minutes!;
}

export class BruteForceModel {
  readonly from: number;
  readonly to: number;
  readonly #open: Uint8Array;

  /** Models the whole minutes of [from, to) (ISO instants with offsets). */
  constructor(calendar: CalendarDefinition, window: { readonly from: string; readonly to: string }) {
    this.from = Temporal.Instant.from(window.from).epochMilliseconds;
    this.to = Temporal.Instant.from(window.to).epochMilliseconds;
    const holidays = new Set<string>();
    const firstYear = Temporal.Instant.from(window.from).toZonedDateTimeISO(calendar.timeZone).year;
    const lastYear = Temporal.Instant.from(window.to).toZonedDateTimeISO(calendar.timeZone).year;
    for (let year = firstYear; year <= lastYear; year++) {
      for (const holiday of holidaysOfYear(calendar, year)) holidays.add(holiday.date);
    }
    this.#open = new Uint8Array((this.to - this.from) / MINUTE);
    for (let i = 0; i < this.#open.length; i++) {
      const wallClock = Temporal.Instant.fromEpochMilliseconds(this.from + i * MINUTE).toZonedDateTimeISO(
        calendar.timeZone,
      );
      if (holidays.has(wallClock.toPlainDate().toString())) continue;
      const weekday = WEEKDAYS[wallClock.dayOfWeek - 1]!;
      const timeOfDay = wallClock.hour * 60 + wallClock.minute;
      const intervals = calendar.week[weekday] ?? [];
      if (
        intervals.some(
          ([start, end]) => minutesSinceMidnight(start) <= timeOfDay && timeOfDay < minutesSinceMidnight(end),
        )
      ) {
        this.#open[i] = 1;
      }
    }
  }

  /** Number of modelled minutes. */
  get minutes(): number {
    return this.#open.length;
  }

  /** The instant of the i-th modelled minute. */
  minuteAt(index: number): number {
    return this.from + index * MINUTE;
  }

  isOpen(instant: number): boolean {
    return this.#open[(instant - this.from) / MINUTE] === 1;
  }

  #counts(instant: number, pauses: readonly Pause[]): boolean {
    return this.isOpen(instant) && !pauses.some((pause) => pause.from <= instant && instant < pause.to);
  }

  /** The due instant for `minutes` of business time from start, or null if it is past the window. */
  add(start: number, minutes: number, pauses: readonly Pause[] = []): number | null {
    let counted = 0;
    for (let t = start; t < this.to; t += MINUTE) {
      if (!this.#counts(t, pauses)) continue;
      if (minutes === 0) return t;
      counted++;
      if (counted === minutes) return t + MINUTE;
    }
    return null;
  }

  /** Business minutes in [from, to). */
  between(from: number, to: number, pauses: readonly Pause[] = []): number {
    let counted = 0;
    for (let t = from; t < to; t += MINUTE) if (this.#counts(t, pauses)) counted++;
    return counted;
  }

  /** The first open instant ≥ at, or null if none in the window. */
  nextOpening(at: number): number | null {
    for (let t = at; t < this.to; t += MINUTE) if (this.isOpen(t)) return t;
    return null;
  }

  /** Minutes where the open state changes: where boundary bugs live. */
  boundaries(): number[] {
    const result: number[] = [];
    for (let i = 1; i < this.#open.length; i++)
      if (this.#open[i] !== this.#open[i - 1]) result.push(this.minuteAt(i));
    return result;
  }
}
