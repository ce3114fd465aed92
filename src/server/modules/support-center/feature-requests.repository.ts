import { sql } from "kysely";
import type { Database } from "../../platform/db";
import { decodeCursor, toPage } from "../../platform/pagination";

const requests = (db: Database, userId: string) =>
  db
    .selectFrom("feature_requests as f")
    .innerJoin("products as p", "p.id", "f.product_id")
    .innerJoin("organizations as o", "o.id", "f.organization_id")
    .leftJoin("users as u", "u.id", "f.submitted_by")
    .leftJoin("releases as r", "r.id", "f.release_id")
    .leftJoin("feature_requests as m", "m.id", "f.merged_into_id")
    .select([
      "f.id",
      "f.number",
      "f.product_id",
      "p.name as product_name",
      "f.organization_id",
      "o.name as organization_name",
      "f.submitted_by",
      "u.name as submitted_by_name",
      "f.title",
      "f.description",
      "f.status",
      "f.status_reason",
      "f.release_id",
      "f.merged_into_id",
      "m.number as merged_into_number",
      "m.title as merged_into_title",
      "f.vote_count",
      "f.created_at",
      "f.updated_at",
      "f.status_changed_at",
      "f.version",
    ])
    .select((eb) => [
      sql<string | null>`r.major || '.' || r.minor || '.' || r.patch`.as("release_version"),
      eb
        .exists(
          eb
            .selectFrom("feature_request_votes as v")
            .select("v.request_id")
            .whereRef("v.request_id", "=", "f.id")
            .where("v.user_id", "=", userId),
        )
        .as("voted"),
      eb
        .exists(
          eb
            .selectFrom("feature_request_followers as fw")
            .select("fw.request_id")
            .whereRef("fw.request_id", "=", "f.id")
            .where("fw.user_id", "=", userId),
        )
        .as("following"),
    ]);

export type FeatureRequestRow = Awaited<ReturnType<ReturnType<typeof requests>["executeTakeFirstOrThrow"]>>;

export const findRequest = (db: Database, id: string, userId: string) =>
  requests(db, userId).where("f.id", "=", id).executeTakeFirst();

export const lockRequest = (db: Database, id: string) =>
  db.selectFrom("feature_requests").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();

export const listRequests = async (
  db: Database,
  userId: string,
  filter: {
    productId?: string | undefined;
    status?: string | undefined;
    sort: "votes" | "newest";
    following?: boolean | undefined;
    includeMerged: boolean;
    limit: number;
    cursor?: string | undefined;
  },
) => {
  let query = requests(db, userId);
  if (filter.productId) query = query.where("f.product_id", "=", filter.productId);
  if (filter.status) query = query.where("f.status", "=", filter.status);
  if (!filter.includeMerged) query = query.where("f.merged_into_id", "is", null);
  if (filter.following) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("feature_request_followers as fw2")
          .select("fw2.request_id")
          .whereRef("fw2.request_id", "=", "f.id")
          .where("fw2.user_id", "=", userId),
      ),
    );
  }
  if (filter.sort === "votes") {
    const after = decodeCursor(filter.cursor, ["number", "instant", "uuid"]);
    if (after) {
      query = query.where(
        sql<boolean>`(f.vote_count, f.created_at, f.id) < (${after[0]}, ${new Date(after[1] as string)}, ${after[2]}::uuid)`,
      );
    }
    const rows = await query
      .orderBy("f.vote_count", "desc")
      .orderBy("f.created_at", "desc")
      .orderBy("f.id", "desc")
      .limit(filter.limit + 1)
      .execute();
    return toPage(
      rows,
      filter.limit,
      (r) => r,
      (r) => [r.vote_count, r.created_at.toISOString(), r.id],
    );
  }
  const after = decodeCursor(filter.cursor, ["instant", "uuid"]);
  if (after)
    query = query.where(
      sql<boolean>`(f.created_at, f.id) < (${new Date(after[0] as string)}, ${after[1]}::uuid)`,
    );
  const rows = await query
    .orderBy("f.created_at", "desc")
    .orderBy("f.id", "desc")
    .limit(filter.limit + 1)
    .execute();
  return toPage(
    rows,
    filter.limit,
    (r) => r,
    (r) => [r.created_at.toISOString(), r.id],
  );
};

export const findHistory = (db: Database, requestId: string) =>
  db
    .selectFrom("feature_request_changes as c")
    .leftJoin("releases as r", "r.id", "c.release_id")
    .select(["c.id", "c.from_status", "c.to_status", "c.reason", "c.release_id", "c.changed_at"])
    .select(sql<string | null>`r.major || '.' || r.minor || '.' || r.patch`.as("release_version"))
    .where("c.request_id", "=", requestId)
    .orderBy("c.id")
    .execute();

export const findMergedInto = (db: Database, targetId: string) =>
  db
    .selectFrom("feature_requests")
    .select(["id", "number", "title"])
    .where("merged_into_id", "=", targetId)
    .orderBy("number")
    .execute();

