import { CHECKLIST_ITEMS, type Channel } from "../../../api/cases";
import type { HeldRequest } from "../../../api/contracts";
import type { Environment } from "../../../domain/catalog/environment";
import { PRIORITIES, type Priority } from "../../../domain/sla/sla-clock";
import { type Actor, actorUserId, authorize } from "../../platform/actor";
import type { ServiceDeps } from "../../platform/deps";
import { AppError } from "../../platform/errors";
import { transact } from "../../platform/write-later";
import { insertAudit } from "../audit";
import type { HeldRequestsService } from "../contracts";
import * as attachmentsRepo from "./case-attachments.repository";
import type { createCaseEmailService } from "./case-email.service";
import type { createCaseIntakeService } from "./case-intake.service";
import * as repo from "./cases.repository";
import type { HeldDetails } from "./held-request-details";

type IntakeService = ReturnType<typeof createCaseIntakeService>;

const isPriority = (value: unknown): value is Priority => PRIORITIES.includes(value as Priority);

/**
 * Releasing a held request with its purchase order opens its case under the contract that order bought:
 * registered now (its clock starts now, not when it was held), with the original report and an email's
 * attachments, acknowledged to the requester like any new case. The release and the case commit together:
 * a request whose system has no current contract yet, or whose requester is not authorized on it, stays
 * held and the desk is told why.
 */
export const createHeldRequestReleaseService = (
  { db, clock }: ServiceDeps,
  features: {
    heldRequests: HeldRequestsService;
    intake: IntakeService;
    email: ReturnType<typeof createCaseEmailService>;
  },
) => {
  const releaseHeldRequest = async (
    actor: Actor | null,
    id: string,
    purchaseOrder: string,
  ): Promise<HeldRequest> => {
    const caller = authorize(actor, "held-requests:release");
    const shown = await features.heldRequests.getHeldRequest(caller, id);
    const now = new Date(Math.floor(clock.now().getTime() / 1000) * 1000);
    await transact(db, async (tx) => {
      const held = await features.heldRequests.markReleased(tx, {
        id,
        purchaseOrder,
        releasedBy: actorUserId(caller),
        now,
      });
      const system = held.system_id ? await repo.findSystemForIntake(tx, held.system_id) : null;
      if (!system || !held.requester_id)
        throw new AppError("held_request_not_entitled", { reason: "held_request_without_system" });
      const decision = await features.heldRequests.decideIntake({
        personId: held.requester_id,
        systemId: system.id,
        at: now,
        tx,
      });
      if (decision.outcome !== "accepted") {
        throw new AppError(
          "held_request_not_entitled",
          decision.outcome === "held_po_required"
            ? { reason: "held_request_needs_contract", params: { system: system.name } }
            : {
                reason: "held_request_requester_not_authorized",
                params: { name: shown.requester?.name ?? "—", system: system.name },
              },
        );
      }
      const details = (held.details ?? {}) as HeldDetails;
      const opened = await features.intake.intakeInTransaction(tx, {
        caller,
        requesterId: held.requester_id,
        system,
        input: {
          systemId: system.id,
          subject: held.subject,
          description: details.description || held.subject,
          affectedPercent: details.affectedPercent ?? 0,
          canKeepWorking: details.canKeepWorking ?? true,
          checklist: details.checklist ?? Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, false])),
          ...(details.environment ? { environment: details.environment as Environment } : {}),
          ...(isPriority(details.proposedPriority) ? { proposedPriority: details.proposedPriority } : {}),
        },
        channel: held.channel as Channel,
        now,
        checklistConfirmed: details.checklistConfirmed ?? false,
        ...(isPriority(details.suggestedPriority) ? { suggestedPriority: details.suggestedPriority } : {}),
        origin: { ...(details.origin ?? {}), heldRequestId: id, heldAt: held.created_at.toISOString() },
        decision,
      });
      if (opened.outcome !== "opened") throw new Error(`held request ${id} did not open a case`);
      const files = await attachmentsRepo.takeHeldAttachments(tx, id);
      await features.email.attach(tx, {
        caseId: opened.caseId,
        eventId: opened.createdEventId,
        uploadedBy: held.requester_id,
        attachments: files.map((f) => ({
          filename: f.filename,
          contentType: f.content_type,
          content: f.content,
        })),
        now,
      });
      await features.heldRequests.setCase(tx, id, opened.caseId);
      await insertAudit(tx, {
        actor: caller,
        action: "held_request.released",
        entity: "held_request",
        entityId: id,
        organizationId: held.organization_id,
        details: { purchaseOrder, caseId: opened.caseId, attachments: files.length },
      });
    });
    return features.heldRequests.getHeldRequest(caller, id);
  };

  return { releaseHeldRequest };
};
