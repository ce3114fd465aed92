import type { Database } from "../../platform/db";
import type { MailComposer } from "./mail-composer";
import { composeMail, formatLocalDate, mailLocale, translator } from "./mail-templates";
import * as repo from "./notifications.repository";

/** What the reminder of an on-site engineer's visit says. */
export type StsVisitReminderFacts = {
  visitId: string;
  serviceId: string;
  kind: "business_review" | "tuning";
  scheduledOn: string;
  organizationName: string;
  engineer: { name: string; email: string; phone: string | null };
};

export type StsRecipient = {
  id: string;
  email: string;
  name: string;
  preferredLanguage: string;
  /** Staff open the service in the console; contacts their portal's services page. */
  staff: boolean;
};

/** What the on-site engineer service tells its engineer, the account executive and the organization's contacts. */
export const createStsNotices = (compose: MailComposer) => {
  /** One visit's reminder, mailed to each recipient in their language, in the caller's transaction. */
  const onStsVisitReminder = async (
    tx: Database,
    visit: StsVisitReminderFacts,
    recipients: readonly StsRecipient[],
  ): Promise<number> => {
    const mails = recipients.map((person) => {
      const locale = mailLocale(person.preferredLanguage);
      const t = translator(locale);
      const values = {
        kind: t(`sts.kinds.${visit.kind}`),
        organization: visit.organizationName,
        date: formatLocalDate(visit.scheduledOn, locale),
        engineer: visit.engineer.name,
        email: visit.engineer.email,
        phone: visit.engineer.phone ?? t("sts.noPhone"),
      };
      const link = compose.pageLink(person.staff ? `/sts/services/${visit.serviceId}` : "/my-services");
      return compose.standaloneMail({
        kind: "sts_visit_reminder",
        to: { id: person.id, address: person.email },
        locale,
        mail: composeMail({
          t,
          subject: t("sts.reminder.subject", values),
          recipientName: person.name,
          paragraphs: [
            t("sts.reminder.body", values),
            t("sts.reminder.engineer", values),
            t("sts.link", { link }),
          ],
        }),
      });
    });
    await repo.insertOutbox(tx, mails);
    return mails.length;
  };

  return { onStsVisitReminder };
};
