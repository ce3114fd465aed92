import { createHash } from "node:crypto";
import type { z } from "zod";
import type {
  Attachment,
  Case,
  CaseEvent,
  Channel,
  createCaseBodySchema,
  Entitlement,
  listCasesQuerySchema,
} from "../../../api/cases";
import { sanitizeFilename, servedContentType } from "../../../domain/cases/attachments";
import {
  type CaseStatus,
  checkTransition,
  DEFAULT_REOPEN_WINDOW_DAYS,
  isPausedStatus,
} from "../../../domain/cases/case-status";
import { suggestPriority } from "../../../domain/cases/priority";
import type { Environment } from "../../../domain/catalog/environment";
import type { PlanSettings } from "../../../domain/contracts/plan";
import type { Priority } from "../../../domain/sla/sla-clock";
import { type Actor, actorUserId, authorize, scopeOf } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import type { HeldRequestsService } from "../contracts";
import { calendarName, computeResolutionSla, computeResponseSla, type ResolutionSla } from "./case-sla";
import * as repo from "./cases.repository";

const isStaff = (actor: Actor) => actor.role !== "customer_contact";

export type IntakeResult = { outcome: "opened"; case: Case } | { outcome: "held"; heldRequestId: string };

const toCase = (row: repo.CaseRow, now: Date): Case => {
  const plan = row.plan_settings as PlanSettings;
  return {
    id: row.id,
    number: row.number,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    systemId: row.system_id,
    systemName: row.system_name,
    contractId: row.contract_id,
    contractNumber: row.contract_number,
    planName: plan.name,
    requester: { id: row.requester_id, name: row.requester_name },
    channel: row.channel as Channel,
    subject: row.subject,
    description: row.description,
    installedVersion: row.installed_version,
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
      calendarName: calendarName(row.sla_calendar_id),
      targetMinutes: row.sla_target_minutes,
      dueAt: row.response_due_at.toISOString(),
      metAt: row.response_met_at?.toISOString() ?? null,
      breached: (row.response_met_at ?? now).getTime() > row.response_due_at.getTime(),
      counted: row.sla_explanation as Case["sla"]["counted"],
    },
    resolution:
      row.resolution_calendar_id && row.resolution_target_minutes
        ? {
            calendarId: row.resolution_calendar_id,
            calendarName: calendarName(row.resolution_calendar_id),
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
    updatedAt: row.updated_at.toISOString(),
  };
};

type StoredPause = { from: string; to: string };

const resolutionColumns = (resolution: ResolutionSla | null) => ({
  resolution_calendar_id: resolution?.calendarId ?? null,
  resolution_target_minutes: resolution?.targetMinutes ?? null,
  resolution_due_at: resolution?.dueAt ?? null,
});

/**
 * Waiting on the customer stops the resolution clock; leaving it records the pause and recomputes the due
 * time from registration without the paused spans (SPEC §4).
 */
const pauseChange = (row: repo.CaseRow, to: CaseStatus, now: Date) => {
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
    });
    return { paused_since: null, pauses: JSON.stringify(pauses), ...resolutionColumns(resolution) };
  }
  return {};
};

