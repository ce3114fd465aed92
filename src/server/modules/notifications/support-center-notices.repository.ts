import type { Database } from "../../platform/db";

/**
 * Who was told of which article: one row per article and subscriber (its key is the "once"); the digest's
 * rows wait as pending.
 */
export const insertDeliveries = async (
  db: Database,
  articleId: string,
  rows: readonly { userId: string; digest: boolean }[],
  now: Date,
): Promise<Set<string>> => {
  if (!rows.length) return new Set();
  const inserted = await db
    .insertInto("article_deliveries")
    .values(
      rows.map((r) => ({
        article_id: articleId,
        user_id: r.userId,
        state: r.digest ? "pending" : "sent",
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(["article_id", "user_id"]).doNothing())
    .returning("user_id")
    .execute();
  return new Set(inserted.map((r) => r.user_id));
};

export const findArticleDigestUsers = async (db: Database): Promise<string[]> =>
  (
    await db
      .selectFrom("article_deliveries")
      .select("user_id")
      .distinct()
      .where("state", "=", "pending")
      .execute()
  ).map((r) => r.user_id);

/** Takes a person's pending articles (locked, so two processes never send the same digest). */
export const takeArticleDigest = async (db: Database, userId: string) => {
  const rows = await db
    .selectFrom("article_deliveries as d")
    .innerJoin("articles as a", "a.id", "d.article_id")
    .leftJoin("products as p", "p.id", "a.product_id")
    .select(["d.article_id", "a.kind", "a.title", "a.status", "p.name as product_name"])
    .where("d.user_id", "=", userId)
    .where("d.state", "=", "pending")
    .orderBy("d.created_at")
    .forUpdate("d")
    .skipLocked()
    .execute();
  if (rows.length) {
    await db
      .updateTable("article_deliveries")
      .set({ state: "sent" })
      .where("user_id", "=", userId)
      .where(
        "article_id",
        "in",
        rows.map((r) => r.article_id),
      )
      .execute();
  }
  // an article archived before the digest went out is not announced any more
  return rows.filter((r) => r.status === "published");
};
