import { sql } from "kysely";
import {
  DEFAULT_HOUR_BANK_SETTINGS,
  type HourBankSettings,
  type HourPackageStatus,
} from "../../../domain/services/hour-bank";
import type { Scope } from "../../platform/actor";
import type { Database } from "../../platform/db";
import { decodeCursor, type Page, toPage } from "../../platform/pagination";

/** The smallest package, the low-balance share and the warning days; an admin's values over the defaults. */
export const findSettings = async (db: Database): Promise<HourBankSettings> => {
  const row = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", "hour_banks")
    .executeTakeFirst();
  return { ...DEFAULT_HOUR_BANK_SETTINGS, ...((row?.value as Partial<HourBankSettings> | undefined) ?? {}) };
};

/* ---------- packages ---------- */

const packageQuery = (db: Database, scope: Scope) => {
  let query = db
    .selectFrom("hour_bank_packages as p")
    .innerJoin("organizations as o", "o.id", "p.organization_id")
    .innerJoin("contracts as c", "c.id", "p.contract_id")
    .leftJoin("users as u", "u.id", "p.sold_by")
    .select([
      "p.id",
      "p.organization_id",
      "o.name as organization_name",
      "p.contract_id",
      "c.number as contract_number",
      "p.quarters",
      "p.used_quarters",
      "p.purchased_on",
      "p.expires_on",
      "p.purchase_order",
      "p.price_cents",
      "p.currency",
      "p.sold_by",
      "u.name as sold_by_name",
      "p.created_at",
    ]);
  if (scope.kind === "organization") query = query.where("p.organization_id", "=", scope.organizationId);
  return query;
};

export type PackageRow = Awaited<ReturnType<ReturnType<typeof packageQuery>["executeTakeFirstOrThrow"]>>;

