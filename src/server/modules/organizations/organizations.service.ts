import type { z } from "zod";
import type {
  createContactBodySchema,
  createOrganizationBodySchema,
  listContactsQuerySchema,
  listOrganizationsQuerySchema,
  updateContactBodySchema,
  updateOrganizationBodySchema,
} from "../../../api/organizations";
import { type Actor, authorize, scopeOf } from "../../platform/actor";
import { EMAIL_TAKEN, rethrowConflicts } from "../../platform/conflicts";
import type { ServiceDeps } from "../../platform/deps";
import { invalidField, notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import { hashPassword } from "../auth";
import * as repo from "./organizations.repository";

type CreateOrganization = z.output<typeof createOrganizationBodySchema>;
type UpdateOrganization = z.output<typeof updateOrganizationBodySchema>;
type CreateContact = z.output<typeof createContactBodySchema>;
type UpdateContact = z.output<typeof updateContactBodySchema>;

const rethrowConflict = rethrowConflicts({
  organizations_name_key: {
    why: { reason: "organization_name_taken" },
    error: { field: "name", code: "taken", params: { entity: "organization" } },
  },
  organizations_rfc_key: {
    why: { reason: "organization_rfc_taken" },
    error: { field: "rfc", code: "taken", params: { entity: "organization" } },
  },
  ...EMAIL_TAKEN,
});

export const createOrganizationsService = (
  { db, clock }: ServiceDeps,
  features: {
    /** A contact's change is committed: sign-ins kept in memory are checked again. */
    forgetSignIns: () => void;
  },
) => {
  const checkAccountExecutive = async (id: string | null | undefined) => {
    if (id && !(await repo.isAccountExecutive(db, id))) {
      throw invalidField(
        { reason: "account_executive_invalid" },
        { field: "accountExecutiveId", code: "not_active_account_executive" },
      );
    }
  };

  const getOrganization = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "organizations:read");
    const org = await repo.findOrganization(db, scopeOf(caller), id);
    if (!org) throw notFound("organization");
    return org;
  };

  const listOrganizations = (actor: Actor | null, query: z.output<typeof listOrganizationsQuerySchema>) =>
    repo.findOrganizations(db, scopeOf(authorize(actor, "organizations:read")), query);

  const createOrganization = async (actor: Actor | null, input: CreateOrganization) => {
    const caller = authorize(actor, "organizations:write");
    await checkAccountExecutive(input.accountExecutiveId);
    const id = await db
      .transaction()
      .execute(async (tx) => {
        const id = await repo.insertOrganization(tx, {
          name: input.name,
          rfc: input.rfc ?? null,
          emailDomains: [...new Set(input.emailDomains)],
          timeZone: input.timeZone,
          accountExecutiveId: input.accountExecutiveId ?? null,
          now: clock.now(),
        });
        await insertAudit(tx, {
          actor: caller,
          action: "organization.created",
          entity: "organization",
          entityId: id,
          organizationId: id,
          details: { ...input },
        });
        return id;
      })
      .catch(rethrowConflict);
    return getOrganization(caller, id);
  };

  const updateOrganization = async (actor: Actor | null, id: string, input: UpdateOrganization) => {
    const caller = authorize(actor, "organizations:write");
    await checkAccountExecutive(input.accountExecutiveId);
    await db
      .transaction()
      .execute(async (tx) => {
        const found = await repo.updateOrganization(tx, id, {
          ...input,
          ...(input.emailDomains ? { emailDomains: [...new Set(input.emailDomains)] } : {}),
          now: clock.now(),
        });
        if (!found) throw notFound("organization");
        await insertAudit(tx, {
          actor: caller,
          action: "organization.updated",
          entity: "organization",
          entityId: id,
          organizationId: id,
          details: { ...input },
        });
      })
      .catch(rethrowConflict);
    return getOrganization(caller, id);
  };

  const getContact = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "contacts:read");
    const contact = await repo.findContact(db, scopeOf(caller), id);
    if (!contact) throw notFound("contact");
    return contact;
  };

  const listContacts = (actor: Actor | null, query: z.output<typeof listContactsQuerySchema>) =>
    repo.findContacts(db, scopeOf(authorize(actor, "contacts:read")), query);

  const listOrganizationContacts = async (
    actor: Actor | null,
    organizationId: string,
    query: z.output<typeof listContactsQuerySchema>,
  ) => {
    const caller = authorize(actor, "contacts:read");
    await getOrganization(caller, organizationId);
    return repo.findContacts(db, scopeOf(caller), { ...query, organizationId });
  };

  const createContact = async (actor: Actor | null, organizationId: string, input: CreateContact) => {
    const caller = authorize(actor, "contacts:write");
    await getOrganization(caller, organizationId);
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    const id = await db
      .transaction()
      .execute(async (tx) => {
        const id = await repo.insertContact(tx, {
          organizationId,
          name: input.name,
          email: input.email,
          phone: input.phone ?? null,
          preferredLanguage: input.preferredLanguage,
          passwordHash,
          now: clock.now(),
        });
        const { password: _omitted, ...details } = input;
        await insertAudit(tx, {
          actor: caller,
          action: "contact.created",
          entity: "contact",
          entityId: id,
          organizationId,
          details,
        });
        return id;
      })
      .catch(rethrowConflict);
    return getContact(caller, id);
  };

  const updateContact = async (actor: Actor | null, id: string, input: UpdateContact) => {
    const caller = authorize(actor, "contacts:write");
    const existing = await getContact(caller, id);
    await db
      .transaction()
      .execute(async (tx) => {
        await repo.updateContact(tx, id, { ...input, now: clock.now() });
        await insertAudit(tx, {
          actor: caller,
          action: "contact.updated",
          entity: "contact",
          entityId: id,
          organizationId: existing.organizationId,
          details: { ...input },
        });
      })
      .catch(rethrowConflict);
    features.forgetSignIns();
    return getContact(caller, id);
  };

  /** Staff checked the address: it takes mail again, whatever the last bounce said. */
  const clearMailUndeliverable = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "contacts:mail-delivery");
    const contact = await getContact(caller, id);
    await db.transaction().execute(async (tx) => {
      if (!(await repo.clearContactUndeliverable(tx, id))) return;
      await insertAudit(tx, {
        actor: caller,
        action: "contact.mail_delivery_cleared",
        entity: "contact",
        entityId: id,
        organizationId: contact.organizationId,
        details: { email: contact.email, was: contact.mailUndeliverable },
      });
    });
    return getContact(caller, id);
  };

  return {
    getOrganization,
    clearMailUndeliverable,
    listOrganizations,
    createOrganization,
    updateOrganization,
    getContact,
    listContacts,
    listOrganizationContacts,
    createContact,
    updateContact,
  };
};

export type OrganizationsService = ReturnType<typeof createOrganizationsService>;
