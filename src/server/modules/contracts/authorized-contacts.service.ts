import type { z } from "zod";
import type { createTrainingRecordBodySchema } from "../../../api/contracts";
import { checkTrainingDates, decideAuthorization } from "../../../domain/contracts/authorized-contacts";
import { type Actor, authorize, scopeOf } from "../../platform/actor";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, invalidField, notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import * as contactsRepo from "./authorized-contacts.repository";
import { todayOf } from "./contract-context";
import * as repo from "./contracts.repository";

export const createAuthorizedContactsService = ({ db, clock }: ServiceDeps) => {
  const visibleContact = async (caller: Actor, contactId: string) => {
    const contact = await contactsRepo.findContactForAuthorization(db, contactId);
    const scope = scopeOf(caller);
    if (!contact || (scope.kind === "organization" && scope.organizationId !== contact.organizationId)) {
      throw notFound("contact");
    }
    return contact;
  };

  const listTraining = async (actor: Actor | null, contactId: string) => {
    const caller = authorize(actor, "training:read");
    await visibleContact(caller, contactId);
    return contactsRepo.findTrainingRecords(db, contactId);
  };

  const addTraining = async (
    actor: Actor | null,
    contactId: string,
    input: z.output<typeof createTrainingRecordBodySchema>,
  ) => {
    const caller = authorize(actor, "training:write");
    const contact = await visibleContact(caller, contactId);
    const dates = checkTrainingDates({
      completedOn: input.completedOn,
      expiresOn: input.expiresOn ?? null,
      today: todayOf(clock),
    });
    if (!dates.ok) {
      throw dates.reason === "completed_in_future"
        ? invalidField({ reason: "training_in_future" }, { field: "completedOn", code: "in_future" })
        : invalidField(
            { reason: "training_expiry_before_completion" },
            { field: "expiresOn", code: "before", params: { other: "completedOn" } },
          );
    }
    return db.transaction().execute(async (tx) => {
      const record = await contactsRepo.insertTrainingRecord(tx, {
        contactId,
        course: input.course,
        completedOn: input.completedOn,
        certificateId: input.certificateId ?? null,
        expiresOn: input.expiresOn ?? null,
        now: clock.now(),
      });
      await insertAudit(tx, {
        actor: caller,
        action: "contact.training_added",
        entity: "contact",
        entityId: contactId,
        organizationId: contact.organizationId,
        details: { ...input },
      });
      return record;
    });
  };

  const removeTraining = async (actor: Actor | null, contactId: string, recordId: string) => {
    const caller = authorize(actor, "training:write");
    const contact = await visibleContact(caller, contactId);
    await db.transaction().execute(async (tx) => {
      if (!(await contactsRepo.deleteTrainingRecord(tx, contactId, recordId)))
        throw notFound("training_record");
      await insertAudit(tx, {
        actor: caller,
        action: "contact.training_removed",
        entity: "contact",
        entityId: contactId,
        organizationId: contact.organizationId,
        details: { recordId },
      });
    });
  };

  /** Trained, of the contract's organization, within the plan's seats; serialised per contract. */
  const authorizeContact = async (actor: Actor | null, contractId: string, contactId: string) => {
    const caller = authorize(actor, "authorized-contacts:write");
    await db.transaction().execute(async (tx) => {
      await repo.lockContract(tx, contractId);
      const contract = await repo.findContract(tx, { kind: "all" }, contractId);
      if (!contract) throw notFound("contract");
      const contact = await contactsRepo.findContactForAuthorization(tx, contactId);
      if (!contact) {
        throw invalidField(
          { reason: "contact_not_customer" },
          { field: "contactId", code: "not_customer_contact" },
        );
      }
      const decision = decideAuthorization({
        contact: { ...contact, training: await contactsRepo.findTrainingRecords(tx, contactId) },
        contract: {
          organizationId: contract.organizationId,
          authorizedContactIds: contract.authorizedContacts.map((c) => c.id),
        },
        maxAuthorizedContacts: contract.planSettings.maxAuthorizedContacts,
        on: todayOf(clock),
      });
      if (!decision.ok) {
        switch (decision.reason) {
          case "seat_limit":
            throw new AppError("seat_limit_reached", {
              reason: "seat_limit",
              params: {
                plan: contract.planSettings.name,
                limit: decision.limit,
              },
            });
          case "already_authorized":
            throw new AppError("already_authorized", {
              reason: "already_authorized",
              params: { name: contact.name, number: contract.number },
            });
          case "no_training":
            throw new AppError("training_required", {
              reason: "no_training",
              params: { name: contact.name },
            });
          case "contact_of_another_organization":
            throw new AppError("contact_not_eligible", {
              reason: "contact_of_another_organization",
              params: { name: contact.name, organization: contract.organizationName },
            });
          case "contact_inactive":
            throw new AppError("contact_not_eligible", {
              reason: "contact_inactive",
              params: { name: contact.name },
            });
        }
      }
      const before = contract.authorizedContacts.map((c) => c.id);
      await contactsRepo.insertAuthorizedContacts(tx, contractId, [contactId], clock.now());
      await insertAudit(tx, {
        actor: caller,
        action: "contract.contact_authorized",
        entity: "contract",
        entityId: contractId,
        organizationId: contract.organizationId,
        details: { contactId, contactName: contact.name, before, after: [...before, contactId] },
      });
    });
  };

  const removeAuthorizedContact = async (actor: Actor | null, contractId: string, contactId: string) => {
    const caller = authorize(actor, "authorized-contacts:write");
    await db.transaction().execute(async (tx) => {
      await repo.lockContract(tx, contractId);
      const contract = await repo.findContract(tx, { kind: "all" }, contractId);
      if (!contract) throw notFound("contract");
      const before = contract.authorizedContacts.map((c) => c.id);
      const removed = contract.authorizedContacts.find((c) => c.id === contactId);
      if (!removed || !(await contactsRepo.deleteAuthorizedContact(tx, contractId, contactId))) {
        throw notFound("authorized_contact");
      }
      await insertAudit(tx, {
        actor: caller,
        action: "contract.contact_removed",
        entity: "contract",
        entityId: contractId,
        organizationId: contract.organizationId,
        details: {
          contactId,
          contactName: removed.name,
          before,
          after: before.filter((id) => id !== contactId),
        },
      });
    });
  };

  return { listTraining, addTraining, removeTraining, authorizeContact, removeAuthorizedContact };
};

export type AuthorizedContactsService = ReturnType<typeof createAuthorizedContactsService>;
