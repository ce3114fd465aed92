/**
 * Holiday rules: holidays generated for every year, so nobody re-enters them yearly (SPEC §5).
 *
 * Rule kinds (as they appear in a calendar file's `holidayRules`, next to preset names):
 * - `{"kind":"fixed","month":12,"day":12}` — the same month/day every year (a 29 February rule
 *   yields nothing in common years);
 * - `{"kind":"nth-weekday","month":2,"weekday":"mon","nth":1}` — the nth (1–5) or `"last"` weekday
 *   of a month (a 5th weekday that does not exist that month yields nothing);
 * - `{"kind":"easter-offset","days":-2}` — days from Western (Gregorian) Easter Sunday;
 * - `{"kind":"every-n-years","month":10,"day":1,"everyYears":6,"baseYear":2024}` — a fixed date in
 *   the base year and every N years after it (never before the base year).
 * Every rule may carry a `name` and a `fromYear` / `untilYear` window (inclusive).
 */
import { z } from "zod";
import {
  type CivilDate,
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  formatCivilDate,
  isoWeekdayOfEpochDay,
  parseCivilDate,
} from "./civil-date";
import { isoWeekdayOf, WEEKDAYS } from "./weekdays";

export const HOLIDAY_RULE_KINDS = ["fixed", "nth-weekday", "easter-offset", "every-n-years"] as const;
export type HolidayRuleKind = (typeof HOLIDAY_RULE_KINDS)[number];

export const HOLIDAY_PRESET_NAMES = ["mx-lft", "mx-cdmx-customary"] as const;
export type HolidayPresetName = (typeof HOLIDAY_PRESET_NAMES)[number];

const month = z.number().int().min(1).max(12);
const dayOfMonth = z.number().int().min(1).max(31);
const year = z.number().int().min(1).max(9999);
const ruleWindow = {
  name: z.string().min(1).max(200).optional(),
  fromYear: year.optional(),
  untilYear: year.optional(),
};

const fixedRuleSchema = z.strictObject({ kind: z.literal("fixed"), month, day: dayOfMonth, ...ruleWindow });
const nthWeekdayRuleSchema = z.strictObject({
  kind: z.literal("nth-weekday"),
  month,
  weekday: z.enum(WEEKDAYS),
  nth: z.union([z.number().int().min(1).max(5), z.literal("last")]),
  ...ruleWindow,
});
const easterOffsetRuleSchema = z.strictObject({
  kind: z.literal("easter-offset"),
  days: z.number().int().min(-366).max(366),
  ...ruleWindow,
});
const everyNYearsRuleSchema = z.strictObject({
  kind: z.literal("every-n-years"),
  month,
  day: dayOfMonth,
  everyYears: z.number().int().min(1).max(1000),
  baseYear: year,
  ...ruleWindow,
});

/** A holiday rule object as written in a calendar file. */
export const holidayRuleSchema = z
  .discriminatedUnion("kind", [
    fixedRuleSchema,
    nthWeekdayRuleSchema,
    easterOffsetRuleSchema,
    everyNYearsRuleSchema,
  ])
  .superRefine((rule, ctx) => {
    if (
      (rule.kind === "fixed" || rule.kind === "every-n-years") &&
      rule.day > daysInMonth(2000, rule.month)
    ) {
      ctx.addIssue({ code: "custom", message: `month ${rule.month} has no day ${rule.day}`, path: ["day"] });
    }
    if (rule.fromYear !== undefined && rule.untilYear !== undefined && rule.fromYear > rule.untilYear) {
      ctx.addIssue({ code: "custom", message: "fromYear is after untilYear", path: ["fromYear"] });
    }
  });

export type HolidayRule = z.infer<typeof holidayRuleSchema>;
export type FixedDateRule = z.infer<typeof fixedRuleSchema>;
export type NthWeekdayRule = z.infer<typeof nthWeekdayRuleSchema>;
export type EasterOffsetRule = z.infer<typeof easterOffsetRuleSchema>;
export type EveryNYearsRule = z.infer<typeof everyNYearsRuleSchema>;

