import type { Database } from "../../platform/db";

export const insertAttachment = async (
  db: Database,
  values: {
    caseId: string;
    eventId: number;
    filename: string;
    contentType: string;
    content: Buffer;
    sha256: string;
    visibility: "public" | "internal";
    uploadedBy: string | null;
    now: Date;
  },
) =>
  (
    await db
      .insertInto("case_attachments")
      .values({
        case_id: values.caseId,
        event_id: values.eventId,
        filename: values.filename,
        content_type: values.contentType,
        size_bytes: values.content.length,
        sha256: values.sha256,
        visibility: values.visibility,
        content: values.content,
        uploaded_by: values.uploadedBy,
        created_at: values.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

const ATTACHMENT_COLUMNS = [
  "a.id",
  "a.case_id",
  "a.filename",
  "a.content_type",
  "a.size_bytes",
  "a.sha256",
  "a.visibility",
  "a.created_at",
  "u.name as uploaded_by_name",
] as const;

export const findAttachments = (db: Database, options: { caseId: string; publicOnly: boolean }) => {
  let query = db
    .selectFrom("case_attachments as a")
    .leftJoin("users as u", "u.id", "a.uploaded_by")
    .select(ATTACHMENT_COLUMNS)
    .where("a.case_id", "=", options.caseId);
  if (options.publicOnly) query = query.where("a.visibility", "=", "public");
  return query.orderBy("a.created_at").execute();
};

export const findAttachmentContent = (
  db: Database,
  options: { caseId: string; id: string; publicOnly: boolean },
) => {
  let query = db
    .selectFrom("case_attachments as a")
    .leftJoin("users as u", "u.id", "a.uploaded_by")
    .select([...ATTACHMENT_COLUMNS, "a.content"])
    .where("a.case_id", "=", options.caseId)
    .where("a.id", "=", options.id);
  if (options.publicOnly) query = query.where("a.visibility", "=", "public");
  return query.executeTakeFirst();
};

/** An email's attachments kept with the request it was held as. */
export const insertHeldAttachments = async (
  db: Database,
  heldRequestId: string,
  files: readonly { filename: string; contentType: string; content: Buffer }[],
  now: Date,
) => {
  if (files.length === 0) return;
  await db
    .insertInto("held_request_attachments")
    .values(
      files.map((f) => ({
        held_request_id: heldRequestId,
        filename: f.filename,
        content_type: f.contentType,
        content: f.content,
        created_at: now,
      })),
    )
    .execute();
};

/** Takes a held request's attachments (they move to its case). */
export const takeHeldAttachments = (db: Database, heldRequestId: string) =>
  db
    .deleteFrom("held_request_attachments")
    .where("held_request_id", "=", heldRequestId)
    .returning(["filename", "content_type", "content"])
    .execute();