export const createCasesService = ({ db, clock }: ServiceDeps, heldRequests: HeldRequestsService) => {
  const getCase = async (actor: Actor | null, id: string): Promise<Case> => {
    const caller = authorize(actor, "cases:read");
    const row = await repo.findCase(db, scopeOf(caller), id);
    if (!row) throw notFound("Case");
    return toCase(row, clock.now());
  };

  const listCases = async (actor: Actor | null, query: z.output<typeof listCasesQuerySchema>) => {
    const caller = authorize(actor, "cases:read");
    const now = clock.now();
    const page = await repo.findCases(db, scopeOf(caller), { ...query, actorId: caller.userId, now });
    return { items: page.items.map((r) => toCase(r, now)), nextCursor: page.nextCursor };
  };

  /**
   * Every channel opens cases here: the entitlement decision (contracts), then a case with its number,
   * suggested priority and response due time — or a held request, or a polite refusal (logged).
   */
  const openCase = async (
    actor: Actor | null,
    input: z.output<typeof createCaseBodySchema>,
    channel: Channel,
  ): Promise<IntakeResult> => {
    const caller = authorize(actor, "cases:open");
    const staff = isStaff(caller);
    if (staff && !input.requesterId) {
      throw new AppError("validation_failed", "requesterId: name the authorized contact who called", [
        { field: "requesterId", message: "is required when staff log a case" },
      ]);
    }
    if (!staff && input.requesterId && input.requesterId !== caller.userId) {
      throw new AppError("validation_failed", "requesterId: customers open cases as themselves", [
        { field: "requesterId", message: "must be yourself" },
      ]);
    }
    const requesterId = staff ? input.requesterId! : caller.userId;
    const now = clock.now();
    const system = await repo.findSystemForIntake(db, input.systemId);
    // a customer never learns whether another organization's system exists
    if (!system || (!staff && system.organization_id !== caller.organizationId))
      throw notFound("Customer system");

    const result = await db.transaction().execute(async (tx) => {
      const decision = await heldRequests.decideIntake({
        personId: requesterId,
        systemId: system.id,
        at: now,
        tx,
      });
      switch (decision.outcome) {
        case "refused_unknown":
        case "refused_not_authorized": {
          // the refusal commits its log entry; the caller then gets the polite 403
          await insertAudit(tx, {
            actor: caller,
            action: "case.intake_refused",
            entity: "customer_system",
            entityId: system.id,
            organizationId: system.organization_id,
            details: { requesterId, channel, reason: decision.outcome, subject: input.subject },
          });
          return { outcome: "refused" as const };
        }
        case "held_po_required": {
          const heldRequestId = await heldRequests.recordHeldRequest(tx, {
            organizationId: system.organization_id,
            systemId: system.id,
            requesterId,
            channel,
            subject: input.subject,
            details: { description: input.description, affectedPercent: input.affectedPercent },
          });
          return { outcome: "held" as const, heldRequestId };
        }
        case "accepted": {
          const environment = input.environment ?? (system.environment as Environment);
          const suggested = suggestPriority({
            environment,
            affectedPercent: input.affectedPercent,
            canKeepWorking: input.canKeepWorking,
          });
          const plan = decision.contract.planSettings;
          const sla = computeResponseSla(plan, suggested, now);
          const id = await repo.insertCase(tx, {
            number: await repo.nextCaseNumber(tx, now.getUTCFullYear()),
            organizationId: system.organization_id,
            systemId: system.id,
            contractId: decision.contract.id,
            requesterId,
            channel,
            subject: input.subject,
            description: input.description,
            installedVersion: input.installedVersion ?? system.installed_version,
            environment,
            affectedPercent: input.affectedPercent,
            canKeepWorking: input.canKeepWorking,
            checklist: input.checklist,
            suggestedPriority: suggested,
            proposedPriority: input.proposedPriority ?? null,
            priority: suggested,
            status: "new",
            registeredAt: now,
            sla: {
              calendarId: sla.calendarId,
              targetMinutes: sla.targetMinutes,
              dueAt: sla.dueAt,
              explanation: sla.counted,
            },
            resolution: computeResolutionSla({
              plan,
              priority: suggested,
              registeredAt: now,
              pauses: [],
              pausedSince: null,
            }),
          });
          await repo.insertCaseEvent(tx, {
            caseId: id,
            at: now,
            actorId: actorUserId(caller),
            kind: "created",
            visibility: "public",
            data: { channel, requesterId, priority: suggested, responseDueAt: sla.dueAt.toISOString() },
          });
          const row = await repo.findCase(tx, { kind: "all" }, id);
          return { outcome: "opened" as const, case: toCase(row!, now) };
        }
      }
    });
    if (result.outcome === "refused") {
      throw new AppError(
        "not_authorized_contact",
        "Only the organization's authorized contacts may open cases; please go through one of them",
      );
    }
    return result;
  };

  const loadForChange = async (tx: Database, caller: Actor, id: string) => {
    const row = await repo.findCase(tx, scopeOf(caller), id);
    if (!row) throw notFound("Case");
    return row;
  };

  const applyVersioned = async (tx: Database, options: Parameters<typeof repo.updateCaseVersioned>[1]) => {
    if (!(await repo.updateCaseVersioned(tx, options))) {
      throw new AppError("version_conflict", "The case changed since you loaded it; reload and try again");
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
    await db.transaction().execute(async (tx) => {
      const row = await loadForChange(tx, caller, id);
      if (input.priority !== row.suggested_priority && !input.reason) {
        throw new AppError("validation_failed", "reason: say why the priority differs from the suggestion", [
          {
            field: "reason",
            message: `is required when the priority differs from the suggested ${row.suggested_priority}`,
          },
        ]);
      }
      const sla = computeResponseSla(row.plan_settings as PlanSettings, input.priority, row.registered_at);
      const resolution = computeResolutionSla({
        plan: row.plan_settings as PlanSettings,
        priority: input.priority,
        registeredAt: row.registered_at,
        pauses: row.pauses as StoredPause[],
        pausedSince: row.paused_since,
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
          response_due_at: sla.dueAt,
          sla_calendar_id: sla.calendarId,
          sla_target_minutes: sla.targetMinutes,
          sla_explanation: JSON.stringify(sla.counted),
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
    });
    return getCase(caller, id);
  };

  /** A public reply; the first by staff meets the response target. */
  const reply = async (actor: Actor | null, id: string, body: string) => {
    const caller = authorize(actor, "cases:reply");
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      const row = await loadForChange(tx, caller, id);
      if (row.status === "closed")
        throw new AppError("invalid_transition", "The case is closed; open a new one");
      await repo.insertCaseEvent(tx, {
        caseId: id,
        at: now,
        actorId: actorUserId(caller),
        kind: "reply",
        visibility: "public",
        body,
      });
      if (isStaff(caller) && (await repo.markResponseMet(tx, { id, at: now }))) {
        await repo.insertCaseEvent(tx, {
          caseId: id,
          at: now,
          actorId: actorUserId(caller),
          kind: "response_met",
          visibility: "public",
          data: { dueAt: row.response_due_at.toISOString(), breached: now > row.response_due_at },
        });
      }
    });
    return getCase(caller, id);
  };

  const addNote = async (actor: Actor | null, id: string, body: string) => {
    const caller = authorize(actor, "cases:note");
    await loadForChange(db, caller, id);
    await repo.insertCaseEvent(db, {
      caseId: id,
      at: clock.now(),
      actorId: actorUserId(caller),
      kind: "note",
      visibility: "internal",
      body,
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
    await db.transaction().execute(async (tx) => {
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
        reopenWindowDays: (await repo.findCaseSettings(tx)).reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS,
      });
      if (!check.ok) {
        throw new AppError(
          "invalid_transition",
          `${from} → ${input.status} is not allowed${check.reason === "reopen_window_passed" ? " (the reopen window has passed)" : ""}; allowed: ${check.allowed.join(", ") || "none"}`,
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
          ...pauseChange(row, input.status, now),
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
    await db.transaction().execute(async (tx) => {
      const row = await loadForChange(tx, caller, id);
      if (input.assigneeId && !(await repo.findStaffUser(tx, input.assigneeId))) {
        throw new AppError("validation_failed", "assigneeId: not an active staff user", [
          { field: "assigneeId", message: "is not an active staff user" },
        ]);
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
    });
    return getCase(caller, id);
  };

  const timeline = async (actor: Actor | null, id: string): Promise<CaseEvent[]> => {
    const caller = authorize(actor, "cases:read");
    await getCase(caller, id);
    const events = await repo.findCaseEvents(db, { caseId: id, publicOnly: !isStaff(caller) });
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

  const toAttachment = (a: Awaited<ReturnType<typeof repo.findAttachments>>[number]): Attachment => ({
    id: a.id,
    caseId: a.case_id,
    filename: a.filename,
    contentType: a.content_type,
    sizeBytes: a.size_bytes,
    sha256: a.sha256,
    visibility: a.visibility as Attachment["visibility"],
    uploadedBy: a.uploaded_by_name,
    createdAt: a.created_at.toISOString(),
  });

  /** Stored in PostgreSQL with the case; customers' uploads are public, staff may keep one internal. */
  const addAttachment = async (
    actor: Actor | null,
    id: string,
    file: { filename: string; contentType: string; content: Buffer; internal: boolean },
  ): Promise<Attachment> => {
    const caller = authorize(actor, "cases:attach");
    const visibility = file.internal && isStaff(caller) ? "internal" : "public";
    const now = clock.now();
    const attachmentId = await db.transaction().execute(async (tx) => {
      const row = await loadForChange(tx, caller, id);
      if (row.status === "closed")
        throw new AppError("invalid_transition", "The case is closed; open a new one");
      const filename = sanitizeFilename(file.filename);
      const sha256 = createHash("sha256").update(file.content).digest("hex");
      const eventId = await repo.insertCaseEvent(tx, {
        caseId: id,
        at: now,
        actorId: actorUserId(caller),
        kind: "attachment_added",
        visibility,
        data: { filename, sizeBytes: file.content.length, sha256 },
      });
      return repo.insertAttachment(tx, {
        caseId: id,
        eventId,
        filename,
        contentType: file.contentType,
        content: file.content,
        sha256,
        visibility,
        uploadedBy: actorUserId(caller),
        now,
      });
    });
    const [stored] = (await repo.findAttachments(db, { caseId: id, publicOnly: false })).filter(
      (a) => a.id === attachmentId,
    );
    return toAttachment(stored!);
  };

  const listAttachments = async (actor: Actor | null, id: string): Promise<Attachment[]> => {
    const caller = authorize(actor, "cases:read");
    await getCase(caller, id);
    return (await repo.findAttachments(db, { caseId: id, publicOnly: !isStaff(caller) })).map(toAttachment);
  };

  const getAttachmentContent = async (actor: Actor | null, id: string, attachmentId: string) => {
    const caller = authorize(actor, "cases:read");
    await getCase(caller, id);
    const row = await repo.findAttachmentContent(db, {
      caseId: id,
      id: attachmentId,
      publicOnly: !isStaff(caller),
    });
    if (!row) throw notFound("Attachment");
    return { ...toAttachment(row), content: row.content, servedType: servedContentType(row.content_type) };
  };

  /** For each system of the contact's organization: may they open a case now (portal picker, phone log)? */
  const entitlements = async (actor: Actor | null, contactId: string | undefined): Promise<Entitlement[]> => {
    const caller = authorize(actor, "cases:open");
    const personId = contactId ?? caller.userId;
    if (!isStaff(caller) && personId !== caller.userId) throw notFound("Contact");
    const organizationId = await repo.findContactOrganization(db, personId);
    if (!organizationId) throw notFound("Contact");
    const now = clock.now();
    const systems = await repo.findSystemsOfOrganization(db, organizationId);
    return Promise.all(
      systems.map(async (system) => {
        const decision = await heldRequests.decideIntake({ personId, systemId: system.id, at: now });
        const contract = decision.outcome === "accepted" ? decision.contract : null;
        return {
          systemId: system.id,
          systemName: system.name,
          productName: system.product_name,
          environment: system.environment as Environment,
          outcome: decision.outcome,
          messageKey: decision.outcome === "accepted" ? null : decision.messageKey,
          contractNumber: contract?.number ?? null,
          planName: contract?.planSettings.name ?? null,
        };
      }),
    );
  };

  const getSettings = async (actor: Actor | null) => {
    authorize(actor, "plans:read");
    return {
      reopenWindowDays: (await repo.findCaseSettings(db)).reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS,
    };
  };

  const updateSettings = async (actor: Actor | null, input: { reopenWindowDays: number }) => {
    const caller = authorize(actor, "settings:write");
    const before = await getSettings(caller);
    await db.transaction().execute(async (tx) => {
      await repo.saveCaseSettings(tx, input, clock.now());
      await insertAudit(tx, {
        actor: caller,
        action: "settings.cases_updated",
        entity: "settings",
        entityId: null,
        details: { before, after: input },
      });
    });
    return input;
  };

  return {
    getSettings,
    updateSettings,
    entitlements,
    getCase,
    listCases,
    openCase,
    triage,
    reply,
    addNote,
    changeStatus,
    assign,
    timeline,
    addAttachment,
    listAttachments,
    getAttachmentContent,
  };
};

export type CasesService = ReturnType<typeof createCasesService>;
