import { createHash } from "node:crypto";
import type { Attachment } from "../../../api/cases";
import { sanitizeFilename, servedContentType } from "../../../domain/cases/attachments";
import { type Actor, actorUserId, authorize } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import * as attachmentsRepo from "./case-attachments.repository";
import { isStaff } from "./case-view";
import * as repo from "./cases.repository";

/** Files on a case: stored in PostgreSQL, safe names, staff-only files, served only as downloads. */
export const createCaseAttachmentsService = (
  { db, clock }: ServiceDeps,
  cases: {
    getCase: (actor: Actor | null, id: string) => Promise<unknown>;
    loadForChange: (tx: Database, caller: Actor, id: string) => Promise<repo.CaseRow>;
  },
) => {
  const { getCase, loadForChange } = cases;
  const toAttachment = (
    a: Awaited<ReturnType<typeof attachmentsRepo.findAttachments>>[number],
  ): Attachment => ({
    id: a.id,
    caseId: a.case_id,
    filename: a.filename,
    contentType: a.content_type,
    sizeBytes: a.size_bytes,
    sha256: a.sha256,
    visibility: a.visibility as Attachment["visibility"],
    uploadedBy: a.uploaded_by_name,
    createdAt: a.created_at.toISOString(),
  });

  /** Stored in PostgreSQL with the case; customers' uploads are public, staff may keep one internal. */
  const addAttachment = async (
    actor: Actor | null,
    id: string,
    file: { filename: string; contentType: string; content: Buffer; internal: boolean },
  ): Promise<Attachment> => {
    const caller = authorize(actor, "cases:attach");
    const visibility = file.internal && isStaff(caller) ? "internal" : "public";
    const now = clock.now();
    const attachmentId = await db.transaction().execute(async (tx) => {
      const row = await loadForChange(tx, caller, id);
      if (row.status === "closed") throw new AppError("invalid_transition", { reason: "case_closed" });
      const filename = sanitizeFilename(file.filename);
      const sha256 = createHash("sha256").update(file.content).digest("hex");
      const eventId = await repo.insertCaseEvent(tx, {
        caseId: id,
        at: now,
        actorId: actorUserId(caller),
        kind: "attachment_added",
        visibility,
        data: { filename, sizeBytes: file.content.length, sha256 },
      });
      const attachmentId = await attachmentsRepo.insertAttachment(tx, {
        caseId: id,
        eventId,
        filename,
        contentType: file.contentType,
        content: file.content,
        sha256,
        visibility,
        uploadedBy: actorUserId(caller),
        now,
      });
      await insertAudit(tx, {
        actor: caller,
        action: "case.attachment_added",
        entity: "case",
        entityId: id,
        organizationId: row.organization_id,
        details: {
          number: row.number,
          attachmentId,
          filename,
          sizeBytes: file.content.length,
          sha256,
          visibility,
        },
      });
      return attachmentId;
    });
    const [stored] = (await attachmentsRepo.findAttachments(db, { caseId: id, publicOnly: false })).filter(
      (a) => a.id === attachmentId,
    );
    return toAttachment(stored!);
  };

  const listAttachments = async (actor: Actor | null, id: string): Promise<Attachment[]> => {
    const caller = authorize(actor, "cases:read");
    await getCase(caller, id);
    return (await attachmentsRepo.findAttachments(db, { caseId: id, publicOnly: !isStaff(caller) })).map(
      toAttachment,
    );
  };

  const getAttachmentContent = async (actor: Actor | null, id: string, attachmentId: string) => {
    const caller = authorize(actor, "cases:read");
    await getCase(caller, id);
    const row = await attachmentsRepo.findAttachmentContent(db, {
      caseId: id,
      id: attachmentId,
      publicOnly: !isStaff(caller),
    });
    if (!row) throw notFound("attachment");
    return { ...toAttachment(row), content: row.content, servedType: servedContentType(row.content_type) };
  };

  return { addAttachment, listAttachments, getAttachmentContent };
};
