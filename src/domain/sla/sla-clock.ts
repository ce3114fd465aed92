/**
 * Plans → clocks (SPEC §3): which calendar and which target a case's response clock runs on,
 * for a plan and a priority. Plans are data (editable by an admin); the defaults below are the
 * brochure's program.
 */
import { z } from "zod";
import type { CalendarDefinition } from "./business-calendar";

export const PRIORITIES = ["P1", "P2", "P3", "P4"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Ids of the default calendars. */
export const CDMX_HABIL_CALENDAR_ID = "cdmx-habil";
export const TWENTY_FOUR_SEVEN_CALENDAR_ID = "24x7";

const WORKDAY = [["09:00", "18:00"]] as const;
const WHOLE_DAY = [["00:00", "24:00"]] as const;

/** "CDMX hábil": Monday–Friday 09:00–18:00 in Mexico City, without Mexico City holidays (SPEC §3, §5). */
export const CDMX_HABIL_CALENDAR: CalendarDefinition = {
  name: "CDMX hábil",
  timeZone: "America/Mexico_City",
  week: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY },
  holidays: [],
  holidayRules: ["mx-lft", "mx-cdmx-customary"],
  removedHolidays: [],
};

/** "24×7": every instant counts (24×7×365, no holidays); the zone only decides how times are shown. */
export const TWENTY_FOUR_SEVEN_CALENDAR: CalendarDefinition = {
  name: "24×7",
  timeZone: "America/Mexico_City",
  week: {
    mon: WHOLE_DAY,
    tue: WHOLE_DAY,
    wed: WHOLE_DAY,
    thu: WHOLE_DAY,
    fri: WHOLE_DAY,
    sat: WHOLE_DAY,
    sun: WHOLE_DAY,
  },
  holidays: [],
  holidayRules: [],
  removedHolidays: [],
};

export const DEFAULT_CALENDARS: Readonly<Record<string, CalendarDefinition>> = {
  [CDMX_HABIL_CALENDAR_ID]: CDMX_HABIL_CALENDAR,
  [TWENTY_FOUR_SEVEN_CALENDAR_ID]: TWENTY_FOUR_SEVEN_CALENDAR,
};

/** The response clock of one priority: its calendar and its target. */
export const priorityClockSchema = z.strictObject({
  calendarId: z.string().min(1),
  targetMinutes: z.number().int().positive(),
});
export type PriorityClock = z.infer<typeof priorityClockSchema>;

/** The service-level part of a plan, as an admin edits it. */
export const planSlaSettingsSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  responseClocks: z.strictObject({
    P1: priorityClockSchema,
    P2: priorityClockSchema,
    P3: priorityClockSchema,
    P4: priorityClockSchema,
  }),
});
export type PlanSlaSettings = z.infer<typeof planSlaSettingsSchema>;

const hours = (h: number): number => h * 60;

export const ESTANDAR_PLAN: PlanSlaSettings = {
  id: "estandar",
  name: "Estándar",
  responseClocks: {
    P1: { calendarId: CDMX_HABIL_CALENDAR_ID, targetMinutes: hours(4) },
    P2: { calendarId: CDMX_HABIL_CALENDAR_ID, targetMinutes: hours(8) },
    P3: { calendarId: CDMX_HABIL_CALENDAR_ID, targetMinutes: hours(24) },
    P4: { calendarId: CDMX_HABIL_CALENDAR_ID, targetMinutes: hours(42) },
  },
};

export const EXTENDIDO_PLAN: PlanSlaSettings = {
  id: "extendido",
  name: "Extendido",
  responseClocks: {
    P1: { calendarId: TWENTY_FOUR_SEVEN_CALENDAR_ID, targetMinutes: hours(4) },
    P2: { calendarId: CDMX_HABIL_CALENDAR_ID, targetMinutes: hours(8) },
    P3: { calendarId: CDMX_HABIL_CALENDAR_ID, targetMinutes: hours(24) },
    P4: { calendarId: CDMX_HABIL_CALENDAR_ID, targetMinutes: hours(42) },
  },
};

export const DEFAULT_PLANS: readonly PlanSlaSettings[] = [ESTANDAR_PLAN, EXTENDIDO_PLAN];

export interface ResponseClock {
  readonly calendarId: string;
  readonly calendar: CalendarDefinition;
  readonly targetMinutes: number;
  readonly targetSeconds: number;
}

export type ResponseClockResult =
  | { readonly ok: true; readonly clock: ResponseClock }
  | { readonly ok: false; readonly error: "unknown-calendar"; readonly detail: string };

/** The calendar and target of the response clock of a plan and priority. */
export function computeResponseClock(options: {
  readonly plan: PlanSlaSettings;
  readonly priority: Priority;
  readonly calendars: Readonly<Record<string, CalendarDefinition>>;
}): ResponseClockResult {
  const { calendarId, targetMinutes } = options.plan.responseClocks[options.priority];
  const calendar = Object.hasOwn(options.calendars, calendarId) ? options.calendars[calendarId] : undefined;
  if (calendar === undefined) {
    return {
      ok: false,
      error: "unknown-calendar",
      detail: `plan "${options.plan.name}" ${options.priority} uses calendar "${calendarId}", which does not exist`,
    };
  }
  return { ok: true, clock: { calendarId, calendar, targetMinutes, targetSeconds: targetMinutes * 60 } };
}
