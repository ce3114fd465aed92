import { computeAudienceTargets, escalationRecipients } from "../../../domain/sla";
import type { EscalationAudience, EscalationClock } from "../../../domain/sla/escalation-plan";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { loadCaseContext } from "./case-context";
import type { MailComposer } from "./mail-composer";
import { composeMail, formatInstant, mailLocale, translator } from "./mail-templates";
import * as repo from "./notifications.repository";

export type EscalationNotice = {
  caseId: string;
  clock: EscalationClock;
  level: number;
  percent: number;
  dueAt: Date;
  audiences: readonly EscalationAudience[];
};

/** Warnings and escalation levels as they reach people: in the app, by mail, or in the hourly digest. */
export const createEscalationNotices = ({ db, clock }: ServiceDeps, compose: MailComposer) => {
  /**
   * A warning or escalation level that fired: each person in its audiences gets it in the app and by mail
   * (warnings wait for the digest when the person chose one). Called once per case and level.
   */
  const onEscalation = async (tx: Database, notice: EscalationNotice) => {
    const context = await loadCaseContext(tx, notice.caseId);
    const targets = computeAudienceTargets(notice.audiences, {
      assigneeId: context.assignee_id,
      accountExecutiveId: context.account_executive_id,
    });
    const recipients = escalationRecipients([
      ...(await repo.findRecipientsByIds(tx, targets.userIds)),
      ...(await repo.findRecipientsByRoles(tx, targets.roles)),
    ]);
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
        link: compose.caseLink(notice.caseId),
      });
      mails.push(
        compose.caseMail({ kind: warning ? "warning" : "escalation", context, recipient, mail, at }),
      );
    }
    await repo.insertOutbox(tx, mails);
    await repo.insertNotifications(tx, notifications);
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
          compose.standaloneMail({
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

  return { onEscalation, sendDigests };
};
