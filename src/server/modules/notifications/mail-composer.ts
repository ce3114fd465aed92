import { randomBytes } from "node:crypto";
import type { Clock } from "../../platform/clock";
import type { Config } from "../../platform/config";
import { mailLocale, type RenderedMail } from "./mail-templates";
import type * as repo from "./notifications.repository";

/** What identifies a case's mail thread. */
type ThreadOf = Pick<repo.CaseContext, "id" | "number" | "thread_token">;

/** Outgoing mail as outbox rows: case mail in the case's thread, the rest on its own (or answering a message). */
export const createMailComposer = (config: Config, clock: Clock) => {
  /** Every case mail belongs to one thread: the root id, which only Soporte and the recipients know. */
  const threadRoot = (c: ThreadOf) => `<${c.number.toLowerCase()}.${c.thread_token}@${config.mailDomain}>`;
  const messageIdFor = (c: ThreadOf | null) =>
    `<${c ? `${c.number.toLowerCase()}.${randomBytes(6).toString("hex")}.${c.thread_token}` : randomBytes(16).toString("hex")}@${config.mailDomain}>`;
  const caseLink = (caseId: string) => `${config.publicUrl}/cases/${caseId}`;
  /** A page of the web app, e.g. "/support-center/articles/…". */
  const pageLink = (path: string) => `${config.publicUrl}${path}`;

  const caseMail = (options: {
    kind: string;
    context: ThreadOf;
    recipient: repo.Recipient;
    mail: RenderedMail;
    at: Date;
    isRoot?: boolean;
  }): repo.OutboxValues => {
    const root = threadRoot(options.context);
    return {
      messageId: options.isRoot ? root : messageIdFor(options.context),
      kind: options.kind,
      caseId: options.context.id,
      toUserId: options.recipient.id,
      toAddress: options.recipient.email,
      locale: mailLocale(options.recipient.preferred_language),
      subject: options.mail.subject,
      text: options.mail.text,
      html: options.mail.html,
      inReplyTo: options.isRoot ? null : root,
      references: options.isRoot ? [] : [root],
      at: options.at,
    };
  };

  /** A mail outside any case thread (held request, refusal, digest); it may answer the sender's message. */
  const standaloneMail = (options: {
    kind: string;
    to: { id: string | null; address: string };
    locale: string;
    mail: RenderedMail;
    inReplyTo?: string | null;
  }): repo.OutboxValues => ({
    messageId: messageIdFor(null),
    kind: options.kind,
    caseId: null,
    toUserId: options.to.id,
    toAddress: options.to.address,
    locale: options.locale,
    subject: options.mail.subject,
    text: options.mail.text,
    html: options.mail.html,
    inReplyTo: options.inReplyTo ?? null,
    references: options.inReplyTo ? [options.inReplyTo] : [],
    at: clock.now(),
  });

  return { caseLink, pageLink, caseMail, standaloneMail };
};

export type MailComposer = ReturnType<typeof createMailComposer>;
