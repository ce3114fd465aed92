import type { Database } from "../../platform/db";
import type { MailComposer } from "./mail-composer";
import { composeMail, formatInstant, mailLocale, translator } from "./mail-templates";
import * as repo from "./notifications.repository";

/** What a mail about an out-of-hours window says. */
export type OutOfHoursWindowFacts = {
  id: string;
  organizationName: string;
  contractNumber: string;
  systemName: string;
  startsAt: Date;
  endsAt: Date;
  /** The zone the window was booked in: its times are written there. */
  timeZone: string;
  maintenance: string;
  requesterName: string;
  /** Why it was declined or cancelled. */
  reason: string;
  /** Whether a cancellation gave the day back. */
  refunded: boolean;
  /** Who did it (confirmed, declined, cancelled, or booked). */
  actorName: string;
};

export type OutOfHoursEvent = "requested" | "confirmed" | "declined" | "cancelled";

/**
 * What out-of-hours bookings tell people, in the booking's transaction: a request to the account executive
 * and the desk's managers, a confirmation, a refusal or a cancellation to the requester and the contract's
 * authorized contacts.
 */
export const createOutOfHoursNotices = (compose: MailComposer) => {
  const onOutOfHoursWindow = async (
    tx: Database,
    event: OutOfHoursEvent,
    window: OutOfHoursWindowFacts,
    recipientIds: readonly string[],
  ) => {
    const recipients = await repo.findRecipientsByIds(tx, [...new Set(recipientIds)]);
    const mails = recipients.map((person) => {
      const locale = mailLocale(person.preferred_language);
      const t = translator(locale);
      const staff = person.role !== "customer_contact";
      const values = {
        organization: window.organizationName,
        contract: window.contractNumber,
        system: window.systemName,
        start: formatInstant(window.startsAt, locale, window.timeZone),
        end: formatInstant(window.endsAt, locale, window.timeZone),
        requester: window.requesterName,
        actor: window.actorName,
      };
      const paragraphs = [
        t(`outOfHours.${event}.body`, values),
        t("outOfHours.window", values),
        t("outOfHours.maintenance", { maintenance: window.maintenance }),
        ...(window.reason ? [t("outOfHours.reason", { reason: window.reason })] : []),
        ...(event === "cancelled"
          ? [t(window.refunded ? "outOfHours.refunded" : "outOfHours.notRefunded")]
          : []),
        ...(event === "confirmed" ? [t("outOfHours.clock")] : []),
        t("outOfHours.link", {
          link: compose.pageLink(staff ? "/out-of-hours" : "/my-services"),
        }),
      ];
      return compose.standaloneMail({
        kind: `out_of_hours_${event}`,
        to: { id: person.id, address: person.email },
        locale,
        mail: composeMail({
          t,
          subject: t(`outOfHours.${event}.subject`, values),
          recipientName: person.name,
          paragraphs,
        }),
      });
    });
    if (mails.length) await repo.insertOutbox(tx, mails);
    return mails.length;
  };

  return { onOutOfHoursWindow };
};
