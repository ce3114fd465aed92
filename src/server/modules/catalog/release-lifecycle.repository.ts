import { sql } from "kysely";
import type { EolAnnouncement, ReleaseFacts } from "../../../domain/catalog/release-lifecycle";
import type { Database } from "../../platform/db";

export type LifecycleFacts = { releases: ReleaseFacts[]; announcements: EolAnnouncement[] };

/**
 * Each product's releases and end-of-support announcements, in one round trip for all of them (case intake
 * asks inside its transaction, where two queries would be two trips).
 */
export const findLifecycleFacts = async (
  db: Database,
  productIds: readonly string[],
): Promise<Map<string, LifecycleFacts>> => {
  const ids = [...new Set(productIds)];
  const facts = new Map<string, LifecycleFacts>(ids.map((id) => [id, { releases: [], announcements: [] }]));
  if (!ids.length) return facts;
  const rows = await db
    .selectFrom("releases")
    .select([
      sql<"release" | "announcement">`'release'`.as("kind"),
      "product_id",
      "major",
      "minor",
      "patch",
      "release_date as on",
      sql<string | null>`NULL::date`.as("until"),
    ])
    .where("product_id", "in", ids)
    .unionAll(
      db
        .selectFrom("eol_announcements")
        .select([
          sql<"release" | "announcement">`'announcement'`.as("kind"),
          "product_id",
          "major",
          sql<number>`NULL::int`.as("minor"),
          sql<number>`NULL::int`.as("patch"),
          "announced_on as on",
          "end_of_support_on as until",
        ])
        .where("product_id", "in", ids),
    )
    .execute();
  for (const r of rows) {
    const product = facts.get(r.product_id);
    if (r.kind === "release")
      product?.releases.push({
        version: { major: r.major, minor: r.minor, patch: r.patch },
        releaseDate: r.on,
      });
    else product?.announcements.push({ major: r.major, announcedOn: r.on, endOfSupportOn: r.until! });
  }
  return facts;
};

export const findEolAnnouncements = (db: Database, productId: string) =>
  db
    .selectFrom("eol_announcements")
    .select([
      "id",
      "product_id",
      "major",
      "announced_on",
      "end_of_support_on",
      "note",
      "systems_notified",
      "created_at",
    ])
    .where("product_id", "=", productId)
    .orderBy("major", "desc")
    .execute();

export const insertEolAnnouncement = async (
  db: Database,
  values: {
    productId: string;
    major: number;
    announcedOn: string;
    endOfSupportOn: string;
    note: string;
    by: string | null;
    systemsNotified: number;
    now: Date;
  },
) =>
  (
    await db
      .insertInto("eol_announcements")
      .values({
        product_id: values.productId,
        major: values.major,
        announced_on: values.announcedOn,
        end_of_support_on: values.endOfSupportOn,
        note: values.note,
        announced_by: values.by,
        systems_notified: values.systemsNotified,
        created_at: values.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

/** Serialises announcements of one product (the check and the insert see the same announcements). */
export const lockProduct = (db: Database, productId: string) =>
  db.selectFrom("products").select("id").where("id", "=", productId).forUpdate().executeTakeFirst();

/**
 * Who is told that a line's support ends: the authorized contacts, on a contract current on `on`, of the
 * systems of the product whose installed version is of that major line.
 */
export const findLineRecipients = (db: Database, options: { productId: string; major: number; on: string }) =>
  db
    .selectFrom("customer_systems as s")
    .innerJoin("contracts as k", "k.system_id", "s.id")
    .innerJoin("contract_contacts as cc", "cc.contract_id", "k.id")
    .innerJoin("users as u", "u.id", "cc.contact_id")
    .innerJoin("organizations as o", "o.id", "s.organization_id")
    .select([
      "s.id as system_id",
      "s.name as system_name",
      "s.installed_version",
      "u.id",
      "u.email",
      "u.name",
      "u.preferred_language",
      "o.time_zone",
    ])
    .where("s.product_id", "=", options.productId)
    .where("s.installed_version", "like", `${options.major}.%`)
    .where("k.start_date", "<=", options.on)
    .where("k.end_date", ">=", options.on)
    .where("u.active", "=", true)
    .execute();

/** How many systems of the product run each major line. */
export const countSystemsByLine = async (db: Database, productId: string): Promise<Map<number, number>> => {
  const rows = await db
    .selectFrom("customer_systems")
    .select((eb) => [
      sql<string>`split_part(installed_version, '.', 1)`.as("major"),
      eb.fn.countAll<string>().as("n"),
    ])
    .where("product_id", "=", productId)
    .groupBy(sql`split_part(installed_version, '.', 1)`)
    .execute();
  return new Map(rows.map((r) => [Number(r.major), Number(r.n)]));
};
