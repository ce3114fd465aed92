import type { Database } from "../../platform/db";

const fileColumns = [
  "id",
  "release_id",
  "filename",
  "content_type",
  "size_bytes",
  "sha256",
  "created_at",
] as const;

export const findReleaseFiles = (db: Database, releaseIds: readonly string[]) =>
  releaseIds.length
    ? db
        .selectFrom("release_files")
        .select(fileColumns)
        .where("release_id", "in", releaseIds)
        .orderBy("filename")
        .execute()
    : Promise.resolve([]);

export const findReleaseFile = (db: Database, releaseId: string, id: string) =>
  db
    .selectFrom("release_files")
    .select(fileColumns)
    .where("release_id", "=", releaseId)
    .where("id", "=", id)
    .executeTakeFirst();

/** A new file's row, or null when the release has a file of that name already. */
export const insertReleaseFile = async (
  db: Database,
  values: { releaseId: string; filename: string; contentType: string; by: string | null; now: Date },
) =>
  (
    await db
      .insertInto("release_files")
      .values({
        release_id: values.releaseId,
        filename: values.filename,
        content_type: values.contentType,
        size_bytes: 0,
        sha256: "",
        uploaded_by: values.by,
        created_at: values.now,
      })
      .onConflict((oc) => oc.columns(["release_id", "filename"]).doNothing())
      .returning("id")
      .executeTakeFirst()
  )?.id ?? null;

export const insertChunk = (db: Database, fileId: string, seq: number, data: Buffer) =>
  db.insertInto("release_file_chunks").values({ file_id: fileId, seq, data }).execute();

export const finishReleaseFile = (db: Database, id: string, values: { sizeBytes: number; sha256: string }) =>
  db
    .updateTable("release_files")
    .set({ size_bytes: values.sizeBytes, sha256: values.sha256 })
    .where("id", "=", id)
    .execute();

export const findChunk = async (db: Database, fileId: string, seq: number) =>
  (
    await db
      .selectFrom("release_file_chunks")
      .select("data")
      .where("file_id", "=", fileId)
      .where("seq", "=", seq)
      .executeTakeFirst()
  )?.data ?? null;

export const deleteReleaseFile = async (db: Database, releaseId: string, id: string) =>
  Number(
    (
      await db
        .deleteFrom("release_files")
        .where("release_id", "=", releaseId)
        .where("id", "=", id)
        .executeTakeFirst()
    ).numDeletedRows,
  ) > 0;

export const insertDownload = (
  db: Database,
  values: {
    fileId: string;
    userId: string | null;
    organizationId: string | null;
    contractId: string | null;
    now: Date;
  },
) =>
  db
    .insertInto("release_downloads")
    .values({
      file_id: values.fileId,
      user_id: values.userId,
      organization_id: values.organizationId,
      contract_id: values.contractId,
      downloaded_at: values.now,
    })
    .execute();

export const findDownloads = (db: Database, releaseId: string) =>
  db
    .selectFrom("release_downloads as d")
    .innerJoin("release_files as f", "f.id", "d.file_id")
    .leftJoin("users as u", "u.id", "d.user_id")
    .leftJoin("organizations as o", "o.id", "d.organization_id")
    .leftJoin("contracts as k", "k.id", "d.contract_id")
    .select([
      "d.id",
      "d.file_id",
      "f.filename",
      "d.user_id",
      "u.name as user_name",
      "u.email as user_email",
      "d.organization_id",
      "o.name as organization_name",
      "k.number as contract_number",
      "d.downloaded_at",
    ])
    .where("f.release_id", "=", releaseId)
    .orderBy("d.downloaded_at", "desc")
    .orderBy("d.id", "desc")
    .limit(500)
    .execute();

/**
 * The contracts that entitle to a product's releases: those of one system, or of any of an organization's
 * systems of the product; for a customer contact only those they are authorized on (SPEC §1: releases are
 * for the authorized contacts).
 */
export const findEntitlementTerms = (
  db: Database,
  of: ({ systemId: string } | { organizationId: string; productId: string }) & {
    authorizedContactId?: string;
  },
) => {
  let query = db
    .selectFrom("contracts as k")
    .innerJoin("customer_systems as s", "s.id", "k.system_id")
    .select(["k.id", "k.start_date", "k.end_date"]);
  query =
    "systemId" in of
      ? query.where("s.id", "=", of.systemId)
      : query.where("s.organization_id", "=", of.organizationId).where("s.product_id", "=", of.productId);
  if (of.authorizedContactId) {
    const contactId = of.authorizedContactId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("contract_contacts as cc")
          .select("cc.contract_id")
          .whereRef("cc.contract_id", "=", "k.id")
          .where("cc.contact_id", "=", contactId),
      ),
    );
  }
  return query.execute();
};
