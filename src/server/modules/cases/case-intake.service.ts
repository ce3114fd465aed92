import type { z } from "zod";
import {
  type Case,
  CHECKLIST_ITEMS,
  type Channel,
  type createCaseBodySchema,
  type Entitlement,
} from "../../../api/cases";
import { suggestPriority } from "../../../domain/cases/priority";
import type { Environment } from "../../../domain/catalog/environment";
import type { Priority } from "../../../domain/sla/sla-clock";
import { type Actor, actorUserId, authorize } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, invalidField, notFound } from "../../platform/errors";
import { transact } from "../../platform/write-later";
import { insertAudit } from "../audit";
import type { CalendarsService } from "../calendars";
import type { CatalogService } from "../catalog";
import type { HeldRequestsService } from "../contracts";
import type { EscalationService } from "../escalation";
import type { NotificationsService, OpenedCaseFacts } from "../notifications";
import { type WebhookEmitter, webhookCaseOf } from "../webhooks";
import { computeResolutionSla, computeResponseSla, type OutOfHoursWindowAt } from "./case-sla";
import { type CaseViewer, isStaff, toCase } from "./case-view";
import * as repo from "./cases.repository";
import { heldRequestDetails } from "./held-request-details";

export type IntakeResult = { outcome: "opened"; case: Case } | { outcome: "held"; heldRequestId: string };

