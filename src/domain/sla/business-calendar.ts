/**
 * The business calendar model and its file format (SPEC §5):
 *
 * ```json
 * { "name": "CDMX hábil", "timeZone": "America/Mexico_City",
 *   "week": { "mon": [["09:00","18:00"]], … },
 *   "holidays": ["2026-01-01"], "holidayRules": ["mx-lft", "mx-cdmx-customary"] }
 * ```
 * - `week`: open intervals per weekday as local wall-clock times `HH:MM`; several a day; `24:00`
 *   only as an end; a day absent or `[]` is closed. Intervals that touch (also across midnight:
 *   Monday `["22:00","24:00"]` and Tuesday `["00:00","06:00"]`) form one continuous open span.
 * - `holidays`: explicit local dates `YYYY-MM-DD` (optional here, default `[]`).
 * - `holidayRules` (optional): preset names (`mx-lft`, `mx-cdmx-customary`) and rule objects
 *   (see holiday-rules.ts).
 * - `removedHolidays` (optional, an extension of the SPEC format): local dates that are not
 *   holidays even if a rule generates them — how an admin removes a single generated date.
 *
 * Parsing never throws: it returns a result with every problem as `path: message`, e.g.
 * `week.mon[0]: "25:00" is not a time HH:MM`.
 */
import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import { parseCivilDate } from "./civil-date";
import {
  HOLIDAY_PRESET_NAMES,
  type HolidayRuleSpec,
  type HolidaySources,
  holidayRuleSchema,
  isHolidayPresetName,
} from "./holiday-rules";
import { WEEKDAYS, type Weekday } from "./weekdays";

/** An open interval of a day: local wall-clock `[start, end)` as `HH:MM`; `end` may be `24:00`. */
export type OpenInterval = readonly [start: string, end: string];

export type WeeklyHours = Readonly<Partial<Record<Weekday, readonly OpenInterval[]>>>;

/** A validated calendar: the file format with optional fields filled in and intervals sorted. */
export interface CalendarDefinition extends HolidaySources {
  readonly name: string;
  /** IANA time zone id (or a fixed offset such as `-06:00`). */
  readonly timeZone: string;
  readonly week: WeeklyHours;
}

export type CalendarParseResult =
  | { readonly ok: true; readonly calendar: CalendarDefinition }
  | { readonly ok: false; readonly errors: readonly string[] };

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** Minutes since local midnight of `HH:MM` (`24:00` → 1440), or null if it is not a time. */
export function minutesOfTime(text: string): number | null {
  if (text === "24:00") return 1440;
  if (!TIME.test(text)) return null;
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

const daySchema = z.array(z.unknown()).superRefine((intervals, ctx) => {
  const parsed: { index: number; start: number; end: number; text: string }[] = [];
  intervals.forEach((interval, index) => {
    if (!Array.isArray(interval) || interval.length !== 2) {
      ctx.addIssue({
        code: "custom",
        path: [index],
        message: `${show(interval)} is not an interval ["HH:MM","HH:MM"]`,
      });
      return;
    }
    const [startText, endText] = interval as unknown[];
    let valid = true;
    for (const text of [startText, endText]) {
      if (typeof text !== "string" || minutesOfTime(text) === null) {
        ctx.addIssue({ code: "custom", path: [index], message: `${show(text)} is not a time HH:MM` });
        valid = false;
      }
    }
    if (!valid) return;
    const start = minutesOfTime(startText as string)!;
    const end = minutesOfTime(endText as string)!;
    if (start === 1440) {
      ctx.addIssue({ code: "custom", path: [index], message: `"24:00" can only end an interval` });
    } else if (start >= end) {
      ctx.addIssue({
        code: "custom",
        path: [index],
        message: `start ${show(startText)} is not before end ${show(endText)} (use "24:00" for midnight at the end of the day)`,
      });
    } else {
      parsed.push({ index, start, end, text: show(interval) });
    }
  });
  parsed.sort((a, b) => a.start - b.start);
  for (let i = 1; i < parsed.length; i++) {
    const previous = parsed[i - 1]!;
    const current = parsed[i]!;
    if (current.start < previous.end) {
      ctx.addIssue({
        code: "custom",
        path: [Math.max(previous.index, current.index)],
        message: `${current.text} overlaps ${previous.text}`,
      });
    }
  }
});

const weekSchema = z.record(z.string(), z.unknown()).superRefine((week, ctx) => {
  for (const [key, value] of Object.entries(week)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      ctx.addIssue({ code: "custom", path: [key], message: `unknown weekday (use ${WEEKDAYS.join(", ")})` });
      continue;
    }
    const result = daySchema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({
          code: "custom",
          path: [key, ...issue.path] as PropertyKey[],
          message: describeIssue(issue),
        });
      }
    }
  }
});

