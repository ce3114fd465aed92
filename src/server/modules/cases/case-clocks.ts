import type { CaseStatus } from "../../../domain/cases/case-status";
import { isPausedStatus } from "../../../domain/cases/case-status";
import type { PlanSettings } from "../../../domain/contracts/plan";
import type { Priority } from "../../../domain/sla/sla-clock";
import type { CalendarSet } from "../calendars";
import { computeResolutionSla, type ResolutionSla } from "./case-sla";
import type * as repo from "./cases.repository";

export type StoredPause = { from: string; to: string };

export const resolutionColumns = (resolution: ResolutionSla | null) => ({
  resolution_calendar_id: resolution?.calendarId ?? null,
  resolution_target_minutes: resolution?.targetMinutes ?? null,
  resolution_due_at: resolution?.dueAt ?? null,
});

/**
 * Waiting on the customer stops the resolution clock; leaving it records the pause and recomputes the due
 * time from registration without the paused spans (SPEC §4).
 */
export const pauseChange = (
  row: repo.CaseRowForChange,
  to: CaseStatus,
  now: Date,
  calendars: CalendarSet,
) => {
  const waiting = isPausedStatus(to);
  if (waiting && !row.paused_since) {
    return { paused_since: now, resolution_due_at: null };
  }
  if (!waiting && row.paused_since) {
    const pauses = [
      ...(row.pauses as StoredPause[]),
      { from: row.paused_since.toISOString(), to: now.toISOString() },
    ];
    const resolution = computeResolutionSla({
      plan: row.plan_settings as PlanSettings,
      priority: row.priority as Priority,
      registeredAt: row.registered_at,
      pauses,
      pausedSince: null,
      calendars,
    });
    return { paused_since: null, pauses: JSON.stringify(pauses), ...resolutionColumns(resolution) };
  }
  return {};
};
