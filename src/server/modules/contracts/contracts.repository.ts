import { type ExpressionBuilder, sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { BillingLine, ContractKind } from "../../../api/contracts";
import type { PlanSettings } from "../../../domain/contracts/plan";
import type { Scope } from "../../platform/actor";
import type { Database, DB } from "../../platform/db";
import { decodeCursor, type Page, toPage } from "../../platform/pagination";
import { matches } from "../../platform/search";

const contractQuery = (db: Database, scope: Scope) => {
  let query = db
    .selectFrom("contracts as c")
    .innerJoin("organizations as o", "o.id", "c.organization_id")
    .innerJoin("customer_systems as s", "s.id", "c.system_id")
    .innerJoin("products as p", "p.id", "s.product_id")
    .select([
      "c.id",
      "c.number",
      "c.organization_id",
      "o.name as organization_name",
      "c.system_id",
      "s.name as system_name",
      "p.name as product_name",
      "c.plan_id",
      "c.plan_settings",
      "c.kind",
      "c.start_date",
      "c.end_date",
      "c.sale_price_cents",
      "c.annual_fee_cents",
      "c.billed_cents",
      "c.billing_lines",
      "c.purchase_order",
      "c.notes",
      "c.previous_contract_id",
      "c.created_at",
      "c.updated_at",
      "o.account_executive_id",
      (eb) =>
        eb
          .selectFrom("contracts as n")
          .select("n.id")
          .whereRef("n.previous_contract_id", "=", "c.id")
          .limit(1)
          .as("successor_contract_id"),
    ]);
  if (scope.kind === "organization") query = query.where("c.organization_id", "=", scope.organizationId);
  return query;
};

type RawContract = Awaited<ReturnType<ReturnType<typeof contractQuery>["executeTakeFirstOrThrow"]>>;

export type ContractRow = {
  id: string;
  number: string;
  organizationId: string;
  organizationName: string;
  systemId: string;
  systemName: string;
  productName: string;
  planId: string;
  planSettings: PlanSettings;
  kind: ContractKind;
  startDate: string;
  endDate: string;
  salePriceCents: number;
  annualFeeCents: number;
  billedCents: number;
  billingLines: BillingLine[];
  purchaseOrder: string | null;
  notes: string;
  previousContractId: string | null;
  successorContractId: string | null;
  createdAt: Date;
  updatedAt: Date;
  authorizedContacts: { id: string; name: string; email: string; authorizedAt: Date }[];
};

const toContractRow = (
  r: RawContract,
  authorizedContacts: ContractRow["authorizedContacts"],
): ContractRow => ({
  id: r.id,
  number: r.number,
  organizationId: r.organization_id,
  organizationName: r.organization_name,
  systemId: r.system_id,
  systemName: r.system_name,
  productName: r.product_name,
  planId: r.plan_id,
  planSettings: r.plan_settings as PlanSettings,
  kind: r.kind as ContractKind,
  startDate: r.start_date,
  endDate: r.end_date,
  salePriceCents: Number(r.sale_price_cents),
  annualFeeCents: Number(r.annual_fee_cents),
  billedCents: Number(r.billed_cents),
  billingLines: r.billing_lines as BillingLine[],
  purchaseOrder: r.purchase_order,
  notes: r.notes,
  previousContractId: r.previous_contract_id,
  successorContractId: r.successor_contract_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  authorizedContacts,
});

export type ContractFilter = {
  q?: string | undefined;
  organizationId?: string | undefined;
  systemId?: string | undefined;
  planId?: string | undefined;
  status?: "upcoming" | "current" | "expired" | undefined;
  endingWithinDays?: number | undefined;
  accountExecutiveId?: string | undefined;
  /** Only contracts no later contract renews (the renewal pipeline). */
  notRenewed?: boolean;
  limit: number;
  cursor?: string | undefined;
};

/** Ordered by end date, soonest first (the renewal pipeline's order). */
export const findContracts = async (
  db: Database,
  scope: Scope,
  filter: ContractFilter & { today: string },
): Promise<Page<ContractRow>> => {
  let query = contractQuery(db, scope).select(contactsColumn);
  if (filter.organizationId) query = query.where("c.organization_id", "=", filter.organizationId);
  if (filter.systemId) query = query.where("c.system_id", "=", filter.systemId);
  if (filter.planId) query = query.where("c.plan_id", "=", filter.planId);
  if (filter.accountExecutiveId)
    query = query.where("o.account_executive_id", "=", filter.accountExecutiveId);
  if (filter.notRenewed) {
    query = query.where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom("contracts as n").select("n.id").whereRef("n.previous_contract_id", "=", "c.id")),
      ),
    );
  }
  if (filter.status === "upcoming") query = query.where("c.start_date", ">", filter.today);
  if (filter.status === "expired") query = query.where("c.end_date", "<", filter.today);
  if (filter.status === "current" || filter.endingWithinDays !== undefined) {
    query = query.where("c.start_date", "<=", filter.today).where("c.end_date", ">=", filter.today);
  }
  if (filter.endingWithinDays !== undefined) {
    query = query.where(sql<boolean>`c.end_date <= ${filter.today}::date + ${filter.endingWithinDays}::int`);
  }
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) =>
      eb.or([matches("c.number", q), matches("o.name", q), matches("s.name", q), matches("p.name", q)]),
    );
  }
  const after = decodeCursor(filter.cursor, ["date", "uuid"]);
  if (after) query = query.where(sql<boolean>`(c.end_date, c.id) > (${after[0]}::date, ${after[1]}::uuid)`);
  const rows = await query
    .orderBy("c.end_date")
    .orderBy("c.id")
    .limit(filter.limit + 1)
    .execute();
  const page = toPage(
    rows,
    filter.limit,
    (r) => r,
    (r) => [r.end_date, r.id],
  );
  return {
    items: page.items.map(({ contacts, ...r }) => toContractRow(r, fromContactsColumn(contacts))),
    nextCursor: page.nextCursor,
  };
};

