import { compareDates, type LocalDate } from "./local-date";

export type TrainingRecord = { course: string; completedOn: LocalDate; expiresOn: LocalDate | null };

/** Training counts when completed on or before D and not expired on D. */
export const hasValidTraining = (records: readonly TrainingRecord[], on: LocalDate): boolean =>
  records.some(
    (r) =>
      compareDates(r.completedOn, on) <= 0 && (r.expiresOn === null || compareDates(on, r.expiresOn) <= 0),
  );

export type AuthorizationDecision =
  | { ok: true }
  | {
      ok: false;
      reason: "contact_of_another_organization" | "contact_inactive" | "no_training" | "already_authorized";
    }
  | { ok: false; reason: "seat_limit"; limit: number };

/** A training record as entered: completed by today, and not expiring before it was completed. */
export const checkTrainingDates = (record: {
  completedOn: LocalDate;
  expiresOn: LocalDate | null;
  today: LocalDate;
}): { ok: true } | { ok: false; reason: "completed_in_future" | "expires_before_completion" } => {
  if (compareDates(record.completedOn, record.today) > 0) return { ok: false, reason: "completed_in_future" };
  if (record.expiresOn && compareDates(record.expiresOn, record.completedOn) < 0)
    return { ok: false, reason: "expires_before_completion" };
  return { ok: true };
};

/**
 * May this contact become an authorized contact of the contract? (SPEC §3: trained, of the contract's
 * organization, within the plan's limit.)
 */
export const decideAuthorization = (options: {
  contact: { id: string; organizationId: string; active: boolean; training: readonly TrainingRecord[] };
  contract: { organizationId: string; authorizedContactIds: readonly string[] };
  maxAuthorizedContacts: number;
  on: LocalDate;
}): AuthorizationDecision => {
  const { contact, contract } = options;
  if (contact.organizationId !== contract.organizationId)
    return { ok: false, reason: "contact_of_another_organization" };
  if (!contact.active) return { ok: false, reason: "contact_inactive" };
  if (contract.authorizedContactIds.includes(contact.id)) return { ok: false, reason: "already_authorized" };
  if (!hasValidTraining(contact.training, options.on)) return { ok: false, reason: "no_training" };
  if (contract.authorizedContactIds.length >= options.maxAuthorizedContacts) {
    return { ok: false, reason: "seat_limit", limit: options.maxAuthorizedContacts };
  }
  return { ok: true };
};
