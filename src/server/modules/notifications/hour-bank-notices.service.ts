import type { Database } from "../../platform/db";
import type { MailComposer } from "./mail-composer";
import { composeMail, formatLocalDate, type MailLocale, mailLocale, translator } from "./mail-templates";
import * as repo from "./notifications.repository";

export type HourBankAlertKind = "low_balance" | "expiring" | "expired_unused";

/** What an alert about a consulting-hour package says. */
export type HourBankAlertFacts = {
  kind: HourBankAlertKind;
  packageId: string;
  organizationName: string;
  purchaseOrder: string;
  hours: number;
  remainingHours: number;
  expiresOn: string;
  lowBalancePercent: number;
};

export type HourBankRecipient = {
  id: string;
  email: string;
  name: string;
  preferredLanguage: string;
  /** Staff open the package in the console; contacts their portal's services page. */
  staff: boolean;
};

const KEYS: Record<HourBankAlertKind, string> = {
  low_balance: "hourBank.lowBalance",
  expiring: "hourBank.expiring",
  expired_unused: "hourBank.expiredUnused",
};

const hoursFormatters = new Map<MailLocale, Intl.NumberFormat>();
const formatHours = (hours: number, locale: MailLocale) => {
  let formatter = hoursFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    hoursFormatters.set(locale, formatter);
  }
  return formatter.format(hours);
};

/** What a consulting-hour bank tells the account executive and the organization's authorized contacts. */
export const createHourBankNotices = (compose: MailComposer) => {
  /** One alert, mailed to each recipient in their language, in the caller's transaction; returns how many. */
  const onHourBankAlert = async (
    tx: Database,
    alert: HourBankAlertFacts,
    recipients: readonly HourBankRecipient[],
  ): Promise<number> => {
    const key = KEYS[alert.kind];
    const mails = recipients.map((person) => {
      const locale = mailLocale(person.preferredLanguage);
      const t = translator(locale);
      const values = {
        organization: alert.organizationName,
        purchaseOrder: alert.purchaseOrder,
        hours: formatHours(alert.hours, locale),
        remaining: formatHours(alert.remainingHours, locale),
        percent: alert.lowBalancePercent,
        date: formatLocalDate(alert.expiresOn, locale),
      };
      const link = compose.pageLink(person.staff ? `/hour-banks/${alert.packageId}` : "/my-services");
      return compose.standaloneMail({
        kind: `hour_bank_${alert.kind}`,
        to: { id: person.id, address: person.email },
        locale,
        mail: composeMail({
          t,
          subject: t(`${key}.subject`, values),
          recipientName: person.name,
          paragraphs: [t(`${key}.body`, values), t("hourBank.link", { link })],
        }),
      });
    });
    await repo.insertOutbox(tx, mails);
    return mails.length;
  };

  return { onHourBankAlert };
};
