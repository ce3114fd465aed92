import { createHash } from "node:crypto";
import { sanitizeFilename } from "../../../domain/cases/attachments";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import type { CalendarsService } from "../calendars";
import type { EscalationService } from "../escalation";
import type { NotificationsService } from "../notifications";
import { type WebhookEmitter, webhookCaseOf } from "../webhooks";
import * as attachmentsRepo from "./case-attachments.repository";
import { pauseChange } from "./case-clocks";
import * as repo from "./cases.repository";

export type MailAttachment = { filename: string; contentType: string; content: Buffer };

/** What the email channel does to cases, inside the transaction that also marks the message processed. */
export const createCaseEmailService = (
  _deps: ServiceDeps,
  features: {
    escalation: EscalationService;
    notifications: NotificationsService;
    calendars: CalendarsService;
    emitWebhook: WebhookEmitter;
  },
) => {
  const findThreadCase = (tx: Database, token: string) => repo.findCaseByThreadToken(tx, token);
  const findNumberedCase = (tx: Database, number: string) => repo.findCaseByNumber(tx, number);

  const attach = async (
    tx: Database,
    options: {
      caseId: string;
      eventId: number;
      uploadedBy: string;
      attachments: MailAttachment[];
      now: Date;
    },
  ) => {
    for (const file of options.attachments) {
      await attachmentsRepo.insertAttachment(tx, {
        caseId: options.caseId,
        eventId: options.eventId,
        filename: sanitizeFilename(file.filename),
        contentType: file.contentType,
        content: file.content,
        sha256: createHash("sha256").update(file.content).digest("hex"),
        visibility: "public",
        uploadedBy: options.uploadedBy,
        now: options.now,
      });
    }
  };

  /** A held message's attachments wait with its request until a purchase order opens its case. */
  const keepForHeldRequest = (
    tx: Database,
    options: { heldRequestId: string; attachments: MailAttachment[]; now: Date },
  ) =>
    attachmentsRepo.insertHeldAttachments(
      tx,
      options.heldRequestId,
      options.attachments.map((file) => ({ ...file, filename: sanitizeFilename(file.filename) })),
      options.now,
    );

  /**
   * A customer's reply by mail: a public reply on the case; a case waiting on the customer opens again,
   * which resumes its clocks (SPEC §4).
   */
  const addCustomerReply = async (
    tx: Database,
    options: {
      caseId: string;
      author: { id: string; name: string };
      body: string;
      inboundMailId: string;
      attachments: MailAttachment[];
      now: Date;
    },
  ) => {
    const row = await repo.findCaseForChange(tx, { kind: "all" }, options.caseId);
    if (!row) throw new Error(`case ${options.caseId} vanished`);
    const eventId = await repo.insertCaseEvent(tx, {
      caseId: options.caseId,
      at: options.now,
      actorId: options.author.id,
      kind: "reply",
      visibility: "public",
      body: options.body,
      data: { channel: "email", inboundMailId: options.inboundMailId },
    });
    await attach(tx, { ...options, eventId, uploadedBy: options.author.id });
    if (row.status === "waiting_on_customer") {
      await repo.updateCaseVersioned(tx, {
        id: row.id,
        version: row.version,
        now: options.now,
        set: { status: "open", ...pauseChange(row, "open", options.now, await features.calendars.load(tx)) },
      });
      await repo.insertCaseEvent(tx, {
        caseId: row.id,
        at: options.now,
        actorId: options.author.id,
        kind: "status_changed",
        visibility: "public",
        data: { from: "waiting_on_customer", to: "open", channel: "email" },
      });
      await features.escalation.syncTimers(tx, row.id);
    }
    await features.emitWebhook(tx, "case.replied", {
      organizationId: row.organization_id,
      caseId: row.id,
      data: {
        case: webhookCaseOf({ ...row, status: row.status === "waiting_on_customer" ? "open" : row.status }),
        reply: {
          id: eventId,
          at: options.now.toISOString(),
          body: options.body,
          author: { name: options.author.name, staff: false },
        },
      },
    });
    if (row.status === "waiting_on_customer")
      await features.emitWebhook(tx, "case.updated", {
        organizationId: row.organization_id,
        caseId: row.id,
        data: {
          case: webhookCaseOf({ ...row, status: "open" }),
          changes: { status: { from: "waiting_on_customer", to: "open" } },
        },
      });
    await features.notifications.onCustomerReply(tx, row.id, { authorName: options.author.name });
    return eventId;
  };

  /** Staff are told, on a case opened from mail, that the message cited another organization's case. */
  const noteCitedCase = async (tx: Database, options: { caseId: string; citedCaseId: string; now: Date }) => {
    const cited = await repo.findCase(tx, { kind: "all" }, options.citedCaseId);
    await repo.insertCaseEvent(tx, {
      caseId: options.caseId,
      at: options.now,
      actorId: null,
      kind: "foreign_thread_cited",
      visibility: "internal",
      data: { citedCaseId: options.citedCaseId, citedCaseNumber: cited?.number ?? null },
    });
  };

  /** A mail of the case that could not be delivered (or is delayed), on its timeline for staff. */
  const noteUndelivered = async (
    tx: Database,
    options: {
      caseId: string;
      at: Date;
      mailKind: string;
      recipient: string;
      status: string | null;
      action: string;
      diagnostic: string | null;
    },
  ) => {
    const { caseId, at, ...data } = options;
    await repo.insertCaseEvent(tx, {
      caseId,
      at,
      actorId: null,
      kind: "mail_bounced",
      visibility: "internal",
      data,
    });
  };

  return {
    findThreadCase,
    findNumberedCase,
    attach,
    keepForHeldRequest,
    addCustomerReply,
    noteCitedCase,
    noteUndelivered,
  };
};
