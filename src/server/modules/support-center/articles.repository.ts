import { sql } from "kysely";
import type { Scope } from "../../platform/actor";
import type { Database } from "../../platform/db";
import { newestFirstPage } from "../../platform/pagination";

const articleColumns = [
  "a.id",
  "a.kind",
  "a.status",
  "a.product_id",
  "p.name as product_name",
  "a.title",
  "a.body",
  "a.body_html",
  "a.severity",
  "a.affected_from",
  "a.affected_to",
  "a.workaround",
  "a.workaround_html",
  "a.fixed_in_release_id",
  "a.first_published_at",
  "a.published_at",
  "a.created_at",
  "a.updated_at",
  "a.version",
] as const;

const articles = (db: Database) =>
  db
    .selectFrom("articles as a")
    .leftJoin("products as p", "p.id", "a.product_id")
    .leftJoin("releases as r", "r.id", "a.fixed_in_release_id")
    .select(articleColumns)
    .select(sql<string | null>`r.major || '.' || r.minor || '.' || r.patch`.as("fixed_in_version"));

export type ArticleRow = Awaited<ReturnType<ReturnType<typeof articles>["executeTakeFirstOrThrow"]>>;

export const findArticle = (db: Database, id: string, options: { publishedOnly: boolean }) => {
  let query = articles(db).where("a.id", "=", id);
  if (options.publishedOnly) query = query.where("a.status", "=", "published");
  return query.executeTakeFirst();
};

/** For a change: the row locked, so concurrent saves and publications run one after the other. */
export const lockArticle = (db: Database, id: string) =>
  db.selectFrom("articles").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();

