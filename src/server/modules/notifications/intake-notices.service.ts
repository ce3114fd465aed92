import { type DeliveryReport, deliveryOutcome, reportFor } from "../../../domain/email";
import type { Database } from "../../platform/db";
import type { MailComposer } from "./mail-composer";
import { composeMail, mailLocale, translator } from "./mail-templates";
import * as repo from "./notifications.repository";

/** What intake tells a requester who gets no case (a hold, a refusal), and what it asks of our outbox. */
export const createIntakeNotices = (compose: MailComposer) => {
  /** A request held for a purchase order: the requester learns why and what unblocks it. */
  const onHeldRequest = async (
    tx: Database,
    options: { requesterId: string; subject: string; systemName: string },
  ) => {
    const requester = (await repo.findRecipientsByIds(tx, [options.requesterId]))[0];
    if (!requester) return;
    const locale = mailLocale(requester.preferred_language);
    const t = translator(locale);
    const mail = composeMail({
      t,
      subject: t("heldRequest.subject"),
      recipientName: requester.name,
      paragraphs: [t("heldRequest.body", { subject: options.subject, system: options.systemName })],
    });
    await repo.insertOutbox(tx, [
      compose.standaloneMail({
        kind: "held_request",
        to: { id: requester.id, address: requester.email },
        locale,
        mail,
      }),
    ]);
  };

  /** The polite refusal by mail, answering the sender's message in its own thread. */
  const onIntakeRefused = async (
    tx: Database,
    options: {
      toAddress: string;
      name: string | null;
      locale: string | null;
      subject: string;
      inReplyTo: string | null;
    },
  ) => {
    const locale = mailLocale(options.locale);
    const t = translator(locale);
    const mail = composeMail({
      t,
      subject: t("refusal.subject", { subject: options.subject }),
      recipientName: options.name ?? t("refusal.anonymous"),
      paragraphs: [t("refusal.body")],
    });
    const inReplyTo = options.inReplyTo ? `<${options.inReplyTo}>` : null;
    await repo.insertOutbox(tx, [
      compose.standaloneMail({
        kind: "refusal",
        to: { id: null, address: options.toAddress },
        locale,
        mail,
        inReplyTo,
      }),
    ]);
  };

  /**
   * What a bounce says about the outgoing messages it names: with a delivery-status report, each message's
   * recipient's line is recorded on it — a permanent failure (5.x.x) fails the message and marks the address
   * not deliverable, a delay (4.x.x) is only recorded, a delivery changes nothing; a plain bounce without a
   * report fails the messages it names. Returns the counts and the case mail that failed or is delayed.
   */
  const recordBounce = async (
    tx: Database,
    options: { messageIds: readonly string[]; reports: readonly DeliveryReport[]; subject: string; at: Date },
  ) => {
    if (!options.reports.length) {
      const failed = await repo.markOutboxBounced(
        tx,
        options.messageIds,
        `bounced: ${options.subject.slice(0, 200)}`,
      );
      return { failed, delayed: 0, caseMail: [] };
    }
    let failed = 0;
    let delayed = 0;
    const caseMail: { caseId: string; mailKind: string; recipient: string; report: DeliveryReport }[] = [];
    for (const mail of await repo.findOutboxByMessageIds(tx, options.messageIds)) {
      const report = reportFor(options.reports, mail.to_address);
      const outcome = report ? deliveryOutcome(report) : "unknown";
      if (!report || (outcome !== "permanent_failure" && outcome !== "delayed")) continue;
      const permanent = outcome === "permanent_failure";
      await repo.recordOutboxBounce(tx, {
        id: mail.id,
        action: report.action,
        status: report.status,
        recipient: report.recipient,
        diagnostic: report.diagnostic,
        at: options.at,
        fail: permanent,
      });
      if (permanent) {
        failed += 1;
        await repo.markUndeliverable(tx, {
          address: mail.to_address,
          status: report.status,
          diagnostic: report.diagnostic,
          outboxId: mail.id,
          at: options.at,
        });
      } else {
        delayed += 1;
      }
      if (mail.case_id)
        caseMail.push({ caseId: mail.case_id, mailKind: mail.kind, recipient: mail.to_address, report });
    }
    return { failed, delayed, caseMail };
  };

  /** Mail from the address arrived: it is deliverable again. */
  const clearUndeliverable = (tx: Database, address: string) => repo.clearUndeliverable(tx, address);
  const isOwnMessageId = (tx: Database, messageId: string) => repo.isOwnMessageId(tx, messageId);

  return { onHeldRequest, onIntakeRefused, recordBounce, clearUndeliverable, isOwnMessageId };
};
