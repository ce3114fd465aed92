import { sql } from "kysely";
import type { Contact, Organization } from "../../../api/organizations";
import type { Scope } from "../../platform/actor";
import type { Database } from "../../platform/db";
import { decodeCursor, type Page, toPage } from "../../platform/pagination";
import { matches } from "../../platform/search";

const orgQuery = (db: Database, scope: Scope) => {
  let query = db
    .selectFrom("organizations as o")
    .leftJoin("users as ae", "ae.id", "o.account_executive_id")
    .select([
      "o.id",
      "o.name",
      "o.rfc",
      "o.email_domains",
      "o.time_zone",
      "o.created_at",
      "o.updated_at",
      "ae.id as ae_id",
      "ae.name as ae_name",
    ]);
  if (scope.kind === "organization") query = query.where("o.id", "=", scope.organizationId);
  return query;
};

type OrgRow = Awaited<ReturnType<ReturnType<typeof orgQuery>["executeTakeFirstOrThrow"]>>;

const toOrganization = (row: OrgRow): Organization => ({
  id: row.id,
  name: row.name,
  rfc: row.rfc,
  emailDomains: row.email_domains,
  timeZone: row.time_zone,
  accountExecutive: row.ae_id && row.ae_name ? { id: row.ae_id, name: row.ae_name } : null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export const findOrganizations = async (
  db: Database,
  scope: Scope,
  filter: {
    q?: string | undefined;
    accountExecutiveId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<Organization>> => {
  let query = orgQuery(db, scope);
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) =>
      eb.or([
        matches("o.name", q),
        matches("o.rfc", q),
        matches(sql<string>`array_to_string(o.email_domains, ' ')`, q),
      ]),
    );
  }
  if (filter.accountExecutiveId)
    query = query.where("o.account_executive_id", "=", filter.accountExecutiveId);
  const after = decodeCursor(filter.cursor, ["text", "uuid"]);
  if (after) query = query.where(sql<boolean>`(lower(o.name), o.id) > (${after[0]}, ${after[1]}::uuid)`);
  const rows = await query
    .orderBy(sql`lower(o.name)`)
    .orderBy("o.id")
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toOrganization, (r) => [r.name.toLowerCase(), r.id]);
};

export const findOrganization = async (
  db: Database,
  scope: Scope,
  id: string,
): Promise<Organization | null> => {
  const row = await orgQuery(db, scope).where("o.id", "=", id).executeTakeFirst();
  return row ? toOrganization(row) : null;
};

export type OrganizationValues = {
  name: string;
  rfc: string | null;
  emailDomains: string[];
  timeZone: string;
  accountExecutiveId: string | null;
};

