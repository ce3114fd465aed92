/** Calendars and small helpers shared by the SLA domain tests. */
import {
  type BusinessCalendar,
  type CalendarDefinition,
  compileCalendar,
  formatInstant,
  parseCalendarDefinition,
  parseInstant,
} from "../../../src/domain/sla/index";

/** Validates a calendar written in the file format (throws in tests when it is invalid). */
export function calendarFrom(file: unknown): CalendarDefinition {
  const result = parseCalendarDefinition(file);
  if (!result.ok) throw new Error(`invalid test calendar: ${result.errors.join("; ")}`);
  return result.calendar;
}

export function compiledFrom(file: unknown): BusinessCalendar {
  return compileCalendar(calendarFrom(file));
}

/** An instant from ISO text; without an offset it is wall-clock time in the calendar's zone. */
export function at(calendar: BusinessCalendar, text: string): number {
  const result = parseInstant(text, calendar.timeZone);
  if (!result.ok) throw new Error(result.error);
  return result.instant;
}

/** ISO text of an instant with the calendar's offset. */
export function show(calendar: BusinessCalendar, instant: number): string {
  return formatInstant(instant, calendar.timeZone);
}

export const HOUR = 3600;

const nineToSix = [["09:00", "18:00"]];

/** The SPEC §5 example calendar (CDMX hábil). */
export const CDMX_FILE = {
  name: "CDMX hábil",
  timeZone: "America/Mexico_City",
  week: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix },
  holidays: ["2026-01-01", "2026-02-02"],
  holidayRules: ["mx-lft", "mx-cdmx-customary"],
};

const allDay = [["00:00", "24:00"]];

/** 24×7 in New York: real elapsed time across both DST changes. */
export const NEW_YORK_24X7_FILE = {
  name: "24×7 New York",
  timeZone: "America/New_York",
  week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  holidays: [],
};

const madridSplit = [
  ["08:30", "14:00"],
  ["15:30", "19:00"],
];

/** Split shifts and a Saturday morning in Madrid, with rule-made and explicit holidays. */
export const MADRID_SPLIT_FILE = {
  name: "Madrid jornada partida",
  timeZone: "Europe/Madrid",
  week: {
    mon: madridSplit,
    tue: madridSplit,
    wed: madridSplit,
    thu: madridSplit,
    fri: madridSplit,
    sat: [["09:00", "13:00"]],
  },
  holidays: ["2026-10-12", "2026-11-09"],
  holidayRules: [
    { kind: "fixed", month: 1, day: 6, name: "Reyes" },
    { kind: "easter-offset", days: -2, name: "Viernes Santo" },
    { kind: "fixed", month: 11, day: 1, name: "Todos los Santos" },
  ],
};

/** Madrid with an early-Sunday maintenance window that contains the DST hour. */
export const MADRID_SUNDAY_NIGHT_FILE = {
  name: "Madrid mantenimiento dominical",
  timeZone: "Europe/Madrid",
  week: { sat: [["20:00", "24:00"]], sun: [["00:00", "06:00"]], wed: [["01:00", "04:00"]] },
  holidays: [],
};

const nightShift = [
  ["00:00", "06:00"],
  ["22:00", "24:00"],
];

/** Night shifts crossing midnight in Santiago, where DST changes at midnight. */
export const SANTIAGO_NIGHTS_FILE = {
  name: "Santiago turno noche",
  timeZone: "America/Santiago",
  week: {
    mon: nightShift,
    tue: [["00:00", "06:00"]],
    wed: [["22:00", "24:00"]],
    thu: nightShift,
    fri: nightShift,
    sat: [
      ["00:00", "06:00"],
      ["12:00", "13:30"],
      ["22:00", "24:00"],
    ],
    sun: [
      ["00:30", "06:00"],
      ["22:00", "24:00"],
    ],
  },
  holidays: ["2026-09-18", "2026-09-19", "2027-01-01"],
  holidayRules: [{ kind: "nth-weekday", month: 4, weekday: "sat", nth: 1, name: "un sábado de abril" }],
};
