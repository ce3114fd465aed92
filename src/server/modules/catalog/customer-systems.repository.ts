import { sql } from "kysely";
import type { CustomerSystem, Environment } from "../../../api/catalog";
import type { Scope } from "../../platform/actor";
import type { Database } from "../../platform/db";
import { decodeCursor, type Page, toPage } from "../../platform/pagination";
import { matches } from "../../platform/search";

/** A customer system as stored; the support of its version is the lifecycle's to add. */
export type SystemRecord = Omit<CustomerSystem, "support">;

const systemQuery = (db: Database, scope: Scope) => {
  let query = db
    .selectFrom("customer_systems as s")
    .innerJoin("organizations as o", "o.id", "s.organization_id")
    .innerJoin("products as p", "p.id", "s.product_id")
    .select([
      "s.id",
      "s.organization_id",
      "o.name as organization_name",
      "s.product_id",
      "p.name as product_name",
      "s.name",
      "s.installed_version",
      "s.environment",
      "s.created_at",
      "s.updated_at",
    ]);
  if (scope.kind === "organization") query = query.where("s.organization_id", "=", scope.organizationId);
  return query;
};

type SystemRow = Awaited<ReturnType<ReturnType<typeof systemQuery>["executeTakeFirstOrThrow"]>>;

const systemModulesOf = async (db: Database, systemIds: string[]) => {
  const byId = new Map<string, { id: string; name: string }[]>();
  if (systemIds.length === 0) return byId;
  const rows = await db
    .selectFrom("customer_system_modules as sm")
    .innerJoin("product_modules as m", "m.id", "sm.module_id")
    .select(["sm.system_id", "m.id", "m.name"])
    .where("sm.system_id", "in", systemIds)
    .orderBy(sql`lower(m.name)`)
    .execute();
  for (const r of rows) byId.set(r.system_id, [...(byId.get(r.system_id) ?? []), { id: r.id, name: r.name }]);
  return byId;
};

const toSystem = (r: SystemRow, modules: { id: string; name: string }[]): SystemRecord => ({
  id: r.id,
  organizationId: r.organization_id,
  organizationName: r.organization_name,
  productId: r.product_id,
  productName: r.product_name,
  name: r.name,
  modules,
  installedVersion: r.installed_version,
  environment: r.environment as Environment,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const findSystems = async (
  db: Database,
  scope: Scope,
  filter: {
    q?: string | undefined;
    organizationId?: string | undefined;
    productId?: string | undefined;
    environment?: Environment | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<SystemRecord>> => {
  let query = systemQuery(db, scope);
  if (filter.organizationId) query = query.where("s.organization_id", "=", filter.organizationId);
  if (filter.productId) query = query.where("s.product_id", "=", filter.productId);
  if (filter.environment) query = query.where("s.environment", "=", filter.environment);
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) => eb.or([matches("s.name", q), matches("o.name", q), matches("p.name", q)]));
  }
  const after = decodeCursor(filter.cursor, ["text", "text", "uuid"]);
  if (after) {
    query = query.where(
      sql<boolean>`(lower(o.name), lower(s.name), s.id) > (${after[0]}, ${after[1]}, ${after[2]}::uuid)`,
    );
  }
  const rows = await query
    .orderBy(sql`lower(o.name)`)
    .orderBy(sql`lower(s.name)`)
    .orderBy("s.id")
    .limit(filter.limit + 1)
    .execute();
  const modules = await systemModulesOf(
    db,
    rows.map((r) => r.id),
  );
  return toPage(
    rows,
    filter.limit,
    (r) => toSystem(r, modules.get(r.id) ?? []),
    (r) => [r.organization_name.toLowerCase(), r.name.toLowerCase(), r.id],
  );
};

export const findSystem = async (db: Database, scope: Scope, id: string): Promise<SystemRecord | null> => {
  const row = await systemQuery(db, scope).where("s.id", "=", id).executeTakeFirst();
  if (!row) return null;
  return toSystem(row, (await systemModulesOf(db, [id])).get(id) ?? []);
};

export const countModulesOfProduct = async (db: Database, productId: string, moduleIds: string[]) => {
  if (moduleIds.length === 0) return 0;
  const row = await db
    .selectFrom("product_modules")
    .select(sql<number>`count(*)`.as("n"))
    .where("product_id", "=", productId)
    .where("id", "in", moduleIds)
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

export const organizationExists = async (db: Database, id: string) =>
  (await db.selectFrom("organizations").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;

export const insertSystem = async (
  db: Database,
  values: {
    organizationId: string;
    productId: string;
    name: string;
    installedVersion: string;
    environment: Environment;
    moduleIds: string[];
    now: Date;
  },
) => {
  const { id } = await db
    .insertInto("customer_systems")
    .values({
      organization_id: values.organizationId,
      product_id: values.productId,
      name: values.name,
      installed_version: values.installedVersion,
      environment: values.environment,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await replaceSystemModules(db, id, values.moduleIds);
  return id;
};

export const replaceSystemModules = async (db: Database, systemId: string, moduleIds: string[]) => {
  await db.deleteFrom("customer_system_modules").where("system_id", "=", systemId).execute();
  if (moduleIds.length) {
    await db
      .insertInto("customer_system_modules")
      .values(moduleIds.map((module_id) => ({ system_id: systemId, module_id })))
      .execute();
  }
};

export const updateSystem = async (
  db: Database,
  id: string,
  values: {
    name?: string | undefined;
    installedVersion?: string | undefined;
    environment?: Environment | undefined;
    now: Date;
  },
) => {
  const result = await db
    .updateTable("customer_systems")
    .set({
      name: values.name,
      installed_version: values.installedVersion,
      environment: values.environment,
      updated_at: values.now,
    })
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
};
