import type { PlanSettings } from "../../../domain/contracts/plan";
import { addBusinessTime, explainAddBusinessTime } from "../../../domain/sla/business-time";
import { findDefaultCalendar } from "../../../domain/sla/default-calendars";
import { computeResponseClock, DEFAULT_CALENDARS, type Priority } from "../../../domain/sla/sla-clock";

export type ResponseSla = {
  calendarId: string;
  targetMinutes: number;
  dueAt: Date;
  counted: { from: string; to: string; seconds: number }[];
};

/** Response due = registration + the (plan, priority) target on that priority's calendar (SPEC §4). */
export const computeResponseSla = (
  plan: PlanSettings,
  priority: Priority,
  registeredAt: Date,
): ResponseSla => {
  const result = computeResponseClock({ plan, priority, calendars: DEFAULT_CALENDARS });
  if (!result.ok) throw new Error(result.detail);
  const calendar = findDefaultCalendar(result.clock.calendarId)!;
  const explanation = explainAddBusinessTime(calendar, registeredAt.getTime(), result.clock.targetSeconds);
  return {
    calendarId: result.clock.calendarId,
    targetMinutes: result.clock.targetMinutes,
    dueAt: new Date(explanation.due),
    counted: explanation.counted.map((c) => ({
      from: new Date(c.from).toISOString(),
      to: new Date(c.to).toISOString(),
      seconds: Math.round(c.seconds),
    })),
  };
};

export const calendarName = (id: string): string => DEFAULT_CALENDARS[id]?.name ?? id;
export const calendarTimeZone = (id: string): string =>
  DEFAULT_CALENDARS[id]?.timeZone ?? "America/Mexico_City";

export type ResolutionSla = { calendarId: string; targetMinutes: number; dueAt: Date | null };
type StoredPause = { from: string; to: string };

/**
 * The optional resolution target, counted from registration with the waiting-on-customer pauses left out.
 * While the case waits (pausedSince set) there is no due time: the clock is stopped.
 */
export const computeResolutionSla = (options: {
  plan: PlanSettings;
  priority: Priority;
  registeredAt: Date;
  pauses: readonly StoredPause[];
  pausedSince: Date | null;
}): ResolutionSla | null => {
  const clock = options.plan.resolutionClocks?.[options.priority];
  if (!clock) return null;
  const calendar = findDefaultCalendar(clock.calendarId);
  if (!calendar)
    throw new Error(`plan "${options.plan.name}" uses calendar "${clock.calendarId}", which does not exist`);
  if (options.pausedSince)
    return { calendarId: clock.calendarId, targetMinutes: clock.targetMinutes, dueAt: null };
  const due = addBusinessTime(calendar, options.registeredAt.getTime(), clock.targetMinutes * 60, {
    pauses: options.pauses.map((p) => ({ from: Date.parse(p.from), to: Date.parse(p.to) })),
  });
  return { calendarId: clock.calendarId, targetMinutes: clock.targetMinutes, dueAt: new Date(due) };
};