export const findContract = async (db: Database, scope: Scope, id: string): Promise<ContractRow | null> => {
  const row = await contractQuery(db, scope).select(contactsColumn).where("c.id", "=", id).executeTakeFirst();
  if (!row) return null;
  const { contacts, ...contract } = row;
  return toContractRow(contract, fromContactsColumn(contacts));
};

/** A system's contracts with their authorized contacts, in one round trip. */
export const findContractsOfSystem = (db: Database, systemId: string): Promise<ContractRow[]> =>
  findContractsOfSystems(db, [systemId]);

/** A contract's authorized contacts as a JSON column of the contract query (one round trip for both). */
const contactsColumn = (eb: ExpressionBuilder<DB & { c: DB["contracts"] }, "c">) =>
  jsonArrayFrom(
    eb
      .selectFrom("contract_contacts as cc")
      .innerJoin("users as u", "u.id", "cc.contact_id")
      .select(["u.id", "u.name", "u.email", "cc.authorized_at"])
      .whereRef("cc.contract_id", "=", "c.id")
      .orderBy("cc.authorized_at"),
  ).as("contacts");

/** JSON carries the instant as text. */
const fromContactsColumn = (contacts: { id: string; name: string; email: string; authorized_at: string }[]) =>
  contacts.map((c) => ({ id: c.id, name: c.name, email: c.email, authorizedAt: new Date(c.authorized_at) }));

/** The contracts of several systems with their authorized contacts, in one round trip (case intake). */
export const findContractsOfSystems = async (
  db: Database,
  systemIds: readonly string[],
): Promise<ContractRow[]> => {
  if (!systemIds.length) return [];
  const rows = await contractQuery(db, { kind: "all" })
    .select(contactsColumn)
    .where("c.system_id", "in", systemIds)
    .orderBy("c.start_date")
    .execute();
  return rows.map(({ contacts, ...r }) => toContractRow(r, fromContactsColumn(contacts)));
};

export type UnderContract = { systems: IntakeSystemRow[]; contracts: ContractRow[] };

/**
 * The contracts of some organizations' systems with their authorized contacts, and those systems — one round
 * trip, for intake that can only open cases under a contract (email; a batch of messages at once).
 */
