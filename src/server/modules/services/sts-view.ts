import type { StsServiceStatus, StsServiceSummary, StsVisit, StsVisitDetail } from "../../../api/sts";
import { compareDates } from "../../../domain/contracts/local-date";
import type { Actor } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type * as services from "./sts.repository";
import * as visits from "./sts-visits.repository";

/** The API's view of on-site engineer services and visits, for the caller. */

export const statusOf = (row: { start_date: string; end_date: string }, today: string): StsServiceStatus =>
  compareDates(today, row.start_date) < 0
    ? "upcoming"
    : compareDates(today, row.end_date) > 0
      ? "ended"
      : "current";

/** May the caller hold or move this service's visits: managers any, the engineer and the account executive theirs. */
export const mayManage = (caller: Actor, row: { engineer_id: string; account_executive_id: string | null }) =>
  caller.role === "admin" ||
  caller.role === "manager" ||
  (caller.role !== "customer_contact" && row.engineer_id === caller.userId) ||
  (caller.role === "account_executive" && row.account_executive_id === caller.userId);

export const toVisit = (row: visits.VisitRow, caller: Actor): StsVisit => ({
  id: row.id,
  serviceId: row.service_id,
  organizationId: row.organization_id,
  organizationName: row.organization_name,
  engineer: { id: row.engineer_id, name: row.engineer_name },
  kind: row.kind,
  sequence: row.sequence,
  dueOn: row.due_on,
  scheduledOn: row.scheduled_on,
  remindOn: row.remind_on,
  reminderSentAt: row.reminder_sent_at?.toISOString() ?? null,
  status: row.status,
  heldOn: row.held_on,
  minutes: row.minutes,
  heldBy: row.held_by && row.held_by_name ? { id: row.held_by, name: row.held_by_name } : null,
  rescheduleCount: row.reschedule_count,
  canManage: row.status === "scheduled" && mayManage(caller, row),
});

/** Visits with the history of their moves. */
export const withReschedules = async (
  executor: Database,
  rows: visits.VisitRow[],
  caller: Actor,
): Promise<StsVisitDetail[]> => {
  const moves = await visits.findReschedules(
    executor,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    ...toVisit(row, caller),
    reschedules: moves
      .filter((m) => m.visit_id === row.id)
      .map((m) => ({
        fromDate: m.from_date,
        toDate: m.to_date,
        reason: m.reason,
        changedBy: m.changed_by && m.changed_by_name ? { id: m.changed_by, name: m.changed_by_name } : null,
        changedAt: m.changed_at.toISOString(),
      })),
  }));
};

export const toSummary = (
  row: services.ServiceRow,
  context: {
    caller: Actor;
    today: string;
    next: visits.VisitRow | undefined;
    calendarOf: (id: string) => { id: string; name: string };
  },
): StsServiceSummary => ({
  id: row.id,
  organizationId: row.organization_id,
  organizationName: row.organization_name,
  engineer: {
    id: row.engineer_id,
    name: row.engineer_name,
    email: row.engineer_email,
    phone: row.engineer_phone,
  },
  accountExecutive:
    row.account_executive_id && row.account_executive_name
      ? { id: row.account_executive_id, name: row.account_executive_name }
      : null,
  startDate: row.start_date,
  endDate: row.end_date,
  status: statusOf(row, context.today),
  purchaseOrder: row.purchase_order,
  priceCents: Number(row.price_cents),
  currency: "USD",
  notes: context.caller.role === "customer_contact" ? null : row.notes,
  calendar: context.calendarOf(row.calendar_id),
  nextVisit: context.next ? toVisit(context.next, context.caller) : null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});
