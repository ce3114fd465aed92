import { randomBytes } from "node:crypto";
import type { EscalationAudience, EscalationClock } from "../../../domain/sla/escalation-plan";
import { type Actor, authorize } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { invalidField } from "../../platform/errors";
import { composeMail, formatInstant, mailLocale, type RenderedMail, translator } from "./mail-templates";
import * as repo from "./notifications.repository";

const AUDIENCE_ROLES: Partial<Record<EscalationAudience, string>> = {
  queue: "specialist",
  manager: "manager",
  technical_staff: "technical_staff",
  director: "admin",
};

export type EscalationNotice = {
  caseId: string;
  clock: EscalationClock;
  level: number;
  percent: number;
  dueAt: Date;
  audiences: readonly EscalationAudience[];
};

/**
 * Everything a change tells people: in-app notifications and mail. The `on…` functions run inside the
 * caller's transaction, so a mail is in the outbox exactly when the change that causes it committed.
 */
/** What identifies a case's mail thread. */
type ThreadOf = Pick<repo.CaseContext, "id" | "number" | "thread_token">;

/** What the acknowledgement says, when intake has all of it in hand (nothing to read back). */
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

export const createNotificationsService = ({ db, clock, config }: ServiceDeps) => {
  /** Every case mail belongs to one thread: the root id, which only Soporte and the recipients know. */
  const threadRoot = (c: ThreadOf) => `<${c.number.toLowerCase()}.${c.thread_token}@${config.mailDomain}>`;
  const messageIdFor = (c: ThreadOf | null) =>
    `<${c ? `${c.number.toLowerCase()}.${randomBytes(6).toString("hex")}.${c.thread_token}` : randomBytes(16).toString("hex")}@${config.mailDomain}>`;
  const caseLink = (caseId: string) => `${config.publicUrl}/cases/${caseId}`;

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

  const loadContext = async (tx: Database, caseId: string) => {
    const context = await repo.findCaseContext(tx, caseId);
    if (!context) throw new Error(`case ${caseId} vanished inside its own transaction`);
    return context;
  };

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

  /** The acknowledgement: number, target response time and due instant in the requester's zone. */
  const onCaseOpened = async (
    tx: Database,
    opened: string | OpenedCaseFacts,
    options: { checklistConfirmed: boolean },
  ) => {
    const context = typeof opened === "string" ? await loadContext(tx, opened) : opened;
    const requester =
      typeof opened === "string" ? requesterOf(context as repo.CaseContext) : opened.requester;
    if (!requester) return;
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
      link: caseLink(caseId),
      footer: t("doNotReply", { number: context.number }),
    });
    await repo.insertOutbox(tx, [
      caseMail({
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
    caseId: string,
    options: { authorName: string; body: string },
  ) => {
    const context = await loadContext(tx, caseId);
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
      link: caseLink(caseId),
      footer: t("doNotReply", { number: context.number }),
    });
    const at = clock.now();
    await repo.insertOutbox(tx, [caseMail({ kind: "staff_reply", context, recipient: requester, mail, at })]);
    await repo.insertNotifications(tx, [
      {
        userId: requester.id,
        caseId,
        kind: "reply",
        data: { author: options.authorName },
        at,
        digest: false,
      },
    ]);
  };

  /** A customer's reply shows up in the assignee's bell. */
  const onCustomerReply = async (tx: Database, caseId: string, options: { authorName: string }) => {
    const context = await loadContext(tx, caseId);
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
    const context = await loadContext(tx, caseId);
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
    const context = await loadContext(tx, caseId);
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
      link: caseLink(caseId),
      footer: t("doNotReply", { number: context.number }),
    });
    const at = clock.now();
    await repo.insertOutbox(tx, [
      caseMail({ kind: "status_changed", context, recipient: requester, mail, at }),
    ]);
    await repo.insertNotifications(tx, [
      {
        userId: requester.id,
        caseId,
        kind: "status_changed",
        data: { from: options.from, to: options.to, subject: context.subject },
        at,
        digest: false,
      },
    ]);
  };

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
      standaloneMail({
        kind: "held_request",
        to: { id: requester.id, address: requester.email },
        locale,
        mail,
      }),
    ]);
  };

  /** How many automatic mails an address may still get today (the email channel's loop guard). */
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
      standaloneMail({
        kind: "refusal",
        to: { id: null, address: options.toAddress },
        locale,
        mail,
        inReplyTo,
      }),
    ]);
  };

  const markBounced = (tx: Database, messageIds: readonly string[], detail: string) =>
    repo.markOutboxBounced(tx, messageIds, detail);
  const isOwnMessageId = (tx: Database, messageId: string) => repo.isOwnMessageId(tx, messageId);

  const audienceRecipients = async (
    tx: Database,
    context: repo.CaseContext,
    audiences: readonly EscalationAudience[],
  ) => {
    const ids = [
      ...(audiences.includes("assignee") && context.assignee_id ? [context.assignee_id] : []),
      ...(audiences.includes("account_executive") && context.account_executive_id
        ? [context.account_executive_id]
        : []),
    ];
    const roles = audiences.map((a) => AUDIENCE_ROLES[a]).filter((r): r is string => r !== undefined);
    const all = [
      ...(await repo.findRecipientsByIds(tx, ids)),
      ...(await repo.findRecipientsByRoles(tx, roles)),
    ];
    const unique = new Map(all.filter((r) => r.role !== "customer_contact").map((r) => [r.id, r]));
    return [...unique.values()];
  };

  /**
   * A warning or escalation level that fired: each person in its audiences gets it in the app and by mail
   * (warnings wait for the digest when the person chose one). Called once per case and level.
   */
  const onEscalation = async (tx: Database, notice: EscalationNotice) => {
    const context = await loadContext(tx, notice.caseId);
    const recipients = await audienceRecipients(tx, context, notice.audiences);
    const warning = notice.level === 0;
    const delivery = warning
      ? await repo.findWarningDelivery(
          tx,
          recipients.map((r) => r.id),
        )
      : new Map();
    const at = clock.now();
    const data = {
      clock: notice.clock,
      level: notice.level,
      percent: notice.percent,
      dueAt: notice.dueAt.toISOString(),
      number: context.number,
      subject: context.subject,
    };
    const mails: repo.OutboxValues[] = [];
    const notifications: Parameters<typeof repo.insertNotifications>[1] = [];
    for (const recipient of recipients) {
      const digest = warning && delivery.get(recipient.id) === "digest";
      notifications.push({
        userId: recipient.id,
        caseId: notice.caseId,
        kind: warning ? "warning" : "escalation",
        data,
        at,
        digest,
      });
      if (digest) continue;
      const locale = mailLocale(recipient.preferred_language);
      const t = translator(locale);
      const values = {
        number: context.number,
        subject: context.subject,
        organization: context.organization_name,
        priority: t(`priority.${context.priority}`),
        clock: t(`clock.${notice.clock}`),
        percent: notice.percent,
        level: notice.level,
        due: formatInstant(notice.dueAt, locale, recipient.time_zone),
        assignee: context.assignee_name ?? t("escalation.unassigned"),
      };
      const mail = composeMail({
        t,
        subject: t(warning ? "warning.subject" : "escalation.subject", values),
        recipientName: recipient.name,
        paragraphs: [t(warning ? "warning.body" : "escalation.body", values)],
        link: caseLink(notice.caseId),
      });
      mails.push(caseMail({ kind: warning ? "warning" : "escalation", context, recipient, mail, at }));
    }
    await repo.insertNotifications(tx, notifications);
    await repo.insertOutbox(tx, mails);
    return recipients.map((r) => ({ id: r.id, name: r.name }));
  };

  /** One mail per person with the warnings collected since their last digest. */
  const sendDigests = async (): Promise<number> => {
    let sent = 0;
    for (const userId of await repo.findDigestUsers(db)) {
      await db.transaction().execute(async (tx) => {
        const recipient = (await repo.findRecipientsByIds(tx, [userId]))[0];
        const items = await repo.takeDigest(tx, userId);
        if (!recipient || !items.length) return;
        const locale = mailLocale(recipient.preferred_language);
        const t = translator(locale);
        const lines = items.map((item) => {
          const data = item.data as { clock: EscalationClock; dueAt: string };
          return t("digest.line", {
            number: item.number,
            subject: item.subject,
            priority: t(`priority.${item.priority}`),
            clock: t(`clock.${data.clock}`),
            due: formatInstant(new Date(data.dueAt), locale, recipient.time_zone),
          });
        });
        const mail = composeMail({
          t,
          subject: t("digest.subject", { count: items.length }),
          recipientName: recipient.name,
          paragraphs: [t("digest.intro"), lines.join("\n")],
        });
        await repo.insertOutbox(tx, [
          standaloneMail({
            kind: "warning_digest",
            to: { id: recipient.id, address: recipient.email },
            locale,
            mail,
          }),
        ]);
        sent += 1;
      });
    }
    return sent;
  };

  // ---- the signed-in person's bell and preferences

  const listMine = async (
    actor: Actor | null,
    query: { limit: number; cursor?: string | undefined; unread?: boolean | undefined },
  ) => {
    const caller = authorize(actor, "notifications:read");
    const page = await repo.findNotifications(db, {
      userId: caller.userId,
      limit: query.limit,
      cursor: query.cursor,
      unreadOnly: query.unread ?? false,
    });
    return {
      items: page.items.map((n) => ({
        id: n.id,
        kind: n.kind as "warning",
        caseId: n.case_id,
        caseNumber: n.case_number,
        data: (n.data ?? {}) as Record<string, unknown>,
        createdAt: n.created_at.toISOString(),
        readAt: n.read_at?.toISOString() ?? null,
      })),
      nextCursor: page.nextCursor,
      unread: await repo.countUnread(db, caller.userId),
    };
  };

  const unreadCount = async (actor: Actor | null) => {
    const caller = authorize(actor, "notifications:read");
    return { unread: await repo.countUnread(db, caller.userId) };
  };

  const markRead = async (
    actor: Actor | null,
    input: { ids?: string[] | undefined; all?: boolean | undefined },
  ) => {
    const caller = authorize(actor, "notifications:read");
    if (!input.all && !input.ids?.length) {
      throw invalidField(
        { reason: "notification_ids_required" },
        { field: "ids", code: "required_unless_all" },
      );
    }
    const marked = await repo.markRead(db, caller.userId, input.all ? null : (input.ids ?? []), clock.now());
    return { marked, unread: await repo.countUnread(db, caller.userId) };
  };

  const getPreferences = async (actor: Actor | null) => {
    const caller = authorize(actor, "notifications:read");
    const delivery = await repo.findWarningDelivery(db, [caller.userId]);
    return { warningDelivery: (delivery.get(caller.userId) ?? "immediate") as "immediate" | "digest" };
  };

  const savePreferences = async (actor: Actor | null, input: { warningDelivery: "immediate" | "digest" }) => {
    const caller = authorize(actor, "notifications:preferences");
    await repo.saveWarningDelivery(db, caller.userId, input.warningDelivery, clock.now());
    return input;
  };

  return {
    onCaseOpened,
    onStaffReply,
    onCustomerReply,
    onStatusChanged,
    onAssigned,
    onHeldRequest,
    onIntakeRefused,
    markBounced,
    isOwnMessageId,
    onEscalation,
    sendDigests,
    listMine,
    unreadCount,
    markRead,
    getPreferences,
    savePreferences,
  };
};

export type NotificationsService = ReturnType<typeof createNotificationsService>;
