import type { TFunction } from "i18next";
import { HOLIDAY_PRESET_NAMES, WEEKDAYS } from "../../../api/calendars";
import { placeFieldErrors } from "../../components/server-errors";
import type { Calendar, CalendarCreateBody, CalendarUpdateBody } from "./calendars-api";

export type Weekday = (typeof WEEKDAYS)[number];
export type HolidayPreset = (typeof HOLIDAY_PRESET_NAMES)[number];
export { HOLIDAY_PRESET_NAMES, WEEKDAYS };

/**
 * The calendar the server counts every instant on (SPEC §5 "24×7"): built in, it can be read and exported
 * but not edited or deleted (the server answers `calendar_builtin`).
 */
export const BUILTIN_CALENDAR_IDS: readonly string[] = ["24x7"];
export const isBuiltinCalendar = (id: string) => BUILTIN_CALENDAR_IDS.includes(id);

/** Calendar ids as the API takes them: lowercase letters, digits and hyphens, up to 63. */
export const CALENDAR_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A proposed id from a name or a file name: "CDMX hábil.json" → "cdmx-habil". */
export const slugOf = (text: string) =>
  text
    .replace(/\.json$/i, "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");

export interface IntervalDraft {
  key: string;
  start: string;
  end: string;
}

/**
 * What the editor holds of a calendar: name, zone, the weekly hours (inputs may be half-typed, rows have
 * stable keys) and which rule sets are on. Holidays and removed dates are changed one at a time in the
 * year view, so they are taken from the calendar as saved when the draft is saved.
 */
export interface CalendarDraft {
  name: string;
  timeZone: string;
  week: Record<Weekday, IntervalDraft[]>;
  presets: Record<HolidayPreset, boolean>;
}

/** Errors by path: `name`, `timeZone`, `holidayRules`, `week.mon`, `week.mon.0`, `week.mon.0.start`. */
export type DraftErrors = Record<string, string>;

let lastKey = 0;
const newKey = () => {
  lastKey += 1;
  return `interval-${lastKey}`;
};

export const dayPath = (day: Weekday) => `week.${day}`;
export const intervalPath = (day: Weekday, index: number) => `week.${day}.${index}`;
export const timePath = (day: Weekday, index: number, edge: "start" | "end") =>
  `week.${day}.${index}.${edge}`;

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** Minutes since midnight of `HH:MM` (`24:00` → 1440), or null. */
export const minutesOf = (text: string): number | null => {
  if (text === "24:00") return 1440;
  if (!TIME.test(text)) return null;
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
};

const timeOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** What a person typed, as `HH:MM` when it reads as a time: "9" → "09:00", "930" → "09:30", "9.30" → "09:30". */
export const normalizeTime = (text: string): string => {
  const match = /^\s*(\d{1,2})(?:[:.h]?(\d{2}))?\s*$/.exec(text);
  if (!match) return text.trim();
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? "0");
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return text.trim();
  return timeOf(hours * 60 + minutes);
};

export const presetsOf = (rules: Calendar["holidayRules"]): Record<HolidayPreset, boolean> =>
  Object.fromEntries(HOLIDAY_PRESET_NAMES.map((preset) => [preset, rules.includes(preset)])) as Record<
    HolidayPreset,
    boolean
  >;

/** The rule objects of a calendar file (custom rules): the editor keeps them as they are. */
export const customRulesOf = (rules: Calendar["holidayRules"]) =>
  rules.filter((rule): rule is Record<string, unknown> => typeof rule !== "string");

export const draftOf = (calendar: Calendar): CalendarDraft => ({
  name: calendar.name,
  timeZone: calendar.timeZone,
  week: Object.fromEntries(
    WEEKDAYS.map((day) => [
      day,
      (calendar.week[day] ?? []).map(([start, end]) => ({ key: newKey(), start, end })),
    ]),
  ) as Record<Weekday, IntervalDraft[]>,
  presets: presetsOf(calendar.holidayRules),
});

/** A new interval after the day's last one: 09:00–18:00 on an empty day, else one hour after the last end. */
export const nextInterval = (intervals: readonly IntervalDraft[]): IntervalDraft => {
  const ends = intervals.map((i) => minutesOf(i.end)).filter((m): m is number => m !== null);
  if (ends.length === 0) return { key: newKey(), start: "09:00", end: "18:00" };
  const last = Math.max(...ends);
  if (last >= 1440) return { key: newKey(), start: "", end: "" };
  return { key: newKey(), start: timeOf(last), end: timeOf(Math.min(last + 60, 1440)) };
};

