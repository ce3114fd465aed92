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

  /** Outgoing messages a bounce names are marked failed; the count of those marked. */
  const markBounced = (tx: Database, messageIds: readonly string[], detail: string) =>
    repo.markOutboxBounced(tx, messageIds, detail);
  const isOwnMessageId = (tx: Database, messageId: string) => repo.isOwnMessageId(tx, messageId);

  return { onHeldRequest, onIntakeRefused, markBounced, isOwnMessageId };
};