/** Case intake, the same for every channel, and the per-system entitlement view. */
export const createCaseIntakeService = (
  { db, clock }: ServiceDeps,
  deps: {
    heldRequests: HeldRequestsService;
    escalation: EscalationService;
    notifications: NotificationsService;
    catalog: CatalogService;
    calendars: CalendarsService;
    outOfHoursWindowAt: OutOfHoursWindowAt;
    emitWebhook: WebhookEmitter;
    /** How the caller is shown a case (what the reads show: the reopen window and calendars read lately). */
    viewerOf: (caller: Actor) => Promise<CaseViewer>;
  },
) => {
  const { heldRequests } = deps;
  type IntakeInput = Omit<z.output<typeof createCaseBodySchema>, "checklist"> & {
    checklist: Record<string, boolean>;
  };
  type System = NonNullable<Awaited<ReturnType<typeof repo.findSystemForIntake>>>;
  type IntakeDecision = Awaited<ReturnType<HeldRequestsService["decideIntake"]>>;

  /**
   * The intake decision and its consequence inside the caller's transaction (the email channel commits the
   * case together with the message it came from).
   */
  const intakeInTransaction = async (
    tx: Database,
    options: {
      caller: Actor;
      requesterId: string;
      system: System;
      input: IntakeInput;
      channel: Channel;
      now: Date;
      checklistConfirmed: boolean;
      /** Extra data for the "created" history entry (e.g. the message it came from). */
      origin?: Record<string, unknown>;
      /** False when the sender already had today's automatic replies (email): no acknowledgement. */
      acknowledge?: boolean;
      /** The entitlement decision, when the caller already made it in this transaction. */
      decision?: IntakeDecision;
      /** When the channel cannot tell the impact (email): a provisional priority until triage. */
      suggestedPriority?: Priority;
      /** The requester as the acknowledgement addresses them, when the caller has read them already. */
      requester?: OpenedCaseFacts["requester"];
      /** The requester as the entitlement decision reads them, when the caller has read them already. */
      person?: Parameters<HeldRequestsService["decideIntake"]>[0]["person"];
    },
  ) => {
    const { caller, requesterId, system, input, channel, now } = options;
    // the email channel has just decided (when it chose the system); the same transaction sees the same rows
    const decision =
      options.decision ??
      (await heldRequests.decideIntake({
        personId: requesterId,
        systemId: system.id,
        owner: system.organization_id,
        person: options.person,
        at: now,
        tx,
      }));
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
          // all the case will need when a purchase order releases it
          details: heldRequestDetails(input, options),
        });
        await insertAudit(tx, {
          actor: caller,
          action: "held_request.recorded",
          entity: "held_request",
          entityId: heldRequestId,
          organizationId: system.organization_id,
          details: { systemId: system.id, requesterId, channel, subject: input.subject },
        });
        await deps.emitWebhook(tx, "held_request.created", {
          organizationId: system.organization_id,
          data: {
            heldRequest: {
              id: heldRequestId,
              organizationId: system.organization_id,
              systemId: system.id,
              requesterId,
              subject: input.subject,
              channel,
              createdAt: now.toISOString(),
            },
          },
        });
        if (options.acknowledge !== false)
          await deps.notifications.onHeldRequest(tx, {
            requesterId,
            subject: input.subject,
            systemName: system.name,
          });
        return { outcome: "held" as const, heldRequestId };
      }
      case "accepted": {
        const environment = input.environment ?? (system.environment as Environment);
        const suggested =
          options.suggestedPriority ??
          suggestPriority({
            environment,
            affectedPercent: input.affectedPercent,
            canKeepWorking: input.canKeepWorking,
          });
        const plan = decision.contract.planSettings;
        const installedVersion = input.installedVersion ?? system.installed_version;
        // an unsupported version is still registered (the brochure does not refuse it); the case says so
        const [versionSupport] = await deps.catalog.supportOf(tx, [
          { productId: system.product_id, version: installedVersion },
        ]);
        const calendars = await deps.calendars.load(tx);
        const window = await deps.outOfHoursWindowAt(tx, system.organization_id, now);
        const sla = computeResponseSla(plan, suggested, now, calendars, window);
        const resolution = computeResolutionSla({
          plan,
          priority: suggested,
          registeredAt: now,
          pauses: [],
          pausedSince: null,
          calendars,
        });
        const inserted = await repo.insertCase(
          tx,
          {
            organizationId: system.organization_id,
            systemId: system.id,
            contractId: decision.contract.id,
            requesterId,
            channel,
            subject: input.subject,
            description: input.description,
            installedVersion,
            versionSupport: versionSupport!,
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
              window: sla.window,
            },
            resolution,
          },
          {
            actorId: actorUserId(caller),
            data: {
              channel,
              requesterId,
              priority: suggested,
              responseDueAt: sla.dueAt.toISOString(),
              ...options.origin,
            },
          },
        );
        const id = inserted.id;
        const createdEventId = inserted.created_event_id;
        await insertAudit(tx, {
          actor: caller,
          action: "case.opened",
          entity: "case",
          entityId: id,
          organizationId: system.organization_id,
          details: {
            number: inserted.number,
            channel,
            requesterId,
            systemId: system.id,
            contractId: decision.contract.id,
            priority: suggested,
            responseDueAt: sla.dueAt.toISOString(),
          },
        });
        await deps.emitWebhook(tx, "case.created", {
          organizationId: system.organization_id,
          caseId: id,
          data: {
            case: webhookCaseOf({
              id,
              number: inserted.number,
              subject: input.subject,
              status: "new",
              priority: suggested,
              organization_id: system.organization_id,
              system_id: system.id,
              channel,
              registered_at: now,
              response_due_at: sla.dueAt,
            }),
          },
        });
        await deps.escalation.startTimers(
          tx,
          {
            id,
            status: "new",
            priority: suggested,
            registered_at: now,
            response_met_at: null,
            sla_calendar_id: sla.calendarId,
            sla_target_minutes: sla.targetMinutes,
            resolution_calendar_id: resolution?.calendarId ?? null,
            resolution_target_minutes: resolution?.targetMinutes ?? null,
            paused_since: null,
            pauses: [],
            escalation_level: 0,
            plan_id: decision.contract.planId,
          },
          calendars,
        );
        // the requester as the insert read them; an inactive one is sent nothing (as notices read them)
        const requester =
          options.requester ??
          (inserted.requester_active
            ? {
                id: requesterId,
                email: inserted.requester_email,
                name: inserted.requester_name,
                role: inserted.requester_role,
                preferred_language: inserted.requester_language,
                time_zone: inserted.requester_time_zone,
              }
            : null);
        if (options.acknowledge !== false && requester)
          await deps.notifications.onCaseOpened(
            tx,
            {
              id,
              number: inserted.number,
              thread_token: inserted.thread_token,
              subject: input.subject,
              priority: suggested,
              sla_target_minutes: sla.targetMinutes,
              sla_calendar_id: sla.calendarId,
              response_due_at: sla.dueAt,
              requester,
            },
            { checklistConfirmed: options.checklistConfirmed },
          );
        // the case as the insert returned it: nothing later in the transaction changes its row
        return {
          outcome: "opened" as const,
          caseId: id,
          createdEventId,
          row: inserted satisfies repo.CaseRow,
        };
      }
    }
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
      throw invalidField(
        { reason: "requester_required" },
        { field: "requesterId", code: "required_for_staff" },
      );
    }
    if (!staff && input.requesterId && input.requesterId !== caller.userId) {
      throw invalidField(
        { reason: "requester_must_be_self" },
        { field: "requesterId", code: "must_be_yourself" },
      );
    }
    const requesterId = staff ? input.requesterId! : caller.userId;
    // registered to the whole second: due times and counted intervals are shown and compared in seconds
    const now = new Date(Math.floor(clock.now().getTime() / 1000) * 1000);
    const found = await repo.findSystemAndPersonForIntake(db, input.systemId, requesterId);
    // a customer never learns whether another organization's system exists
    if (!found || (!staff && found.system.organization_id !== caller.organizationId))
      throw notFound("customer_system");

    const result = await transact(db, (tx) =>
      intakeInTransaction(tx, {
        caller,
        requesterId,
        system: found.system,
        person: found.person,
        input,
        channel,
        now,
        checklistConfirmed: true,
      }),
    );
    if (result.outcome === "opened")
      return { outcome: "opened", case: toCase(result.row, now, await deps.viewerOf(caller)) };
    if (result.outcome === "refused") {
      throw new AppError("not_authorized_contact", { reason: "authorized_contacts_only" });
    }
    return result;
  };

  /**
   * For each system of a contact's organization: may they open a case now? Inside any executor; the caller
   * may pass the person it has already read.
   */
  const entitlementsOf = async (
    executor: Database,
    person: Parameters<HeldRequestsService["decideIntakeForOrganization"]>[0]["person"],
    now: Date,
    systems: Parameters<HeldRequestsService["decideIntakeForOrganization"]>[0]["systems"] = "all",
  ) => {
    const decided = await heldRequests.decideIntakeForOrganization({
      person,
      at: now,
      tx: executor,
      systems,
    });
    if (!decided) return null;
    return decided.map(({ system, decision }) => {
      const contract = decision.outcome === "accepted" ? decision.contract : null;
      const item: Entitlement = {
        systemId: system.id,
        systemName: system.name,
        productName: system.product_name,
        environment: system.environment as Environment,
        outcome: decision.outcome,
        messageKey: decision.outcome === "accepted" ? null : decision.messageKey,
        contractNumber: contract?.number ?? null,
        planName: contract?.planSettings.name ?? null,
      };
      return { item, system, decision };
    });
  };

  /** For each system of the contact's organization: may they open a case now (portal picker, phone log)? */
  const entitlements = async (actor: Actor | null, contactId: string | undefined): Promise<Entitlement[]> => {
    const caller = authorize(actor, "cases:open");
    const personId = contactId ?? caller.userId;
    if (!isStaff(caller) && personId !== caller.userId) throw notFound("contact");
    const result = await entitlementsOf(db, personId, clock.now());
    if (!result) throw notFound("contact");
    return result.map((r) => r.item);
  };

  /**
   * A phone call checked before logging: a refusal is recorded (SPEC §3: the attempt is logged) and the text
   * to read out is returned.
   */
  const recordAttempt = async (actor: Actor | null, input: { contactId: string; systemId: string }) => {
    const caller = authorize(actor, "cases:triage");
    const system = await repo.findSystemForIntake(db, input.systemId);
    if (!system) throw notFound("customer_system");
    const now = clock.now();
    const decision = await heldRequests.decideIntake({
      personId: input.contactId,
      systemId: system.id,
      at: now,
    });
    const refused = decision.outcome === "refused_not_authorized" || decision.outcome === "refused_unknown";
    // a refusal is the attempt SPEC §3 logs; any other answer is still a record of who checked whom
    await insertAudit(db, {
      actor: caller,
      action: refused ? "case.intake_refused" : "case.intake_checked",
      entity: "customer_system",
      entityId: system.id,
      organizationId: system.organization_id,
      details: { requesterId: input.contactId, channel: "phone", reason: decision.outcome },
    });
    return {
      outcome: decision.outcome,
      messageKey: decision.outcome === "accepted" ? null : decision.messageKey,
      logged: refused,
    };
  };

  /**
   * A case from a mail of an authorized contact: the checklist is not confirmed (the acknowledgement asks
   * for it) and the priority is provisional (P2) until a specialist triages it.
   */
  const openCaseFromMail = async (
    tx: Database,
    options: {
      caller: Actor;
      system: System;
      subject: string;
      description: string;
      now: Date;
      inboundMailId: string;
      acknowledge: boolean;
      decision?: IntakeDecision;
      requester?: OpenedCaseFacts["requester"];
    },
  ) => {
    const { system } = options;
    const result = await intakeInTransaction(tx, {
      caller: options.caller,
      requesterId: options.caller.userId,
      system,
      input: {
        systemId: system.id,
        subject: options.subject,
        description: options.description,
        affectedPercent: 0,
        canKeepWorking: true,
        checklist: Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, false])),
      },
      channel: "email",
      now: options.now,
      checklistConfirmed: false,
      suggestedPriority: "P2",
      origin: { inboundMailId: options.inboundMailId },
      ...(options.decision ? { decision: options.decision } : {}),
      acknowledge: options.acknowledge,
      ...(options.requester ? { requester: options.requester } : {}),
    });
    return result;
  };

  return {
    openCase,
    intakeInTransaction,
    openCaseFromMail,
    entitlements,
    entitlementsOf,
    /** The systems under contract of several organizations, read once for a batch of mail. */
    loadUnderContract: heldRequests.loadUnderContract,
    recordAttempt,
  };
};