/** The same hours on other days (fresh row keys). */
export const copyIntervals = (intervals: readonly IntervalDraft[]): IntervalDraft[] =>
  intervals.map((interval) => ({ ...interval, key: newKey() }));

/** Each day's intervals by start (as the server keeps them), so error paths point at the same rows. */
export const sortDraft = (draft: CalendarDraft): CalendarDraft => ({
  ...draft,
  week: Object.fromEntries(
    WEEKDAYS.map((day) => [
      day,
      [...draft.week[day]].sort(
        (a, b) =>
          (minutesOf(a.start) ?? Number.MAX_SAFE_INTEGER) - (minutesOf(b.start) ?? Number.MAX_SAFE_INTEGER),
      ),
    ]),
  ) as Record<Weekday, IntervalDraft[]>,
});

/** The holiday rules of the draft: the rule sets switched on (in their usual order), then the custom rules. */
export const holidayRulesOf = (draft: CalendarDraft, saved: Calendar["holidayRules"]) => [
  ...HOLIDAY_PRESET_NAMES.filter((preset) => draft.presets[preset]),
  ...customRulesOf(saved),
];

const weekOf = (draft: CalendarDraft) =>
  Object.fromEntries(
    WEEKDAYS.map((day) => [
      day,
      draft.week[day].map((i) => [i.start.trim(), i.end.trim()] as [string, string]),
    ]),
  );

/**
 * The body of a save: the draft over the calendar as last read (its added and removed dates and custom
 * rules, which the year view changes on its own), with the version the draft was based on.
 */
export const updateBodyOf = (draft: CalendarDraft, base: Calendar): CalendarUpdateBody => ({
  name: draft.name.trim(),
  timeZone: draft.timeZone,
  week: weekOf(draft),
  holidays: [...base.holidays],
  holidayRules: holidayRulesOf(draft, base.holidayRules),
  removedHolidays: [...base.removedHolidays],
  version: base.version,
});

/** A new calendar from a draft: no single dates yet. */
export const createBodyOf = (id: string, draft: CalendarDraft): CalendarCreateBody => ({
  id,
  name: draft.name.trim(),
  timeZone: draft.timeZone,
  week: weekOf(draft),
  holidays: [],
  holidayRules: holidayRulesOf(draft, []),
  removedHolidays: [],
});

/** Two drafts that would save the same calendar (row keys aside). */
export const sameDraft = (a: CalendarDraft, b: CalendarDraft) =>
  JSON.stringify([a.name.trim(), a.timeZone, weekOf(a), a.presets]) ===
  JSON.stringify([b.name.trim(), b.timeZone, weekOf(b), b.presets]);

/** The browser's own check, with the server's rules (SPEC §5) and translated messages. */
export const validateDraft = (
  draft: CalendarDraft,
  t: TFunction,
  zones: ReadonlySet<string>,
): DraftErrors => {
  const errors: DraftErrors = {};
  if (!draft.name.trim()) errors.name = t("validation.required");
  else if (draft.name.trim().length > 200) errors.name = t("validation.tooLong", { max: 200 });
  if (!draft.timeZone) errors.timeZone = t("validation.required");
  else if (zones.size > 0 && !zones.has(draft.timeZone)) errors.timeZone = t("fieldErrors.time_zone");
  for (const day of WEEKDAYS) {
    const valid: { index: number; start: number; end: number }[] = [];
    draft.week[day].forEach((interval, index) => {
      const start = minutesOf(interval.start.trim());
      const end = minutesOf(interval.end.trim());
      if (start === null) errors[timePath(day, index, "start")] = t("fieldErrors.time_format");
      if (end === null) errors[timePath(day, index, "end")] = t("fieldErrors.time_format");
      if (start === null || end === null) return;
      if (start >= end) errors[intervalPath(day, index)] = t("fieldErrors.interval_order");
      else valid.push({ index, start, end });
    });
    valid.sort((a, b) => a.start - b.start);
    for (let i = 1; i < valid.length; i++) {
      const previous = valid[i - 1]!;
      const current = valid[i]!;
      if (current.start < previous.end) {
        errors[intervalPath(day, Math.max(previous.index, current.index))] = t(
          "fieldErrors.interval_overlap",
        );
      }
    }
  }
  return errors;
};

/** `week.mon[0]`, `week.mon.0.1` → the editor's path of that day, interval or time; else null. */
export const draftPathOf = (field: string): string | null => {
  const normalized = field.replace(/\[(\d+)\]/g, ".$1");
  if (normalized === "name" || normalized === "timeZone") return normalized;
  if (normalized.startsWith("holidayRules")) return "holidayRules";
  const match = /^week\.(mon|tue|wed|thu|fri|sat|sun)(?:\.(\d+)(?:\.([01]))?)?/.exec(normalized);
  if (!match) return null;
  const day = match[1] as Weekday;
  if (match[2] === undefined) return dayPath(day);
  const index = Number(match[2]);
  if (match[3] === undefined) return intervalPath(day, index);
  return timePath(day, index, match[3] === "0" ? "start" : "end");
};

