/**
 * Instants as text, relative to a calendar's time zone (the CLI's and the API's conventions):
 * - input: ISO 8601 date and time; with an offset (`Z`, `-06:00`) it is that instant; without one
 *   it is the wall-clock time in the zone. A wall-clock time skipped by a daylight-saving change
 *   does not exist and is an error; one repeated by a fall-back is ambiguous and means the
 *   earlier of the two (Temporal's 'compatible'). A bracketed zone annotation is accepted only
 *   after an offset (the offset decides).
 * - output: ISO 8601 with the zone's offset at that instant, e.g. `2026-03-09T12:00:00-06:00`
 *   (milliseconds only when not zero).
 */
import { Temporal } from "temporal-polyfill";
import {
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  formatCivilDate,
  MS_PER_DAY,
  MS_PER_MINUTE,
} from "./civil-date";
import {
  type BusinessCalendar,
  isSupportedInstant,
  MAX_SUPPORTED_YEAR,
  MIN_SUPPORTED_YEAR,
  utcYearOf,
} from "./compiled-calendar";

export type InstantParseResult =
  | { readonly ok: true; readonly instant: number }
  | { readonly ok: false; readonly error: string };

const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?<offset>[Zz]|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?(?<annotations>(?:\[[^\]]*\])*)$/;

/** Parses an ISO 8601 date-time as an instant (epoch milliseconds) in a time zone. */
export function parseInstant(text: string, timeZone: string): InstantParseResult {
  const match = DATE_TIME.exec(text);
  if (!match)
    return { ok: false, error: `"${text}" is not an ISO 8601 date and time (e.g. 2026-03-06T17:00)` };
  const hasOffset = match.groups?.offset !== undefined;
  if (!hasOffset && match.groups?.annotations) {
    return {
      ok: false,
      error: `"${text}": a bracketed time zone needs an offset before it; give an offset or neither`,
    };
  }
  try {
    if (hasOffset) return { ok: true, instant: Temporal.Instant.from(text).epochMilliseconds };
    const local = Temporal.PlainDateTime.from(text);
    const earlier = local.toZonedDateTime(timeZone, { disambiguation: "earlier" });
    if (!earlier.toPlainDateTime().equals(local)) {
      return {
        ok: false,
        error: `${local.toString()} does not exist in ${timeZone} (skipped by a daylight-saving change)`,
      };
    }
    return { ok: true, instant: earlier.epochMilliseconds };
  } catch {
    return { ok: false, error: `"${text}" is not a valid date and time` };
  }
}

/** ISO 8601 text of an instant with the zone's offset, e.g. `2026-03-09T12:00:00-06:00`. */
export function formatInstant(instant: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant)
    .toZonedDateTimeISO(timeZone)
    .toString({ timeZoneName: "never" });
}

// ---------------------------------------------------------------- fast paths for a compiled calendar
// The same conventions without allocating Temporal objects, using the calendar's cached offset
// periods (for `soporte sla batch`, a million lines). Anything unusual (leap second, offsets with
// seconds, annotations) falls back to the Temporal implementation above; the tests compare the two.

const FAST_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** parseInstant for a compiled calendar's zone, faster. */
export function parseInstantInCalendar(calendar: BusinessCalendar, text: string): InstantParseResult {
  const match = FAST_DATE_TIME.exec(text);
  if (match === null) return parseInstant(text, calendar.timeZone);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const offsetHours = match[10] === undefined ? 0 : Number(match[10]);
  const offsetMinutes = match[11] === undefined ? 0 : Number(match[11]);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59 ||
    year < MIN_SUPPORTED_YEAR ||
    year > MAX_SUPPORTED_YEAR
  ) {
    return parseInstant(text, calendar.timeZone);
  }
  const fraction = match[7] === undefined ? 0 : Number(match[7].slice(0, 3).padEnd(3, "0"));
  const local =
    daysFromCivil(year, month, day) * MS_PER_DAY +
    hour * 3_600_000 +
    minute * MS_PER_MINUTE +
    second * 1000 +
    fraction;
  if (match[8] !== undefined) return { ok: true, instant: local };
  if (match[9] !== undefined) {
    const sign = match[9] === "-" ? -1 : 1;
    return { ok: true, instant: local - sign * (offsetHours * 3_600_000 + offsetMinutes * MS_PER_MINUTE) };
  }
  // wall-clock time: the instants t with t + offset(t) = local; none in a gap, two in a fold.
  // Offsets in use within two days of it are the candidates (a UTC offset is under 26 hours).
  let earliest = Number.POSITIVE_INFINITY;
  const years = new Set(
    [local - 2 * MS_PER_DAY, local + 2 * MS_PER_DAY].filter(isSupportedInstant).map(utcYearOf),
  );
  for (const utcYear of years) {
    for (const period of calendar.yearTable(utcYear).offsets) {
      const candidate = local - period.offsetMs;
      if (
        candidate < earliest &&
        isSupportedInstant(candidate) &&
        calendar.offsetAt(candidate) === period.offsetMs
      ) {
        earliest = candidate;
      }
    }
  }
  if (earliest === Number.POSITIVE_INFINITY) return parseInstant(text, calendar.timeZone);
  return { ok: true, instant: earliest };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** formatInstant for a compiled calendar's zone, faster. */
export function formatInstantInCalendar(calendar: BusinessCalendar, instant: number): string {
  const offset = calendar.offsetAt(instant);
  if (offset % MS_PER_MINUTE !== 0) return formatInstant(instant, calendar.timeZone);
  const local = instant + offset;
  const epochDay = Math.floor(local / MS_PER_DAY);
  const date = civilFromDays(epochDay);
  let rest = local - epochDay * MS_PER_DAY;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / MS_PER_MINUTE);
  rest -= minute * MS_PER_MINUTE;
  const second = Math.floor(rest / 1000);
  const millis = rest - second * 1000;
  const fraction = millis === 0 ? "" : `.${String(millis).padStart(3, "0").replace(/0+$/, "")}`;
  const offsetMinutesTotal = Math.abs(offset) / MS_PER_MINUTE;
  const sign = offset < 0 ? "-" : "+";
  return `${formatCivilDate(date)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}${fraction}${sign}${pad2(Math.floor(offsetMinutesTotal / 60))}:${pad2(offsetMinutesTotal % 60)}`;
}