/** An entry of `holidayRules`: a preset name or a rule object. */
export type HolidayRuleSpec = HolidayPresetName | HolidayRule;

interface NamedRule {
  readonly name: string;
  readonly rule: HolidayRule;
}

/**
 * Named presets. `mx-lft`: Ley Federal del Trabajo, art. 74. Its fraction IX (federal and local
 * election days) cannot be predicted by a rule — the electoral laws set them per election — so a
 * calendar lists those as explicit `holidays` (they usually fall on a Sunday anyway).
 * The 1 October rule is art. 74 fraction VIII as amended in 2014: the presidential inauguration,
 * every six years from 2024 (2024, 2030, 2036 …); earlier inaugurations were on 1 December and are
 * deliberately not generated.
 * `mx-cdmx-customary`: days most Mexico City offices close although the law does not require it;
 * an admin who does not observe them leaves the preset out (or lists the wanted ones as rules).
 */
export const HOLIDAY_PRESETS: Readonly<Record<HolidayPresetName, readonly NamedRule[]>> = {
  "mx-lft": [
    { name: "Año Nuevo (1 de enero)", rule: { kind: "fixed", month: 1, day: 1 } },
    {
      name: "Primer lunes de febrero (Día de la Constitución)",
      rule: { kind: "nth-weekday", month: 2, weekday: "mon", nth: 1 },
    },
    {
      name: "Tercer lunes de marzo (Natalicio de Benito Juárez)",
      rule: { kind: "nth-weekday", month: 3, weekday: "mon", nth: 3 },
    },
    { name: "Día del Trabajo (1 de mayo)", rule: { kind: "fixed", month: 5, day: 1 } },
    { name: "Día de la Independencia (16 de septiembre)", rule: { kind: "fixed", month: 9, day: 16 } },
    {
      name: "Transmisión del Poder Ejecutivo Federal (1 de octubre, cada seis años desde 2024)",
      rule: { kind: "every-n-years", month: 10, day: 1, everyYears: 6, baseYear: 2024 },
    },
    {
      name: "Tercer lunes de noviembre (Revolución Mexicana)",
      rule: { kind: "nth-weekday", month: 11, weekday: "mon", nth: 3 },
    },
    { name: "Navidad (25 de diciembre)", rule: { kind: "fixed", month: 12, day: 25 } },
  ],
  "mx-cdmx-customary": [
    { name: "Jueves Santo", rule: { kind: "easter-offset", days: -3 } },
    { name: "Viernes Santo", rule: { kind: "easter-offset", days: -2 } },
    { name: "Día de Muertos (2 de noviembre)", rule: { kind: "fixed", month: 11, day: 2 } },
    { name: "Día de la Virgen de Guadalupe (12 de diciembre)", rule: { kind: "fixed", month: 12, day: 12 } },
  ],
};

export function isHolidayPresetName(value: string): value is HolidayPresetName {
  return (HOLIDAY_PRESET_NAMES as readonly string[]).includes(value);
}

/** Western Easter Sunday of a Gregorian year (the anonymous Gregorian / Meeus–Jones–Butcher algorithm). */
export function westernEasterSunday(year: number): CivilDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