/** Newest expiry first: the packages in use above the ones that ran out. */
export const findPackages = async (
  db: Database,
  scope: Scope,
  options: {
    organizationId?: string | undefined;
    status?: HourPackageStatus | undefined;
    today: string;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<PackageRow>> => {
  const key = decodeCursor(options.cursor, ["date", "uuid"]);
  let query = packageQuery(db, scope);
  if (options.organizationId) query = query.where("p.organization_id", "=", options.organizationId);
  const { today } = options;
  switch (options.status) {
    case "upcoming":
      query = query.where("p.purchased_on", ">", today);
      break;
    case "expired":
      query = query.where("p.expires_on", "<", today);
      break;
    case "active":
      query = query
        .where("p.purchased_on", "<=", today)
        .where("p.expires_on", ">=", today)
        .whereRef("p.used_quarters", "<", "p.quarters");
      break;
    case "used_up":
      query = query
        .where("p.purchased_on", "<=", today)
        .where("p.expires_on", ">=", today)
        .whereRef("p.used_quarters", ">=", "p.quarters");
      break;
    default:
      break;
  }
  if (key) {
    query = query.where(
      sql<boolean>`(p.expires_on, p.id) < (${key[0] as string}::date, ${key[1] as string}::uuid)`,
    );
  }
  const rows = await query
    .orderBy("p.expires_on", "desc")
    .orderBy("p.id", "desc")
    .limit(options.limit + 1)
    .execute();
  return toPage(
    rows,
    options.limit,
    (r) => r,
    (r) => [r.expires_on, r.id],
  );
};

export const findPackage = (db: Database, scope: Scope, id: string) =>
  packageQuery(db, scope).where("p.id", "=", id).executeTakeFirst();

export const findAlerts = (db: Database, packageId: string) =>
  db
    .selectFrom("hour_bank_alerts")
    .select(["kind", "recipients", "sent_at"])
    .where("package_id", "=", packageId)
    .orderBy("sent_at")
    .orderBy("kind")
    .execute();

/** Every package of the organization, locked until the transaction ends: two entries cannot overdraw. */
export const lockPackagesOfOrganization = (tx: Database, organizationId: string) =>
  tx
    .selectFrom("hour_bank_packages")
    .select(["id", "quarters", "used_quarters", "purchased_on", "expires_on"])
    .where("organization_id", "=", organizationId)
    .orderBy("id")
    .forUpdate()
    .execute();

export const lockPackage = (tx: Database, id: string) =>
  tx
    .selectFrom("hour_bank_packages")
    .select(["id", "organization_id", "quarters", "used_quarters", "purchased_on", "expires_on"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();

export const insertPackage = async (
  tx: Database,
  values: {
    organizationId: string;
    contractId: string;
    quarters: number;
    purchasedOn: string;
    expiresOn: string;
    purchaseOrder: string;
    priceCents: number;
    currency: string;
    soldBy: string | null;
    now: Date;
  },
): Promise<string> =>
  (
    await tx
      .insertInto("hour_bank_packages")
      .values({
        organization_id: values.organizationId,
        contract_id: values.contractId,
        quarters: values.quarters,
        purchased_on: values.purchasedOn,
        expires_on: values.expiresOn,
        purchase_order: values.purchaseOrder,
        price_cents: values.priceCents,
        currency: values.currency,
        sold_by: values.soldBy,
        created_at: values.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

export const addUsedQuarters = (tx: Database, packageId: string, quarters: number) =>
  tx
    .updateTable("hour_bank_packages")
    .set((eb) => ({ used_quarters: eb("used_quarters", "+", quarters) }))
    .where("id", "=", packageId)
    .execute();

/* ---------- what a sale and an entry check ---------- */

export const findOrganization = (db: Database, id: string) =>
  db
    .selectFrom("organizations")
    .select(["id", "name", "account_executive_id"])
    .where("id", "=", id)
    .executeTakeFirst();

/** The organization's contract current on `on` (the given one, or the one that ends last). */
export const findCurrentContract = (
  db: Database,
  options: { organizationId: string; on: string; contractId?: string | undefined },
) => {
  let query = db
    .selectFrom("contracts")
    .select(["id", "number"])
    .where("organization_id", "=", options.organizationId)
    .where("start_date", "<=", options.on)
    .where("end_date", ">=", options.on);
  if (options.contractId) query = query.where("id", "=", options.contractId);
  return query.orderBy("end_date", "desc").orderBy("id").limit(1).executeTakeFirst();
};

export const findCase = (db: Database, id: string) =>
  db.selectFrom("cases").select(["id", "organization_id"]).where("id", "=", id).executeTakeFirst();

export const isActiveStaff = async (db: Database, userId: string): Promise<boolean> =>
  Boolean(
    await db
      .selectFrom("users")
      .select("id")
      .where("id", "=", userId)
      .where("active", "=", true)
      .where("role", "!=", "customer_contact")
      .executeTakeFirst(),
  );

/* ---------- alerts ---------- */

/**
 * Who is told about a package: the organization's account executive and the contacts authorized on the
 * contract the package rides on or on a contract of the organization current today; active people only,
 * each once.
 */
export const findAlertRecipients = async (
  db: Database,
  options: { organizationId: string; contractId: string; today: string },
) => {
  const executive = db
    .selectFrom("organizations as o")
    .innerJoin("users as u", "u.id", "o.account_executive_id")
    .select(["u.id", "u.email", "u.name", "u.preferred_language", "u.role"])
    .where("o.id", "=", options.organizationId)
    .where("u.active", "=", true);
  const contacts = db
    .selectFrom("contract_contacts as cc")
    .innerJoin("contracts as c", "c.id", "cc.contract_id")
    .innerJoin("users as u", "u.id", "cc.contact_id")
    .select(["u.id", "u.email", "u.name", "u.preferred_language", "u.role"])
    .where("c.organization_id", "=", options.organizationId)
    .where((eb) =>
      eb.or([
        eb("c.id", "=", options.contractId),
        eb.and([eb("c.start_date", "<=", options.today), eb("c.end_date", ">=", options.today)]),
      ]),
    )
    .where("u.active", "=", true);
  // UNION drops a person found twice (authorized on two contracts)
  return executive.union(contacts).orderBy("id").execute();
};

/** Records an alert as sent; false when it was sent before (the primary key is the "once"). */
export const insertAlert = async (
  tx: Database,
  values: { packageId: string; kind: string; recipients: number; now: Date },
): Promise<boolean> =>
  Boolean(
    await tx
      .insertInto("hour_bank_alerts")
      .values({
        package_id: values.packageId,
        kind: values.kind,
        recipients: values.recipients,
        sent_at: values.now,
      })
      .onConflict((oc) => oc.columns(["package_id", "kind"]).doNothing())
      .returning("package_id")
      .executeTakeFirst(),
  );

/**
 * Packages an alert may be due for and not yet sent: expiring within the warning days, expired with hours
 * left, or under the low-balance share.
 */
export const findPackagesDueForAlerts = async (
  db: Database,
  options: { today: string; warnUntil: string; lowBalancePercent: number; limit: number },
): Promise<string[]> => {
  const notSent = (kind: string) =>
    sql<boolean>`NOT EXISTS (SELECT 1 FROM hour_bank_alerts a WHERE a.package_id = p.id AND a.kind = ${kind})`;
  const rows = await db
    .selectFrom("hour_bank_packages as p")
    .select("p.id")
    .where("p.purchased_on", "<=", options.today)
    .where((eb) =>
      eb.or([
        eb.and([
          eb("p.expires_on", "<", options.today),
          eb("p.used_quarters", "<", eb.ref("p.quarters")),
          notSent("expired_unused"),
        ]),
        eb.and([
          eb("p.expires_on", ">=", options.today),
          eb("p.expires_on", "<=", options.warnUntil),
          eb("p.used_quarters", "<", eb.ref("p.quarters")),
          notSent("expiring"),
        ]),
        eb.and([
          eb("p.expires_on", ">=", options.today),
          sql<boolean>`(p.quarters - p.used_quarters) * 100 < p.quarters * ${options.lowBalancePercent}`,
          notSent("low_balance"),
        ]),
      ]),
    )
    .orderBy("p.expires_on")
    .orderBy("p.id")
    .limit(options.limit)
    .execute();
  return rows.map((r) => r.id);
};
