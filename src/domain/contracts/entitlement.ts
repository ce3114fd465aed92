import { isCurrentOn } from "./contract-term";
import { compareDates, type LocalDate } from "./local-date";

export type IntakePerson = { id: string; role: string; organizationId: string | null; active: boolean };
export type IntakeSystem = { id: string; organizationId: string };
export type IntakeContract = {
  id: string;
  planId: string;
  systemId: string;
  startDate: LocalDate;
  endDate: LocalDate;
  authorizedContactIds: readonly string[];
};

export type IntakeDecision<C extends IntakeContract, P> =
  | { outcome: "accepted"; contract: C; plan: P }
  | { outcome: "refused_not_authorized"; messageKey: "intake.refused.notAuthorized" }
  | { outcome: "held_po_required"; lastContract: C | null; messageKey: "intake.held.purchaseOrderRequired" }
  | {
      outcome: "refused_unknown";
      reason: "unknown_sender" | "unknown_system";
      messageKey: "intake.refused.unknownSender" | "intake.refused.unknownSystem";
    };

/**
 * May this person open a case for this system now? The one rule every channel (portal, phone, email, API)
 * asks (SPEC §3):
 * - an unknown or inactive sender, or a system that is not their organization's → refused_unknown;
 * - a current contract on which the person is an authorized contact → accepted;
 * - a current contract, not authorized → refused_not_authorized (go through an authorized contact);
 * - no current contract → held_po_required, unless the last contract shows the person was never one of
 *   its authorized contacts (then refused_not_authorized, as anyone else would be).
 */
export const decideCaseIntake = <C extends IntakeContract, P extends { id: string }>(options: {
  person: IntakePerson | null;
  system: IntakeSystem | null;
  /** The request's local date in the vendor's time zone. */
  at: LocalDate;
  contracts: readonly C[];
  plans: readonly P[];
}): IntakeDecision<C, P> => {
  const { person, system, at } = options;
  if (!person?.active || person.role !== "customer_contact" || !person.organizationId) {
    return {
      outcome: "refused_unknown",
      reason: "unknown_sender",
      messageKey: "intake.refused.unknownSender",
    };
  }
  if (!system || system.organizationId !== person.organizationId) {
    return {
      outcome: "refused_unknown",
      reason: "unknown_system",
      messageKey: "intake.refused.unknownSystem",
    };
  }
  const ofSystem = options.contracts.filter((c) => c.systemId === system.id);
  const current = ofSystem.find((c) => isCurrentOn(c, at));
  if (current) {
    const plan = options.plans.find((p) => p.id === current.planId);
    if (current.authorizedContactIds.includes(person.id) && plan) {
      return { outcome: "accepted", contract: current, plan };
    }
    return { outcome: "refused_not_authorized", messageKey: "intake.refused.notAuthorized" };
  }
  const last =
    ofSystem
      .filter((c) => compareDates(c.startDate, at) <= 0)
      .sort((a, b) => compareDates(b.endDate, a.endDate))[0] ?? null;
  if (last && !last.authorizedContactIds.includes(person.id)) {
    return { outcome: "refused_not_authorized", messageKey: "intake.refused.notAuthorized" };
  }
  return { outcome: "held_po_required", lastContract: last, messageKey: "intake.held.purchaseOrderRequired" };
};