export const insertOrganization = async (db: Database, values: OrganizationValues & { now: Date }) => {
  const row = await db
    .insertInto("organizations")
    .values({
      name: values.name,
      rfc: values.rfc,
      email_domains: values.emailDomains,
      time_zone: values.timeZone,
      account_executive_id: values.accountExecutiveId,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
};

export const updateOrganization = async (
  db: Database,
  id: string,
  values: Partial<OrganizationValues> & { now: Date },
): Promise<boolean> => {
  const result = await db
    .updateTable("organizations")
    .set({
      name: values.name,
      rfc: values.rfc,
      email_domains: values.emailDomains,
      time_zone: values.timeZone,
      account_executive_id: values.accountExecutiveId,
      updated_at: values.now,
    })
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
};

export const isAccountExecutive = async (db: Database, userId: string): Promise<boolean> =>
  (await db
    .selectFrom("users")
    .select("id")
    .where("id", "=", userId)
    .where("role", "=", "account_executive")
    .where("active", "=", true)
    .executeTakeFirst()) !== undefined;

const contactQuery = (db: Database, scope: Scope) => {
  let query = db
    .selectFrom("users as u")
    .innerJoin("organizations as o", "o.id", "u.organization_id")
    // a bounce said the address does not take mail (until mail from it arrives or staff clear it)
    .leftJoin("undeliverable_addresses as x", (join) => join.on(sql<boolean>`x.address = lower(u.email)`))
    .select([
      "u.id",
      "u.organization_id",
      "o.name as organization_name",
      "u.name",
      "u.email",
      "u.phone",
      "u.preferred_language",
      "u.active",
      sql<boolean>`u.password_hash IS NOT NULL`.as("can_sign_in"),
      "u.created_at",
      "u.updated_at",
      "x.since as undeliverable_since",
      "x.status as undeliverable_status",
      "x.diagnostic as undeliverable_diagnostic",
    ])
    .where("u.role", "=", "customer_contact");
  if (scope.kind === "organization") query = query.where("u.organization_id", "=", scope.organizationId);
  return query;
};

type ContactRow = Awaited<ReturnType<ReturnType<typeof contactQuery>["executeTakeFirstOrThrow"]>>;

const toContact = (row: ContactRow): Contact => ({
  id: row.id,
  organizationId: row.organization_id!,
  organizationName: row.organization_name,
  name: row.name,
  email: row.email,
  phone: row.phone,
  preferredLanguage: row.preferred_language as Contact["preferredLanguage"],
  active: row.active,
  canSignIn: row.can_sign_in,
  mailUndeliverable: row.undeliverable_since
    ? {
        since: row.undeliverable_since.toISOString(),
        status: row.undeliverable_status,
        diagnostic: row.undeliverable_diagnostic,
      }
    : null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export const findContacts = async (
  db: Database,
  scope: Scope,
  filter: {
    q?: string | undefined;
    organizationId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<Contact>> => {
  let query = contactQuery(db, scope);
  if (filter.organizationId) query = query.where("u.organization_id", "=", filter.organizationId);
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) => eb.or([matches("u.name", q), matches("u.email", q)]));
  }
  const after = decodeCursor(filter.cursor, ["text", "uuid"]);
  if (after) query = query.where(sql<boolean>`(lower(u.name), u.id) > (${after[0]}, ${after[1]}::uuid)`);
  const rows = await query
    .orderBy(sql`lower(u.name)`)
    .orderBy("u.id")
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toContact, (r) => [r.name.toLowerCase(), r.id]);
};

export const findContact = async (db: Database, scope: Scope, id: string): Promise<Contact | null> => {
  const row = await contactQuery(db, scope).where("u.id", "=", id).executeTakeFirst();
  return row ? toContact(row) : null;
};

export type ContactValues = {
  name: string;
  email: string;
  phone: string | null;
  preferredLanguage: string;
  active: boolean;
};

export const insertContact = async (
  db: Database,
  values: Omit<ContactValues, "active"> & { organizationId: string; passwordHash: string | null; now: Date },
) => {
  const row = await db
    .insertInto("users")
    .values({
      role: "customer_contact",
      organization_id: values.organizationId,
      name: values.name,
      email: values.email,
      phone: values.phone,
      preferred_language: values.preferredLanguage,
      password_hash: values.passwordHash,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
};

export const updateContact = async (
  db: Database,
  id: string,
  values: Partial<ContactValues> & { now: Date },
): Promise<boolean> => {
  const result = await db
    .updateTable("users")
    .set({
      name: values.name,
      email: values.email,
      phone: values.phone,
      preferred_language: values.preferredLanguage,
      active: values.active,
      updated_at: values.now,
    })
    .where("id", "=", id)
    .where("role", "=", "customer_contact")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
};

/** A contact's address takes mail again (staff checked it): the bounce's mark goes. True when it was marked. */
export const clearContactUndeliverable = async (db: Database, contactId: string) =>
  Number(
    (
      await db
        .deleteFrom("undeliverable_addresses")
        .where(
          "address",
          "=",
          db
            .selectFrom("users")
            .select(sql<string>`lower(email)`.as("address"))
            .where("id", "=", contactId)
            .where("role", "=", "customer_contact"),
        )
        .executeTakeFirst()
    ).numDeletedRows,
  ) > 0;
