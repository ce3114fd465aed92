import type { z } from "zod";
import type { Case, CaseEvent, listCasesQuerySchema } from "../../../api/cases";
import type { WebhookData } from "../../../api/webhooks";
import {
  type CaseStatus,
  checkTransition,
  DEFAULT_REOPEN_WINDOW_DAYS,
} from "../../../domain/cases/case-status";
import type { PlanSettings } from "../../../domain/contracts/plan";
import { businessTimeBetween } from "../../../domain/sla/business-time";
import type { Priority } from "../../../domain/sla/sla-clock";
import { type Actor, actorUserId, authorize, scopeOf } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, invalidField, notFound } from "../../platform/errors";
import { transact } from "../../platform/write-later";
import { insertAudit } from "../audit";
import type { CalendarsService } from "../calendars";
import type { CatalogService } from "../catalog";
import type { HeldRequestsService } from "../contracts";
import type { EscalationService } from "../escalation";
import type { CaseContext, NotificationsService } from "../notifications";
import { type WebhookEmitter, webhookCaseOf } from "../webhooks";
import { createCaseAttachmentsService } from "./case-attachments.service";
import { pauseChange, resolutionColumns, type StoredPause } from "./case-clocks";
import { createCaseEmailService } from "./case-email.service";
import { createCaseExportService } from "./case-export.service";
import { createCaseIntakeService } from "./case-intake.service";
import { createQueueCounts } from "./case-queue-counts";
import { createCaseRecomputeService } from "./case-recompute.service";
import {
  computeResolutionSla,
  computeResponseSla,
  type OutOfHoursWindowAt,
  responseColumns,
  type SlaWindow,
} from "./case-sla";
import { type CaseViewer, isStaff, toCase } from "./case-view";
import { createCaseViewReads } from "./case-view-reads";
import * as repo from "./cases.repository";
import { createHeldRequestReleaseService } from "./held-request-release.service";

/** A notice's view of the case a change read (the requester as notices see them: only while active). */
const noticeContextOf = (row: repo.CaseRowForChange): CaseContext => {
  const requester = row.requester_active;
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    thread_token: row.thread_token,
    priority: row.priority,
    status: row.status,
    channel: row.channel,
    checklist: row.checklist,
    requester_id: row.requester_id,
    assignee_id: row.assignee_id,
    response_due_at: row.response_due_at,
    sla_calendar_id: row.sla_calendar_id,
    sla_target_minutes: row.sla_target_minutes,
    resolution_due_at: row.resolution_due_at,
    organization_id: row.organization_id,
    organization_name: row.organization_name,
    account_executive_id: row.account_executive_id,
    assignee_name: row.assignee_name,
    requester_email: requester ? row.requester_email : null,
    requester_name: requester ? row.requester_name : null,
    requester_role: requester ? row.requester_role : null,
    requester_language: requester ? row.requester_language : null,
    requester_time_zone: row.organization_time_zone,
  };
};

/** Technical staff read and note escalated cases only (SPEC §1). */
const caseScopeOf = (caller: Actor): repo.CaseScope => ({
  ...scopeOf(caller),
  escalatedOnly: caller.role === "technical_staff",
});