/** The server's field errors on the editor's paths; the others (holidays, unknown keys) as lines. */
export const placeServerErrors = (error: unknown, t: TFunction, days: Record<Weekday, string>) => {
  const placed = placeFieldErrors(error, draftPathOf);
  // placeFieldErrors words the lines "field: message"; say the field in words
  const unplaced = placed.unplaced.map((line) => {
    const at = line.indexOf(": ");
    return at > 0 ? `${fieldLabel(line.slice(0, at), t, days)}: ${line.slice(at + 2)}` : line;
  });
  return { errors: placed.errors, unplaced };
};

/** Weekday names in the viewer's language, Monday first (2024-01-01 was a Monday). */
export const weekdayNames = (language: string, width: "short" | "long") => {
  const format = new Intl.DateTimeFormat(language, { weekday: width, timeZone: "UTC" });
  return Object.fromEntries(
    WEEKDAYS.map((day, index) => [day, format.format(new Date(Date.UTC(2024, 0, 1 + index)))]),
  ) as Record<Weekday, string>;
};

/** The weekday key of a local date `YYYY-MM-DD`. */
export const weekdayOf = (date: string): Weekday => {
  const sundayFirst = new Date(`${date}T00:00:00Z`).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7]!;
};

/**
 * The weekly hours in a line: consecutive days with the same hours together ("lun–vie 09:00–18:00 ·
 * sáb 09:00–14:00"); closed days are left out. Null when the calendar has no hours at all.
 */
export const weekSummary = (week: Calendar["week"], names: Record<Weekday, string>): string | null => {
  const hoursOf = (day: Weekday) => (week[day] ?? []).map(([start, end]) => `${start}–${end}`).join(", ");
  const groups: { from: Weekday; to: Weekday; hours: string }[] = [];
  for (const day of WEEKDAYS) {
    const hours = hoursOf(day);
    const last = groups.at(-1);
    if (last && last.hours === hours && WEEKDAYS.indexOf(last.to) === WEEKDAYS.indexOf(day) - 1)
      last.to = day;
    else groups.push({ from: day, to: day, hours });
  }
  const open = groups.filter((group) => group.hours);
  if (open.length === 0) return null;
  return open
    .map((group) => {
      const days = group.from === group.to ? names[group.from] : `${names[group.from]}–${names[group.to]}`;
      return `${days} ${group.hours}`;
    })
    .join(" · ");
};

/** Open hours a week, for the summary ("45 h a la semana"). */
export const weeklyMinutes = (week: Calendar["week"]) =>
  WEEKDAYS.reduce(
    (total, day) =>
      total +
      (week[day] ?? []).reduce(
        (sum, [start, end]) => sum + ((minutesOf(end) ?? 0) - (minutesOf(start) ?? 0)),
        0,
      ),
    0,
  );

/** The IANA zones this browser knows (the server checks with its own list). */
export const timeZones = (): string[] => {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
};

/**
 * A server field path in words, for errors no input takes: "week.mon[0]" → "lunes, horario 1",
 * "holidays[2]" → "fecha agregada 3". Unknown paths are shown as they are.
 */
export const fieldLabel = (field: string, t: TFunction, days: Record<Weekday, string>): string => {
  const normalized = field.replace(/\[(\d+)\]/g, ".$1");
  const [head = "", second, third] = normalized.split(".");
  const nth = (text: string | undefined) => Number(text) + 1;
  switch (head) {
    case "id":
    case "name":
    case "timeZone":
      return t(`calendars.fields.${head}`);
    case "week": {
      if (!second || !(WEEKDAYS as readonly string[]).includes(second)) return t("calendars.week.title");
      const day = days[second as Weekday];
      return third === undefined ? day : t("calendars.errorAt.interval", { day, n: nth(third) });
    }
    case "holidays":
      return second === undefined
        ? t("calendars.errorAt.holidays")
        : t("calendars.errorAt.holiday", { n: nth(second) });
    case "removedHolidays":
      return second === undefined
        ? t("calendars.errorAt.removedHolidays")
        : t("calendars.errorAt.removedHoliday", { n: nth(second) });
    case "holidayRules":
      return second === undefined
        ? t("calendars.rules.title")
        : t("calendars.errorAt.rule", { n: nth(second) });
    default:
      return field;
  }
};
