import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { loadCaseContext } from "./case-context";
import type { MailComposer } from "./mail-composer";
import { composeMail, formatInstant, mailLocale, type RenderedMail, translator } from "./mail-templates";
import * as repo from "./notifications.repository";

/** What a notice needs of its case, when the change has read it already in its transaction. */
export type CaseContext = repo.CaseContext;

/** What the acknowledgement says: intake has all of it in hand (nothing to read back). */
export type OpenedCaseFacts = Pick<
  repo.CaseContext,
  | "id"
  | "number"
  | "thread_token"
  | "subject"
  | "priority"
  | "sla_target_minutes"
  | "sla_calendar_id"
  | "response_due_at"
> & { requester: repo.Recipient };

const requesterOf = (context: repo.CaseContext): repo.Recipient | null =>
  context.requester_email
    ? {
        id: context.requester_id,
        email: context.requester_email,
        name: context.requester_name ?? "",
        role: context.requester_role ?? "customer_contact",
        preferred_language: context.requester_language ?? "es-MX",
        time_zone: context.requester_time_zone,
      }
    : null;

/**
 * What a change of a case tells people: the requester by mail and in the app, staff in their bell. Each runs
 * inside the caller's transaction, so a mail is in the outbox exactly when the change that causes it committed.
 */
export const createCaseNotices = ({ clock }: ServiceDeps, compose: MailComposer) => {
  /** A mail to the requester and the same news in their bell (in one statement in a `transact` change). */
  const toRequester = async (
    tx: Database,
    {
      context,
      requester,
      mail,
    }: { context: repo.CaseContext; requester: repo.Recipient; mail: RenderedMail },
    kinds: { mail: string; bell: string },
    data: Record<string, unknown>,
  ) => {
    const at = clock.now();
    await repo.insertOutbox(tx, [
      compose.caseMail({ kind: kinds.mail, context, recipient: requester, mail, at }),
    ]);
    await repo.insertNotifications(tx, [
      { userId: requester.id, caseId: context.id, kind: kinds.bell, data, at, digest: false },
    ]);
  };

  /** The acknowledgement: number, target response time and due instant in the requester's zone. */
  const onCaseOpened = async (
    tx: Database,
    context: OpenedCaseFacts,
    options: { checklistConfirmed: boolean },
  ) => {
    const { requester } = context;
    const caseId = context.id;
    const locale = mailLocale(requester.preferred_language);
    const t = translator(locale);
    const minutes = context.sla_target_minutes;
    const mail = composeMail({
      t,
      subject: t("acknowledgement.subject", { number: context.number, subject: context.subject }),
      recipientName: requester.name,
      paragraphs: [
        t("acknowledgement.body", {
          number: context.number,
          subject: context.subject,
          priority: t(`priority.${context.priority}`),
          target: minutes % 60 === 0 ? t("hours", { count: minutes / 60 }) : t("minutes", { count: minutes }),
          calendar: t(`calendar.${context.sla_calendar_id}`, { defaultValue: context.sla_calendar_id }),
          due: formatInstant(context.response_due_at, locale, requester.time_zone),
        }),
        ...(options.checklistConfirmed ? [] : [t("acknowledgement.checklistUnconfirmed")]),
      ],
      link: compose.caseLink(caseId),
      footer: t("doNotReply", { number: context.number }),
    });
    await repo.insertOutbox(tx, [
      compose.caseMail({
        kind: "acknowledgement",
        context,
        recipient: requester,
        mail,
        at: clock.now(),
        isRoot: true,
      }),
    ]);
  };

  /** A public staff reply reaches the requester by mail and in the app. */
  const onStaffReply = async (
    tx: Database,
    of: string | repo.CaseContext,
    options: { authorName: string; body: string },
  ) => {
    const context = typeof of === "string" ? await loadCaseContext(tx, of) : of;
    const caseId = context.id;
    const requester = requesterOf(context);
    if (!requester) return;
    const t = translator(mailLocale(requester.preferred_language));
    const mail = composeMail({
      t,
      subject: t("staffReply.subject", { number: context.number, subject: context.subject }),
      recipientName: requester.name,
      paragraphs: [
        t("staffReply.body", { author: options.authorName, number: context.number, reply: options.body }),
      ],
      link: compose.caseLink(caseId),
      footer: t("doNotReply", { number: context.number }),
    });
    await toRequester(
      tx,
      { context, requester, mail },
      { mail: "staff_reply", bell: "reply" },
      {
        author: options.authorName,
      },
    );
  };

  /** A customer's reply shows up in the assignee's bell. */
  const onCustomerReply = async (
    tx: Database,
    of: string | repo.CaseContext,
    options: { authorName: string },
  ) => {
    const context = typeof of === "string" ? await loadCaseContext(tx, of) : of;
    const caseId = context.id;
    if (!context.assignee_id) return;
    await repo.insertNotifications(tx, [
      {
        userId: context.assignee_id,
        caseId,
        kind: "reply",
        data: { author: options.authorName, subject: context.subject },
        at: clock.now(),
        digest: false,
      },
    ]);
  };

  /** A case assigned to someone lands in their bell. */
  const onAssigned = async (tx: Database, caseId: string, assigneeId: string) => {
    const context = await loadCaseContext(tx, caseId);
    await repo.insertNotifications(tx, [
      {
        userId: assigneeId,
        caseId,
        kind: "assigned",
        data: { subject: context.subject },
        at: clock.now(),
        digest: false,
      },
    ]);
  };

  const onStatusChanged = async (
    tx: Database,
    caseId: string,
    options: { from: string; to: string; byStaff: boolean; reopenWindowDays: number },
  ) => {
    // the customer's own moves (close, reopen) need no mail back
    if (!options.byStaff) return;
    const context = await loadCaseContext(tx, caseId);
    const requester = requesterOf(context);
    if (!requester) return;
    const t = translator(mailLocale(requester.preferred_language));
    const status = t(`status.${options.to}`);
    const mail = composeMail({
      t,
      subject: t("statusChanged.subject", { number: context.number, subject: context.subject, status }),
      recipientName: requester.name,
      paragraphs: [
        t("statusChanged.body", {
          number: context.number,
          subject: context.subject,
          from: t(`status.${options.from}`),
          status,
        }),
        ...(options.to === "resolved"
          ? [t("statusChanged.resolvedHint", { days: options.reopenWindowDays })]
          : []),
      ],
      link: compose.caseLink(caseId),
      footer: t("doNotReply", { number: context.number }),
    });
    await toRequester(
      tx,
      { context, requester, mail },
      { mail: "status_changed", bell: "status_changed" },
      { from: options.from, to: options.to, subject: context.subject },
    );
  };

  return { onCaseOpened, onStaffReply, onCustomerReply, onAssigned, onStatusChanged };
};