export const createCasesService = (
  deps: ServiceDeps,
  features: {
    heldRequests: HeldRequestsService;
    escalation: EscalationService;
    notifications: NotificationsService;
    catalog: CatalogService;
    calendars: CalendarsService;
    /** The confirmed out-of-hours window of the organization at an instant, if any (SPEC §8). */
    outOfHoursWindowAt: OutOfHoursWindowAt;
    emitWebhook: WebhookEmitter;
  },
) => {
  const { db, clock } = deps;
  const { escalation, notifications } = features;
  const reopenWindowDays = async (executor: Database) =>
    (await repo.findCaseSettings(executor)).reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS;
  // what a reader is shown (may the case be reopened?) may be a second old; a change reads the setting itself
  let shown: { at: number; days: number } | null = null;
  const shownReopenWindowDays = async () => {
    if (shown && performance.now() - shown.at < 1_000) return shown.days;
    const days = await reopenWindowDays(db);
    shown = { at: performance.now(), days };
    return days;
  };
  const viewerOf = async (caller: Actor): Promise<CaseViewer> => ({
    role: caller.role,
    reopenWindowDays: await shownReopenWindowDays(),
    calendars: await features.calendars.recent(db),
  });
  const getCase = async (actor: Actor | null, id: string): Promise<Case> => {
    const caller = authorize(actor, "cases:read");
    const row = await repo.findCase(db, caseScopeOf(caller), id);
    if (!row) throw notFound("case");
    return toCase(row, clock.now(), await viewerOf(caller));
  };

  const listCases = async (actor: Actor | null, query: z.output<typeof listCasesQuerySchema>) => {
    const caller = authorize(actor, "cases:read");
    const now = clock.now();
    const page = await repo.findCases(db, caseScopeOf(caller), { ...query, actorId: caller.userId, now });
    const viewer = await viewerOf(caller);
    return { items: page.items.map((r) => toCase(r, now, viewer)), nextCursor: page.nextCursor };
  };

  const counts = createQueueCounts(deps, caseScopeOf);
  /** A change that may move cases between queues: this process counts again once it has run. */
  const changingQueues =
    <A extends unknown[], R>(change: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await change(...args);
      } finally {
        counts.forgetQueueCounts();
      }
    };

  const loadForChange = async (tx: Database, caller: Actor, id: string) => {
    const row = await repo.findCaseForChange(tx, caseScopeOf(caller), id);
    if (!row) throw notFound("case");
    return row;
  };

  /** A case change's audit entry, in its transaction. */
  const auditCase = (
    tx: Database,
    caller: Actor,
    row: Pick<repo.CaseRow, "id" | "number" | "organization_id">,
    action: string,
    details: Record<string, unknown> = {},
  ) =>
    insertAudit(tx, {
      actor: caller,
      action,
      entity: "case",
      entityId: row.id,
      organizationId: row.organization_id,
      details: { number: row.number, ...details },
    });

  /** A change told to the webhooks, in its transaction: the case as it is after the change. */
  const emitUpdated = (
    tx: Database,
    row: repo.CaseRow,
    after: Partial<repo.CaseRow>,
    changes: WebhookData<"case.updated">["changes"],
    staffOnly = false,
  ) =>
    features.emitWebhook(tx, "case.updated", {
      organizationId: row.organization_id,
      caseId: row.id,
      data: { case: webhookCaseOf({ ...row, ...after }), changes },
      staffOnly,
    });

  const applyVersioned = async (tx: Database, options: Parameters<typeof repo.updateCaseVersioned>[1]) => {
    if (!(await repo.updateCaseVersioned(tx, options))) {
      throw new AppError("version_conflict", { reason: "case_changed" });
    }
  };

  /** The specialist's triage sets the priority; the due time is recomputed from registration. */
  const triage = async (
    actor: Actor | null,
    id: string,
    input: { priority: Priority; reason?: string | undefined; version: number },
  ) => {
    const caller = authorize(actor, "cases:triage");
    const now = clock.now();
    await transact(db, async (tx) => {
      const row = await loadForChange(tx, caller, id);
      if (input.priority !== row.suggested_priority && !input.reason) {
        throw new AppError(
          "validation_failed",
          { reason: "triage_reason_required", params: { suggested: row.suggested_priority } },
          [{ field: "reason", code: "reason_required", params: { suggested: row.suggested_priority } }],
        );
      }
      const calendars = await features.calendars.load(tx);
      const sla = computeResponseSla(
        row.plan_settings as PlanSettings,
        input.priority,
        row.registered_at,
        calendars,
        row.sla_window as SlaWindow | null,
      );
      const resolution = computeResolutionSla({
        plan: row.plan_settings as PlanSettings,
        priority: input.priority,
        registeredAt: row.registered_at,
        pauses: row.pauses as StoredPause[],
        pausedSince: row.paused_since,
        calendars,
      });
      const opening = row.status === "new";
      await applyVersioned(tx, {
        id,
        version: input.version,
        now,
        set: {
          priority: input.priority,
          triaged_at: now,
          ...(opening ? { status: "open" } : {}),
          ...responseColumns(sla),
          ...resolutionColumns(resolution),
        },
      });
      await repo.insertCaseEvent(tx, {
        caseId: id,
        at: now,
        actorId: actorUserId(caller),
        kind: "priority_changed",
        visibility: "public",
        data: {
          from: row.priority,
          to: input.priority,
          suggested: row.suggested_priority,
          reason: input.reason ?? null,
          responseDueAt: sla.dueAt.toISOString(),
        },
      });
      await auditCase(tx, caller, row, "case.triaged", {
        suggested: row.suggested_priority,
        reason: input.reason ?? null,
        before: { priority: row.priority, status: row.status },
        after: { priority: input.priority, status: opening ? "open" : row.status },
      });
      if (opening) {
        await repo.insertCaseEvent(tx, {
          caseId: id,
          at: now,
          actorId: actorUserId(caller),
          kind: "status_changed",
          visibility: "public",
          data: { from: "new", to: "open" },
        });
      }
      await emitUpdated(
        tx,
        row,
        { priority: input.priority, status: opening ? "open" : row.status, response_due_at: sla.dueAt },
        {
          priority: { from: row.priority, to: input.priority },
          ...(opening ? { status: { from: "new", to: "open" } } : {}),
        },
      );
      await escalation.syncTimers(tx, id);
    });
    return getCase(caller, id);
  };

  /** A public reply; the first by staff meets the response target. */
  const reply = async (actor: Actor | null, id: string, body: string) => {
    const caller = authorize(actor, "cases:reply");
    const now = clock.now();
    const unchanged = await transact(db, async (tx) => {
      // the case and the reply's history entry in one trip: written only to a case the caller sees, not closed
      const row = await repo.findCaseForReply(tx, caseScopeOf(caller), id, {
        at: now,
        actorId: actorUserId(caller),
        body,
      });
      if (!row) throw notFound("case");
      if (row.status === "closed") throw new AppError("invalid_transition", { reason: "case_closed" });
      const replyId = row.reply_id!;
      await auditCase(tx, caller, row, "case.replied", { visibility: "public", length: body.length });
      await features.emitWebhook(tx, "case.replied", {
        organizationId: row.organization_id,
        caseId: id,
        data: {
          case: webhookCaseOf(row),
          reply: {
            id: replyId,
            at: now.toISOString(),
            body,
            author: { name: caller.name, staff: isStaff(caller) },
          },
        },
      });
      const responding = isStaff(caller) && !row.response_met_at;
      const calendar = responding
        ? (await features.calendars.load(tx)).get(row.sla_calendar_id)?.compiled
        : undefined;
      const businessSeconds = calendar
        ? Math.round(businessTimeBetween(calendar, row.registered_at.getTime(), now.getTime()))
        : null;
      const met = responding && (await repo.markResponseMet(tx, { id, at: now, businessSeconds }));
      if (met) {
        await repo.insertCaseEvent(tx, {
          caseId: id,
          at: now,
          actorId: actorUserId(caller),
          kind: "response_met",
          visibility: "public",
          data: { dueAt: row.response_due_at.toISOString(), breached: now > row.response_due_at },
        });
        await escalation.syncTimers(tx, id);
      }
      // the reply changed nothing a notice reads of the case (response_met_at is not among it)
      const context = noticeContextOf(row);
      if (isStaff(caller)) await notifications.onStaffReply(tx, context, { authorName: caller.name, body });
      else await notifications.onCustomerReply(tx, context, { authorName: caller.name });
      return met ? null : row;
    });
    // a reply that did not meet the response target left the case row as read: no need to read it again
    if (unchanged) return toCase(unchanged, clock.now(), await viewerOf(caller));
    return getCase(caller, id);
  };

  const addNote = async (actor: Actor | null, id: string, body: string) => {
    const caller = authorize(actor, "cases:note");
    await transact(db, async (tx) => {
      const row = await loadForChange(tx, caller, id);
      await repo.insertCaseEvent(tx, {
        caseId: id,
        at: clock.now(),
        actorId: actorUserId(caller),
        kind: "note",
        visibility: "internal",
        body,
      });
      await auditCase(tx, caller, row, "case.note_added", { visibility: "internal", length: body.length });
    });
    return getCase(caller, id);
  };

  const changeStatus = async (
    actor: Actor | null,
    id: string,
    input: { status: CaseStatus; version: number },
  ) => {
    const caller = authorize(actor, "cases:read");
    const now = clock.now();
    await transact(db, async (tx) => {
      const row = await loadForChange(tx, caller, id);
      const from = row.status as CaseStatus;
      // customers may close their case or reopen it; the rest is the desk's
      const customerMove =
        (input.status === "closed" && from === "resolved") ||
        (input.status === "open" && from === "resolved");
      if (!isStaff(caller) && !customerMove) authorize(caller, "cases:status");
      if (isStaff(caller)) authorize(caller, "cases:status");
      const check = checkTransition({
        from,
        to: input.status,
        resolvedAt: row.resolved_at?.getTime() ?? null,
        now: now.getTime(),
        reopenWindowDays: await reopenWindowDays(tx),
      });
      if (!check.ok) {
        const params = { from, to: input.status, allowed: check.allowed.join(", ") };
        throw new AppError(
          "invalid_transition",
          check.reason === "reopen_window_passed"
            ? { reason: "reopen_window_passed", params }
            : { reason: "transition_not_allowed", params },
        );
      }
      await applyVersioned(tx, {
        id,
        version: input.version,
        now,
        set: {
          status: input.status,
          ...(input.status === "resolved" ? { resolved_at: now, resolution_met_at: now } : {}),
          ...(input.status === "closed" ? { closed_at: now } : {}),
          ...(input.status === "open" && from === "resolved"
            ? { resolved_at: null, resolution_met_at: null }
            : {}),
          ...pauseChange(row, input.status, now, await features.calendars.load(tx)),
        },
      });
      await repo.insertCaseEvent(tx, {
        caseId: id,
        at: now,
        actorId: actorUserId(caller),
        kind: "status_changed",
        visibility: "public",
        data: { from, to: input.status },
      });
      await auditCase(tx, caller, row, "case.status_changed", {
        before: { status: from },
        after: { status: input.status },
      });
      await emitUpdated(tx, row, { status: input.status }, { status: { from, to: input.status } });
      await escalation.syncTimers(tx, id);
      await notifications.onStatusChanged(tx, id, {
        from,
        to: input.status,
        byStaff: isStaff(caller),
        reopenWindowDays: await reopenWindowDays(tx),
      });
    });
    return getCase(caller, id);
  };

  const assign = async (
    actor: Actor | null,
    id: string,
    input: { assigneeId: string | null; version: number },
  ) => {
    const caller = authorize(actor, "cases:assign");
    const now = clock.now();
    await transact(db, async (tx) => {
      const row = await loadForChange(tx, caller, id);
      const assignee = input.assigneeId ? await repo.findStaffUser(tx, input.assigneeId) : null;
      if (input.assigneeId && !assignee) {
        throw invalidField({ reason: "assignee_invalid" }, { field: "assigneeId", code: "not_active_staff" });
      }
      await applyVersioned(tx, { id, version: input.version, now, set: { assignee_id: input.assigneeId } });
      await repo.insertCaseEvent(tx, {
        caseId: id,
        at: now,
        actorId: actorUserId(caller),
        kind: "assignee_changed",
        visibility: "internal",
        data: { from: row.assignee_id, to: input.assigneeId },
      });
      await auditCase(tx, caller, row, "case.assigned", {
        before: { assigneeId: row.assignee_id },
        after: { assigneeId: input.assigneeId },
      });
      // the history keeps assignments internal: so do the webhooks
      await emitUpdated(
        tx,
        row,
        {},
        {
          assignee: {
            from: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? "" } : null,
            to: assignee ? { id: assignee.id, name: assignee.name } : null,
          },
        },
        true,
      );
      if (input.assigneeId && input.assigneeId !== caller.userId) {
        await notifications.onAssigned(tx, id, input.assigneeId);
      }
    });
    return getCase(caller, id);
  };

  const timeline = async (actor: Actor | null, id: string): Promise<CaseEvent[]> => {
    const caller = authorize(actor, "cases:read");
    const events = await repo.findCaseEvents(db, caseScopeOf(caller), {
      caseId: id,
      publicOnly: !isStaff(caller),
    });
    if (!events) throw notFound("case");
    return events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actor:
        e.actor_id && e.actor_name
          ? { id: e.actor_id, name: e.actor_name, staff: e.actor_role !== "customer_contact" }
          : null,
      kind: e.kind,
      visibility: e.visibility as CaseEvent["visibility"],
      body: e.body,
      data: (e.data ?? {}) as Record<string, unknown>,
    }));
  };

  const getSettings = async (actor: Actor | null) => {
    authorize(actor, "settings:read");
    return {
      reopenWindowDays: (await repo.findCaseSettings(db)).reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS,
    };
  };

  const updateSettings = async (actor: Actor | null, input: { reopenWindowDays: number }) => {
    const caller = authorize(actor, "settings:write");
    const before = await getSettings(caller);
    await transact(db, async (tx) => {
      await repo.saveCaseSettings(tx, input, clock.now());
      await insertAudit(tx, {
        actor: caller,
        action: "settings.cases_updated",
        entity: "settings",
        entityId: null,
        details: { before, after: input },
      });
    });
    shown = null;
    return input;
  };

  const intake = createCaseIntakeService(deps, { ...features, viewerOf });
  const email = createCaseEmailService(deps, features);
  const attachments = createCaseAttachmentsService(deps, { getCase, loadForChange });
  const recompute = createCaseRecomputeService(deps, features);
  const exports = createCaseExportService(deps, caseScopeOf);
  const held = createHeldRequestReleaseService(deps, { heldRequests: features.heldRequests, intake, email });
  const views = createCaseViewReads(deps, { caseScopeOf, viewerOf, getCase, listCases, timeline });

  return {
    ...intake,
    openCase: changingQueues(intake.openCase),
    releaseHeldRequest: changingQueues(held.releaseHeldRequest),
    email,
    ...attachments,
    recomputeCalendars: recompute.recomputeCalendars,
    exportCases: exports.exportCases,
    getSettings,
    updateSettings,
    getCase,
    listCases,
    ...views,
    queueCounts: counts.queueCounts,
    watchQueueCounts: counts.watchQueueCounts,
    triage: changingQueues(triage),
    reply: changingQueues(reply),
    addNote,
    changeStatus: changingQueues(changeStatus),
    assign: changingQueues(assign),
    timeline,
  };
};

export type CasesService = ReturnType<typeof createCasesService>;
