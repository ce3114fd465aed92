import { sql } from "kysely";
import type { Product, Release, ReleaseKind } from "../../../api/catalog";
import type { Scope } from "../../platform/actor";
import type { Database } from "../../platform/db";
import { decodeCursor, type Page, toPage } from "../../platform/pagination";
import { matches } from "../../platform/search";

/** Customers see a product only when their organization runs it. */
const productVisibleTo = (scope: Scope) =>
  scope.kind === "all"
    ? sql<boolean>`true`
    : sql<boolean>`EXISTS (SELECT 1 FROM customer_systems cs
        WHERE cs.product_id = p.id AND cs.organization_id = ${scope.organizationId})`;

const modulesOf = async (db: Database, productIds: string[]) => {
  if (productIds.length === 0) return new Map<string, { id: string; name: string }[]>();
  const rows = await db
    .selectFrom("product_modules")
    .select(["id", "name", "product_id"])
    .where("product_id", "in", productIds)
    .orderBy(sql`lower(name)`)
    .execute();
  const byProduct = new Map<string, { id: string; name: string }[]>();
  for (const r of rows)
    byProduct.set(r.product_id, [...(byProduct.get(r.product_id) ?? []), { id: r.id, name: r.name }]);
  return byProduct;
};

export const findProducts = async (
  db: Database,
  scope: Scope,
  filter: { q?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<Product>> => {
  let query = db
    .selectFrom("products as p")
    .select(["p.id", "p.name", "p.description", "p.created_at", "p.updated_at"])
    .where(productVisibleTo(scope));
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) => eb.or([matches("p.name", q), matches("p.description", q)]));
  }
  const after = decodeCursor(filter.cursor, ["text", "uuid"]);
  if (after) query = query.where(sql<boolean>`(lower(p.name), p.id) > (${after[0]}, ${after[1]}::uuid)`);
  const rows = await query
    .orderBy(sql`lower(p.name)`)
    .orderBy("p.id")
    .limit(filter.limit + 1)
    .execute();
  const modules = await modulesOf(
    db,
    rows.map((r) => r.id),
  );
  return toPage(
    rows,
    filter.limit,
    (r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      modules: modules.get(r.id) ?? [],
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    }),
    (r) => [r.name.toLowerCase(), r.id],
  );
};

export const findProduct = async (db: Database, scope: Scope, id: string): Promise<Product | null> => {
  const row = await db
    .selectFrom("products as p")
    .select(["p.id", "p.name", "p.description", "p.created_at", "p.updated_at"])
    .where("p.id", "=", id)
    .where(productVisibleTo(scope))
    .executeTakeFirst();
  if (!row) return null;
  const modules = await modulesOf(db, [row.id]);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    modules: modules.get(row.id) ?? [],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
};

export const insertProduct = async (
  db: Database,
  values: { name: string; description: string; modules: string[]; now: Date },
) => {
  const { id } = await db
    .insertInto("products")
    .values({
      name: values.name,
      description: values.description,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (values.modules.length) {
    await db
      .insertInto("product_modules")
      .values(values.modules.map((name) => ({ product_id: id, name, created_at: values.now })))
      .execute();
  }
  return id;
};

export const updateProduct = async (
  db: Database,
  id: string,
  values: { name?: string | undefined; description?: string | undefined; now: Date },
) => {
  const result = await db
    .updateTable("products")
    .set({
      name: values.name,
      description: values.description,
      updated_at: values.now,
    })
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
};

export const insertModule = async (db: Database, values: { productId: string; name: string; now: Date }) =>
  (
    await db
      .insertInto("product_modules")
      .values({ product_id: values.productId, name: values.name, created_at: values.now })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

export const renameModule = async (
  db: Database,
  values: { productId: string; moduleId: string; name: string },
) => {
  const result = await db
    .updateTable("product_modules")
    .set({ name: values.name })
    .where("id", "=", values.moduleId)
    .where("product_id", "=", values.productId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
};

const releaseQuery = (db: Database, scope: Scope) =>
  db
    .selectFrom("releases as r")
    .innerJoin("products as p", "p.id", "r.product_id")
    .select([
      "r.id",
      "r.product_id",
      "p.name as product_name",
      "r.major",
      "r.minor",
      "r.patch",
      "r.kind",
      "r.release_date",
      "r.notes",
      "r.created_at",
    ])
    .where(productVisibleTo(scope));

/** A release as stored; its support status is the lifecycle's to add. */
export type ReleaseRecord = Omit<Release, "support">;

type ReleaseRow = Awaited<ReturnType<ReturnType<typeof releaseQuery>["executeTakeFirstOrThrow"]>>;

const toRelease = (r: ReleaseRow): ReleaseRecord => ({
  id: r.id,
  productId: r.product_id,
  productName: r.product_name,
  version: `${r.major}.${r.minor}.${r.patch}`,
  kind: r.kind as ReleaseKind,
  releaseDate: r.release_date,
  notes: r.notes,
  createdAt: r.created_at.toISOString(),
});

/** Newest version first. */
export const findReleases = async (
  db: Database,
  scope: Scope,
  filter: { productId?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<ReleaseRecord>> => {
  let query = releaseQuery(db, scope);
  if (filter.productId) query = query.where("r.product_id", "=", filter.productId);
  const after = decodeCursor(filter.cursor, ["number", "number", "number", "text", "uuid"]);
  if (after) {
    query = query.where(
      sql<boolean>`(r.major, r.minor, r.patch, p.name, r.id) < (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]}, ${after[4]}::uuid)`,
    );
  }
  const rows = await query
    .orderBy("r.major", "desc")
    .orderBy("r.minor", "desc")
    .orderBy("r.patch", "desc")
    .orderBy("p.name", "desc")
    .orderBy("r.id", "desc")
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toRelease, (r) => [r.major, r.minor, r.patch, r.product_name, r.id]);
};

export const findRelease = async (db: Database, scope: Scope, id: string): Promise<ReleaseRecord | null> => {
  const row = await releaseQuery(db, scope).where("r.id", "=", id).executeTakeFirst();
  return row ? toRelease(row) : null;
};

export const insertRelease = async (
  db: Database,
  values: {
    productId: string;
    major: number;
    minor: number;
    patch: number;
    kind: ReleaseKind;
    releaseDate: string;
    notes: string;
    now: Date;
  },
) =>
  (
    await db
      .insertInto("releases")
      .values({
        product_id: values.productId,
        major: values.major,
        minor: values.minor,
        patch: values.patch,
        kind: values.kind,
        release_date: values.releaseDate,
        notes: values.notes,
        created_at: values.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

export const updateRelease = async (
  db: Database,
  id: string,
  values: { releaseDate?: string | undefined; notes?: string | undefined },
) => {
  if (values.releaseDate === undefined && values.notes === undefined) return true;
  const result = await db
    .updateTable("releases")
    .set({
      release_date: values.releaseDate,
      notes: values.notes,
    })
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
};