export const insertRequest = async (
  db: Database,
  values: {
    productId: string;
    organizationId: string;
    by: string;
    title: string;
    description: string;
    now: Date;
  },
) =>
  (
    await db
      .insertInto("feature_requests")
      .values({
        product_id: values.productId,
        organization_id: values.organizationId,
        submitted_by: values.by,
        title: values.title,
        description: values.description,
        created_at: values.now,
        updated_at: values.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

export const insertChange = (
  db: Database,
  values: {
    requestId: string;
    from: string | null;
    to: string;
    reason: string;
    releaseId: string | null;
    by: string | null;
    now: Date;
  },
) =>
  db
    .insertInto("feature_request_changes")
    .values({
      request_id: values.requestId,
      from_status: values.from,
      to_status: values.to,
      reason: values.reason,
      release_id: values.releaseId,
      changed_by: values.by,
      changed_at: values.now,
    })
    .execute();

export const setStatus = (
  db: Database,
  id: string,
  values: { status: string; reason: string; releaseId: string | null; now: Date },
) =>
  db
    .updateTable("feature_requests")
    .set({
      status: values.status,
      status_reason: values.reason,
      release_id: values.releaseId,
      status_changed_at: values.now,
      updated_at: values.now,
      version: sql`version + 1`,
    })
    .where("id", "=", id)
    .execute();

/** A vote once per person: false when it was already there. */
export const insertVote = async (db: Database, requestId: string, userId: string, now: Date) => {
  const inserted = await db
    .insertInto("feature_request_votes")
    .values({ request_id: requestId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(["request_id", "user_id"]).doNothing())
    .returning("user_id")
    .executeTakeFirst();
  return Boolean(inserted);
};

export const deleteVote = async (db: Database, requestId: string, userId: string) =>
  Number(
    (
      await db
        .deleteFrom("feature_request_votes")
        .where("request_id", "=", requestId)
        .where("user_id", "=", userId)
        .executeTakeFirst()
    ).numDeletedRows,
  ) > 0;

/** The vote count from the votes themselves (after a vote, a withdrawal or a merge). */
export const recountVotes = (db: Database, requestId: string, now: Date) =>
  db
    .updateTable("feature_requests")
    .set({
      vote_count: sql`(SELECT count(*) FROM feature_request_votes v WHERE v.request_id = ${requestId})`,
      updated_at: now,
    })
    .where("id", "=", requestId)
    .execute();

/** True when the person was not following yet. */
export const insertFollower = async (db: Database, requestId: string, userId: string, now: Date) =>
  Boolean(
    await db
      .insertInto("feature_request_followers")
      .values({ request_id: requestId, user_id: userId, created_at: now })
      .onConflict((oc) => oc.columns(["request_id", "user_id"]).doNothing())
      .returning("user_id")
      .executeTakeFirst(),
  );

/** True when the person was following. */
export const deleteFollower = async (db: Database, requestId: string, userId: string) =>
  Number(
    (
      await db
        .deleteFrom("feature_request_followers")
        .where("request_id", "=", requestId)
        .where("user_id", "=", userId)
        .executeTakeFirst()
    ).numDeletedRows,
  ) > 0;

/** Who is told of a status change: the active followers. */
export const findFollowers = (db: Database, requestId: string) =>
  db
    .selectFrom("feature_request_followers as fw")
    .innerJoin("users as u", "u.id", "fw.user_id")
    .select(["u.id", "u.email", "u.name", "u.preferred_language"])
    .where("fw.request_id", "=", requestId)
    .where("u.active", "=", true)
    .execute();

/** A duplicate's votes and followers join the request it merges into (each person once). */
export const mergeInto = async (db: Database, sourceId: string, targetId: string, now: Date) => {
  await db
    .insertInto("feature_request_votes")
    .columns(["request_id", "user_id", "created_at"])
    .expression((eb) =>
      eb
        .selectFrom("feature_request_votes")
        .select([sql.lit(targetId).as("request_id"), "user_id", "created_at"])
        .where("request_id", "=", sourceId),
    )
    .onConflict((oc) => oc.columns(["request_id", "user_id"]).doNothing())
    .execute();
  await db
    .insertInto("feature_request_followers")
    .columns(["request_id", "user_id", "created_at"])
    .expression((eb) =>
      eb
        .selectFrom("feature_request_followers")
        .select([sql.lit(targetId).as("request_id"), "user_id", "created_at"])
        .where("request_id", "=", sourceId),
    )
    .onConflict((oc) => oc.columns(["request_id", "user_id"]).doNothing())
    .execute();
  await db
    .updateTable("feature_requests")
    .set({ merged_into_id: targetId, updated_at: now, version: sql`version + 1` })
    .where("id", "=", sourceId)
    .execute();
  await recountVotes(db, targetId, now);
};

/** Does the organization have a contract current on `on` for a system of the product? */
export const hasCurrentContract = async (
  db: Database,
  options: { organizationId: string; productId: string; on: string },
) =>
  Boolean(
    await db
      .selectFrom("contracts as k")
      .innerJoin("customer_systems as s", "s.id", "k.system_id")
      .select("k.id")
      .where("s.organization_id", "=", options.organizationId)
      .where("s.product_id", "=", options.productId)
      .where("k.start_date", "<=", options.on)
      .where("k.end_date", ">=", options.on)
      .executeTakeFirst(),
  );

export const findProduct = (db: Database, id: string) =>
  db.selectFrom("products").select(["id", "name"]).where("id", "=", id).executeTakeFirst();

export const findRelease = (db: Database, id: string) =>
  db.selectFrom("releases").select(["id", "product_id"]).where("id", "=", id).executeTakeFirst();