const localDatesSchema = z.array(z.unknown()).superRefine((dates, ctx) => {
  dates.forEach((date, index) => {
    if (typeof date !== "string" || parseCivilDate(date) === null) {
      ctx.addIssue({ code: "custom", path: [index], message: `${show(date)} is not a date YYYY-MM-DD` });
    }
  });
});

const holidayRulesSchema = z.array(z.unknown()).superRefine((rules, ctx) => {
  rules.forEach((rule, index) => {
    if (typeof rule === "string") {
      if (!isHolidayPresetName(rule)) {
        ctx.addIssue({
          code: "custom",
          path: [index],
          message: `unknown preset ${show(rule)} (known presets: ${HOLIDAY_PRESET_NAMES.join(", ")})`,
        });
      }
      return;
    }
    const result = holidayRuleSchema.safeParse(rule);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({
          code: "custom",
          path: [index, ...issue.path] as PropertyKey[],
          message: describeIssue(issue),
        });
      }
    }
  });
});

/** The canonical id of a time zone Temporal knows, or null. */
export function canonicalTimeZone(timeZone: string): string | null {
  try {
    return Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(timeZone).timeZoneId;
  } catch {
    return null;
  }
}

const calendarFileSchema = z.strictObject({
  name: z.string().trim().min(1, "must be a non-empty string"),
  timeZone: z.string().refine((zone) => canonicalTimeZone(zone) !== null, {
    error: (issue) => `${show(issue.input)} is not a known IANA time zone`,
  }),
  week: weekSchema,
  holidays: localDatesSchema.optional(),
  holidayRules: holidayRulesSchema.optional(),
  removedHolidays: localDatesSchema.optional(),
});

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map(show).join(", ")}`;
    case "invalid_type": {
      const expected = issue.expected === "record" ? "object" : issue.expected;
      const received = /received (\w+)/.exec(issue.message)?.[1];
      if (received === "undefined") return `is required (${expected})`;
      return received ? `expected ${expected}, received ${received}` : `expected ${expected}`;
    }
    default:
      return issue.message;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    text +=
      typeof segment === "number" ? `[${segment}]` : text === "" ? String(segment) : `.${String(segment)}`;
  }
  return text === "" ? "calendar" : text;
}

/** Validates a calendar in the SPEC §5 file format (already JSON-parsed). */
export function parseCalendarDefinition(input: unknown): CalendarParseResult {
  const result = calendarFileSchema.safeParse(input);
  if (!result.success) {
    return {
      ok: false,
      errors: result.error.issues.map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue)}`),
    };
  }
  const file = result.data;
  const week: Partial<Record<Weekday, OpenInterval[]>> = {};
  for (const day of WEEKDAYS) {
    const intervals = file.week[day] as [string, string][] | undefined;
    if (intervals && intervals.length > 0) {
      week[day] = [...intervals]
        .sort((a, b) => minutesOfTime(a[0])! - minutesOfTime(b[0])!)
        .map(([start, end]) => [start, end] as const);
    }
  }
  return {
    ok: true,
    calendar: {
      name: file.name,
      timeZone: canonicalTimeZone(file.timeZone)!,
      week,
      holidays: (file.holidays ?? []) as string[],
      holidayRules: (file.holidayRules ?? []) as HolidayRuleSpec[],
      removedHolidays: (file.removedHolidays ?? []) as string[],
    },
  };
}

/** Parses the text of a calendar file (JSON) and validates it. */
export function parseCalendarText(text: string): CalendarParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      errors: [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
  return parseCalendarDefinition(json);
}

/** The file form of a calendar (for export): optional fields only when they say something. */
export function toCalendarFile(calendar: CalendarDefinition): Record<string, unknown> {
  return {
    name: calendar.name,
    timeZone: calendar.timeZone,
    week: calendar.week,
    holidays: calendar.holidays,
    ...(calendar.holidayRules.length > 0 ? { holidayRules: calendar.holidayRules } : {}),
    ...(calendar.removedHolidays.length > 0 ? { removedHolidays: calendar.removedHolidays } : {}),
  };
}
