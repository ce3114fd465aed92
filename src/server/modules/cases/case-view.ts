import type { Case, Channel } from "../../../api/cases";
import { can } from "../../../api/permissions";
import { allowedTransitions, type CaseStatus } from "../../../domain/cases/case-status";
import type { Environment } from "../../../domain/catalog/environment";
import type { SupportStatus } from "../../../domain/catalog/support-status";
import type { Priority } from "../../../domain/sla/sla-clock";
import type { Actor } from "../../platform/actor";
import type { CalendarSet } from "../calendars";
import type * as repo from "./cases.repository";

export const isStaff = (actor: Actor) => actor.role !== "customer_contact";

/** Who looks at the case decides which moves it offers. */
export type CaseViewer = { role: Actor["role"]; reopenWindowDays: number; calendars: CalendarSet };

// a calendar is never deleted while a running case counts on it; a closed case may outlive it
const calendarName = (viewer: CaseViewer, id: string) => viewer.calendars.get(id)?.name ?? id;
const calendarTimeZone = (viewer: CaseViewer, id: string) =>
  viewer.calendars.get(id)?.definition.timeZone ?? "America/Mexico_City";

const CUSTOMER_MOVES: readonly CaseStatus[] = ["closed", "open"];

export const toCase = (row: repo.CaseRow, now: Date, viewer: CaseViewer): Case => {
  const from = row.status as CaseStatus;
  const allowed = allowedTransitions({
    from,
    resolvedAt: row.resolved_at?.getTime() ?? null,
    now: now.getTime(),
    reopenWindowDays: viewer.reopenWindowDays,
  });
  return {
    id: row.id,
    number: row.number,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    systemId: row.system_id,
    systemName: row.system_name,
    contractId: row.contract_id,
    contractNumber: row.contract_number,
    planName: row.plan_name,
    requester: {
      id: row.requester_id,
      name: row.requester_name,
      mailUndeliverable: row.requester_undeliverable,
    },
    channel: row.channel as Channel,
    subject: row.subject,
    description: row.description,
    installedVersion: row.installed_version,
    versionSupport: row.version_support
      ? { status: row.version_support as SupportStatus, endOfSupportOn: row.version_end_of_support }
      : null,
    environment: row.environment as Environment,
    affectedPercent: Number(row.affected_percent),
    canKeepWorking: row.can_keep_working,
    checklist: row.checklist as Record<string, boolean>,
    suggestedPriority: row.suggested_priority as Priority,
    proposedPriority: row.proposed_priority as Priority | null,
    priority: row.priority as Priority,
    triaged: row.triaged_at !== null,
    status: row.status as CaseStatus,
    assignee: row.assignee_id && row.assignee_name ? { id: row.assignee_id, name: row.assignee_name } : null,
    registeredAt: row.registered_at.toISOString(),
    sla: {
      calendarId: row.sla_calendar_id,
      calendarName: calendarName(viewer, row.sla_calendar_id),
      timeZone: calendarTimeZone(viewer, row.sla_calendar_id),
      targetMinutes: row.sla_target_minutes,
      dueAt: row.response_due_at.toISOString(),
      metAt: row.response_met_at?.toISOString() ?? null,
      breached: (row.response_met_at ?? now).getTime() > row.response_due_at.getTime(),
      counted: row.sla_explanation as Case["sla"]["counted"],
      outOfHoursWindow: row.sla_window
        ? {
            startsAt: (row.sla_window as { startsAt: string }).startsAt,
            endsAt: (row.sla_window as { endsAt: string }).endsAt,
          }
        : null,
    },
    resolution:
      row.resolution_calendar_id && row.resolution_target_minutes
        ? {
            calendarId: row.resolution_calendar_id,
            calendarName: calendarName(viewer, row.resolution_calendar_id),
            timeZone: calendarTimeZone(viewer, row.resolution_calendar_id),
            targetMinutes: row.resolution_target_minutes,
            dueAt: row.resolution_due_at?.toISOString() ?? null,
            paused: row.paused_since !== null,
            metAt: row.resolution_met_at?.toISOString() ?? null,
            breached:
              row.resolution_due_at !== null &&
              (row.resolution_met_at ?? now).getTime() > row.resolution_due_at.getTime(),
          }
        : null,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    version: row.version,
    escalationLevel: viewer.role === "customer_contact" ? null : row.escalation_level,
    escalatedAt: viewer.role === "customer_contact" ? null : (row.escalated_at?.toISOString() ?? null),
    allowedStatuses:
      viewer.role === "customer_contact"
        ? from === "resolved"
          ? allowed.filter((s) => CUSTOMER_MOVES.includes(s))
          : []
        : can(viewer.role, "cases:status")
          ? allowed
          : [],
    updatedAt: row.updated_at.toISOString(),
  };
};

const DAY_MS = 24 * 3600_000;

/**
 * The first instant after `now` at which `toCase` of this row says something else with nothing changed in
 * the database: a target passing unmet becomes breached, a resolved case's reopening window closes.
 * Infinity when nothing will.
 */
export const viewChangesAt = (row: repo.CaseRow, now: Date, viewer: Pick<CaseViewer, "reopenWindowDays">) => {
  const at = now.getTime();
  const instants = [
    row.response_met_at ? null : row.response_due_at.getTime() + 1,
    row.resolution_met_at || !row.resolution_due_at ? null : row.resolution_due_at.getTime() + 1,
    row.status === "resolved" && row.resolved_at
      ? row.resolved_at.getTime() + viewer.reopenWindowDays * DAY_MS + 1
      : null,
  ].filter((instant): instant is number => instant !== null && instant > at);
  return instants.length ? Math.min(...instants) : Number.POSITIVE_INFINITY;
};