export const listArticles = (
  db: Database,
  filter: {
    kind?: string | undefined;
    status?: string | undefined;
    productId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) => {
  let query = articles(db);
  if (filter.kind) query = query.where("a.kind", "=", filter.kind);
  if (filter.status) query = query.where("a.status", "=", filter.status);
  if (filter.productId) query = query.where("a.product_id", "=", filter.productId);
  // published lists read newest publication first; the staff's working lists newest change first
  const at = filter.status === "published" ? "a.published_at" : "a.updated_at";
  return newestFirstPage(query, {
    at,
    id: "a.id",
    instantOf: (r) => (filter.status === "published" ? r.published_at! : r.updated_at),
    limit: filter.limit,
    cursor: filter.cursor,
  });
};

type ArticleValues = {
  productId: string | null;
  title: string;
  body: string;
  bodyHtml: string;
  severity: string | null;
  affectedFrom: string | null;
  affectedTo: string | null;
  workaround: string;
  workaroundHtml: string;
  fixedInReleaseId: string | null;
};

const columnsOf = (v: ArticleValues) => ({
  product_id: v.productId,
  title: v.title,
  body: v.body,
  body_html: v.bodyHtml,
  severity: v.severity,
  affected_from: v.affectedFrom,
  affected_to: v.affectedTo,
  workaround: v.workaround,
  workaround_html: v.workaroundHtml,
  fixed_in_release_id: v.fixedInReleaseId,
});

export const insertArticle = async (
  db: Database,
  values: ArticleValues & { kind: string; by: string | null; now: Date },
) =>
  (
    await db
      .insertInto("articles")
      .values({
        ...columnsOf(values),
        kind: values.kind,
        created_by: values.by,
        updated_by: values.by,
        created_at: values.now,
        updated_at: values.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

/** Saves over the version read; false when someone else saved first. */
export const updateArticle = async (
  db: Database,
  id: string,
  version: number,
  values: ArticleValues & { by: string | null; now: Date },
) => {
  const result = await db
    .updateTable("articles")
    .set({
      ...columnsOf(values),
      updated_by: values.by,
      updated_at: values.now,
      version: sql`version + 1`,
    })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
};

export const setArticleStatus = async (
  db: Database,
  id: string,
  version: number,
  values: { status: string; by: string | null; now: Date; publishing: boolean },
) => {
  const result = await db
    .updateTable("articles")
    .set({
      status: values.status,
      updated_by: values.by,
      updated_at: values.now,
      version: sql`version + 1`,
      ...(values.publishing
        ? { published_at: values.now, first_published_at: sql`coalesce(first_published_at, ${values.now})` }
        : {}),
    })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
};

export const findArticleCases = (db: Database, articleId: string) =>
  db
    .selectFrom("article_cases as ac")
    .innerJoin("cases as c", "c.id", "ac.case_id")
    .select(["c.id", "c.number", "c.subject"])
    .where("ac.article_id", "=", articleId)
    .orderBy("c.number")
    .execute();

export const replaceArticleCases = async (db: Database, articleId: string, caseIds: readonly string[]) => {
  await db.deleteFrom("article_cases").where("article_id", "=", articleId).execute();
  if (caseIds.length) {
    await db
      .insertInto("article_cases")
      .values([...new Set(caseIds)].map((caseId) => ({ article_id: articleId, case_id: caseId })))
      .execute();
  }
};

export const findExistingCases = async (db: Database, ids: readonly string[]) =>
  ids.length
    ? new Set((await db.selectFrom("cases").select("id").where("id", "in", ids).execute()).map((r) => r.id))
    : new Set<string>();

export const findRelease = (db: Database, id: string) =>
  db.selectFrom("releases").select(["id", "product_id"]).where("id", "=", id).executeTakeFirst();

export const findProductName = async (db: Database, id: string) =>
  (await db.selectFrom("products").select("name").where("id", "=", id).executeTakeFirst())?.name ?? null;

/* ---------- files ---------- */

const fileColumns = [
  "id",
  "article_id",
  "filename",
  "content_type",
  "size_bytes",
  "sha256",
  "created_at",
] as const;

export const findArticleFiles = (db: Database, articleId: string) =>
  db
    .selectFrom("article_attachments")
    .select(fileColumns)
    .where("article_id", "=", articleId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();

export const findArticleFileContent = (db: Database, articleId: string, id: string) =>
  db
    .selectFrom("article_attachments")
    .select([...fileColumns, "content"])
    .where("article_id", "=", articleId)
    .where("id", "=", id)
    .executeTakeFirst();

export const insertArticleFile = async (
  db: Database,
  values: {
    articleId: string;
    filename: string;
    contentType: string;
    content: Buffer;
    sha256: string;
    by: string | null;
    now: Date;
  },
) =>
  (
    await db
      .insertInto("article_attachments")
      .values({
        article_id: values.articleId,
        filename: values.filename,
        content_type: values.contentType,
        size_bytes: values.content.length,
        sha256: values.sha256,
        content: values.content,
        uploaded_by: values.by,
        created_at: values.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

export const deleteArticleFile = async (db: Database, articleId: string, id: string) => {
  const result = await db
    .deleteFrom("article_attachments")
    .where("article_id", "=", articleId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};

/* ---------- readers ---------- */

/** True when the person had not read it yet. */
export const markRead = async (db: Database, articleId: string, userId: string, now: Date) =>
  Boolean(
    await db
      .insertInto("article_reads")
      .values({ article_id: articleId, user_id: userId, read_at: now })
      .onConflict((oc) => oc.columns(["user_id", "article_id"]).doNothing())
      .returning("article_id")
      .executeTakeFirst(),
  );

export const isRead = async (db: Database, articleId: string, userId: string) =>
  Boolean(
    await db
      .selectFrom("article_reads")
      .select("article_id")
      .where("article_id", "=", articleId)
      .where("user_id", "=", userId)
      .executeTakeFirst(),
  );

/** An organization's systems with their products and installed versions. */
export const findOrganizationSystems = (db: Database, organizationId: string) =>
  db
    .selectFrom("customer_systems")
    .select(["id", "name", "product_id", "installed_version"])
    .where("organization_id", "=", organizationId)
    .orderBy("name")
    .execute();

/** Published alerts of these products the person has not read, newest first (the portal home's list). */
export const findUnreadAlerts = (db: Database, options: { userId: string; productIds: readonly string[] }) =>
  options.productIds.length
    ? articles(db)
        .where("a.kind", "=", "alert")
        .where("a.status", "=", "published")
        .where("a.product_id", "in", options.productIds)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom("article_reads as ar")
                .select("ar.article_id")
                .whereRef("ar.article_id", "=", "a.id")
                .where("ar.user_id", "=", options.userId),
            ),
          ),
        )
        .orderBy("a.published_at", "desc")
        .limit(50)
        .execute()
    : Promise.resolve([]);

/* ---------- subscriptions ---------- */

export const findSubscriptions = (db: Database, userId: string) =>
  db
    .selectFrom("support_subscriptions")
    .select(["product_id", "kind", "digest"])
    .where("user_id", "=", userId)
    .orderBy("product_id")
    .orderBy("kind")
    .execute();

export const replaceSubscriptions = async (
  db: Database,
  userId: string,
  items: readonly { productId: string; kind: string; digest: boolean }[],
  now: Date,
) => {
  await db.deleteFrom("support_subscriptions").where("user_id", "=", userId).execute();
  if (items.length) {
    await db
      .insertInto("support_subscriptions")
      .values(
        items.map((i) => ({
          user_id: userId,
          product_id: i.productId,
          kind: i.kind,
          digest: i.digest,
          created_at: now,
        })),
      )
      .execute();
  }
};

/** Which of these products exist for the caller: for a customer, only those their organization runs. */
export const findExistingProducts = async (db: Database, scope: Scope, ids: readonly string[]) => {
  if (!ids.length) return new Set<string>();
  let query = db.selectFrom("products").select("id").where("id", "in", ids);
  if (scope.kind === "organization") {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("customer_systems as cs")
          .select("cs.id")
          .whereRef("cs.product_id", "=", "products.id")
          .where("cs.organization_id", "=", scope.organizationId),
      ),
    );
  }
  return new Set((await query.execute()).map((r) => r.id));
};

/** Who is told of a new article of this product and kind: active subscribers. */
export const findSubscribers = (db: Database, productId: string, kind: string) =>
  db
    .selectFrom("support_subscriptions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["u.id", "u.email", "u.name", "u.preferred_language", "s.digest"])
    .where("s.product_id", "=", productId)
    .where("s.kind", "=", kind)
    .where("u.active", "=", true)
    .execute();
