import type { PlanSettings } from "../../../domain/contracts/plan";
import { addBusinessTime, explainAddBusinessTime } from "../../../domain/sla/business-time";
import { type Priority, TWENTY_FOUR_SEVEN_CALENDAR_ID } from "../../../domain/sla/sla-clock";
import type { Database } from "../../platform/db";
import type { CalendarEntry, CalendarSet } from "../calendars";

/** A confirmed out-of-hours window the case was registered in: its response clock counts 24×7. */
export type SlaWindow = { id: string; startsAt: string; endsAt: string };
export type OutOfHoursWindowAt = (
  executor: Database,
  organizationId: string,
  at: Date,
) => Promise<SlaWindow | null>;

export type ResponseSla = {
  calendarId: string;
  targetMinutes: number;
  dueAt: Date;
  counted: { from: string; to: string; seconds: number }[];
  window: SlaWindow | null;
};

const calendarOf = (calendars: CalendarSet, id: string, plan: PlanSettings): CalendarEntry => {
  const entry = calendars.get(id);
  // plans, contracts and running cases keep their calendars from being deleted: this is a broken database
  if (!entry) throw new Error(`plan "${plan.name}" uses calendar "${id}", which does not exist`);
  return entry;
};

/**
 * Response due = registration + the (plan, priority) target on that priority's calendar (SPEC §4); inside
 * a confirmed out-of-hours window the target counts on 24×7 whatever the priority (SPEC §8).
 */
export const computeResponseSla = (
  plan: PlanSettings,
  priority: Priority,
  registeredAt: Date,
  calendars: CalendarSet,
  window: SlaWindow | null = null,
): ResponseSla => {
  const clock = plan.responseClocks[priority];
  const calendarId = window ? TWENTY_FOUR_SEVEN_CALENDAR_ID : clock.calendarId;
  const calendar = calendarOf(calendars, calendarId, plan);
  const explanation = explainAddBusinessTime(
    calendar.compiled,
    registeredAt.getTime(),
    clock.targetMinutes * 60,
  );
  return {
    calendarId,
    targetMinutes: clock.targetMinutes,
    dueAt: new Date(explanation.due),
    counted: explanation.counted.map((c) => ({
      from: new Date(c.from).toISOString(),
      to: new Date(c.to).toISOString(),
      seconds: Math.round(c.seconds),
    })),
    window,
  };
};

/** The columns a response clock is stored in. */
export const responseColumns = (sla: ResponseSla) => ({
  response_due_at: sla.dueAt,
  sla_calendar_id: sla.calendarId,
  sla_target_minutes: sla.targetMinutes,
  sla_explanation: JSON.stringify(sla.counted),
  sla_window: sla.window ? JSON.stringify(sla.window) : null,
});

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
  calendars: CalendarSet;
}): ResolutionSla | null => {
  const clock = options.plan.resolutionClocks?.[options.priority];
  if (!clock) return null;
  if (options.pausedSince)
    return { calendarId: clock.calendarId, targetMinutes: clock.targetMinutes, dueAt: null };
  const calendar = calendarOf(options.calendars, clock.calendarId, options.plan);
  const due = addBusinessTime(calendar.compiled, options.registeredAt.getTime(), clock.targetMinutes * 60, {
    pauses: options.pauses.map((p) => ({ from: Date.parse(p.from), to: Date.parse(p.to) })),
  });
  return { calendarId: clock.calendarId, targetMinutes: clock.targetMinutes, dueAt: new Date(due) };
};