/** The epoch day on which a rule falls in a year, or null when it yields no date that year. */
export function epochDayOfRule(rule: HolidayRule, year: number): number | null {
  if (rule.fromYear !== undefined && year < rule.fromYear) return null;
  if (rule.untilYear !== undefined && year > rule.untilYear) return null;
  switch (rule.kind) {
    case "fixed":
      return rule.day <= daysInMonth(year, rule.month) ? daysFromCivil(year, rule.month, rule.day) : null;
    case "every-n-years":
      if (year < rule.baseYear || (year - rule.baseYear) % rule.everyYears !== 0) return null;
      return rule.day <= daysInMonth(year, rule.month) ? daysFromCivil(year, rule.month, rule.day) : null;
    case "easter-offset": {
      const easter = westernEasterSunday(year);
      return daysFromCivil(year, easter.month, easter.day) + rule.days;
    }
    case "nth-weekday": {
      const wanted = isoWeekdayOf(rule.weekday);
      if (rule.nth === "last") {
        const last = daysFromCivil(year, rule.month, daysInMonth(year, rule.month));
        return last - ((isoWeekdayOfEpochDay(last) - wanted + 7) % 7);
      }
      const first = daysFromCivil(year, rule.month, 1);
      const day = 1 + ((wanted - isoWeekdayOfEpochDay(first) + 7) % 7) + (rule.nth - 1) * 7;
      return day <= daysInMonth(year, rule.month) ? first + day - 1 : null;
    }
  }
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** A short description of a rule without a name, e.g. `every-n-years 10-01 /6 from 2024`. */
export function describeHolidayRule(rule: HolidayRule): string {
  switch (rule.kind) {
    case "fixed":
      return `fixed ${pad2(rule.month)}-${pad2(rule.day)}`;
    case "nth-weekday":
      return `nth-weekday ${rule.nth} ${rule.weekday} of month ${rule.month}`;
    case "easter-offset":
      return `easter-offset ${rule.days >= 0 ? "+" : ""}${rule.days} days`;
    case "every-n-years":
      return `every-n-years ${pad2(rule.month)}-${pad2(rule.day)} /${rule.everyYears} from ${rule.baseYear}`;
  }
}

/** Where the holidays of a calendar come from (the holiday part of a calendar definition). */
export interface HolidaySources {
  /** Explicit local dates `YYYY-MM-DD`. */
  readonly holidays: readonly string[];
  readonly holidayRules: readonly HolidayRuleSpec[];
  /** Local dates that are not holidays even if a rule or an explicit date says so. */
  readonly removedHolidays: readonly string[];
}

/** One holiday of a year, with every source that declares it. */
export interface HolidayOfYear {
  /** `YYYY-MM-DD`, a local date in the calendar's zone. */
  readonly date: string;
  readonly epochDay: number;
  /** e.g. `mx-lft: Año Nuevo (1 de enero)`, `fecha explícita`. */
  readonly sources: readonly string[];
}

/** Label of an explicit date from the `holidays` list. */
export const EXPLICIT_HOLIDAY_SOURCE = "fecha explícita";

function rulesOf(spec: HolidayRuleSpec): readonly NamedRule[] {
  if (typeof spec === "string") {
    return HOLIDAY_PRESETS[spec].map((named) => ({ name: `${spec}: ${named.name}`, rule: named.rule }));
  }
  return [{ name: spec.name ?? describeHolidayRule(spec), rule: spec }];
}

/** The holidays of a calendar in a (local) year, sorted by date, with their sources. */
export function holidaysOfYear(sources: HolidaySources, year: number): HolidayOfYear[] {
  const byDay = new Map<number, string[]>();
  const add = (epochDay: number, source: string): void => {
    const list = byDay.get(epochDay);
    if (list) list.push(source);
    else byDay.set(epochDay, [source]);
  };
  const firstDay = daysFromCivil(year, 1, 1);
  const lastDay = daysFromCivil(year, 12, 31);
  for (const spec of sources.holidayRules) {
    for (const { name, rule } of rulesOf(spec)) {
      // an Easter offset may leave its year (±366 days): it counts in the year it lands in
      const candidateYears = rule.kind === "easter-offset" ? [year - 1, year, year + 1] : [year];
      for (const ruleYear of candidateYears) {
        const epochDay = epochDayOfRule(rule, ruleYear);
        if (epochDay !== null && epochDay >= firstDay && epochDay <= lastDay) add(epochDay, name);
      }
    }
  }
  for (const text of sources.holidays) {
    const date = parseCivilDate(text);
    if (date && date.year === year)
      add(daysFromCivil(date.year, date.month, date.day), EXPLICIT_HOLIDAY_SOURCE);
  }
  for (const text of sources.removedHolidays) {
    const date = parseCivilDate(text);
    if (date && date.year === year) byDay.delete(daysFromCivil(date.year, date.month, date.day));
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => a - b)
    .map(([epochDay, list]) => ({ date: formatCivilDate(civilFromDays(epochDay)), epochDay, sources: list }));
}
