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