export const findContractsOfOrganizations = async (
  db: Database,
  organizationIds: readonly string[],
): Promise<Map<string, UnderContract>> => {
  const result = new Map<string, UnderContract>(
    organizationIds.map((id) => [id, { systems: [], contracts: [] }]),
  );
  if (!organizationIds.length) return result;
  const rows = await contractQuery(db, { kind: "all" })
    .select((eb) => [
      "s.organization_id as system_organization_id",
      "s.environment as system_environment",
      "s.installed_version as system_installed_version",
      "s.product_id as system_product_id",
      contactsColumn(eb),
    ])
    .where("s.organization_id", "in", organizationIds)
    .orderBy("c.start_date")
    .execute();
  for (const {
    contacts,
    system_organization_id,
    system_environment,
    system_installed_version,
    system_product_id,
    ...r
  } of rows) {
    const entry = result.get(system_organization_id)!;
    if (!entry.systems.some((s) => s.id === r.system_id)) {
      entry.systems.push({
        id: r.system_id,
        organization_id: system_organization_id,
        name: r.system_name,
        environment: system_environment,
        installed_version: system_installed_version,
        product_id: system_product_id,
        product_name: r.product_name,
      });
    }
    entry.contracts.push(toContractRow(r, fromContactsColumn(contacts)));
  }
  for (const entry of result.values())
    entry.systems.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  return result;
};

/** An organization's systems, with what opening a case on one of them needs. */
export const findSystemsForIntake = (db: Database, organizationId: string) =>
  db
    .selectFrom("customer_systems as s")
    .innerJoin("products as p", "p.id", "s.product_id")
    .select([
      "s.id",
      "s.organization_id",
      "s.name",
      "s.environment",
      "s.installed_version",
      "s.product_id",
      "p.name as product_name",
    ])
    .where("s.organization_id", "=", organizationId)
    .orderBy(sql`lower(s.name)`)
    .execute();
export type IntakeSystemRow = Awaited<ReturnType<typeof findSystemsForIntake>>[number];

/** Serialises changes to a system's contracts (renewal, reinstatement) and to a contract's seats. */
export const lockSystem = async (db: Database, systemId: string) => {
  await db.selectFrom("customer_systems").select("id").where("id", "=", systemId).forUpdate().execute();
};
export const lockContract = async (db: Database, contractId: string) => {
  await db.selectFrom("contracts").select("id").where("id", "=", contractId).forUpdate().execute();
};

export const findSystemOwner = async (db: Database, scope: Scope, systemId: string) => {
  let query = db.selectFrom("customer_systems").select(["id", "organization_id"]).where("id", "=", systemId);
  if (scope.kind === "organization") query = query.where("organization_id", "=", scope.organizationId);
  const row = await query.executeTakeFirst();
  return row ? { id: row.id, organizationId: row.organization_id } : null;
};

export const insertContract = async (
  db: Database,
  values: {
    organizationId: string;
    systemId: string;
    planId: string;
    planSettings: PlanSettings;
    kind: ContractKind;
    startDate: string;
    endDate: string;
    salePriceCents: number;
    annualFeeCents: number;
    billedCents: number;
    billingLines: BillingLine[];
    purchaseOrder: string | null;
    notes: string;
    previousContractId: string | null;
    now: Date;
  },
) =>
  (
    await db
      .insertInto("contracts")
      .values({
        number: sql<string>`'POL-' || to_char(${values.startDate}::date, 'YYYY') || '-' || lpad(nextval('contract_number_seq')::text, 5, '0')`,
        organization_id: values.organizationId,
        system_id: values.systemId,
        plan_id: values.planId,
        plan_settings: JSON.stringify(values.planSettings),
        kind: values.kind,
        start_date: values.startDate,
        end_date: values.endDate,
        sale_price_cents: values.salePriceCents,
        annual_fee_cents: values.annualFeeCents,
        billed_cents: values.billedCents,
        billing_lines: JSON.stringify(values.billingLines),
        purchase_order: values.purchaseOrder,
        notes: values.notes,
        previous_contract_id: values.previousContractId,
        created_at: values.now,
        updated_at: values.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

export const updateContract = async (
  db: Database,
  id: string,
  values: { purchaseOrder?: string | null | undefined; notes?: string | undefined; now: Date },
) => {
  await db
    .updateTable("contracts")
    .set({
      purchase_order: values.purchaseOrder,
      notes: values.notes,
      updated_at: values.now,
    })
    .where("id", "=", id)
    .execute();
};
