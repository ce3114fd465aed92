import type { Database } from "../../platform/db";
import type { MailComposer } from "./mail-composer";
import { composeMail, formatLocalDate, mailLocale, translator } from "./mail-templates";
import * as repo from "./notifications.repository";

/** What the release catalog tells customers: the end of support of a major line. */
export const createReleaseNotices = (compose: MailComposer) => {
  /**
   * The end of support of a major line, told to each person once, with their systems on that line (the
   * catalog's announcement); in the outbox with the announcement's transaction.
   */
  const onEndOfSupportAnnounced = async (
    tx: Database,
    options: {
      product: string;
      major: number;
      endOfSupportOn: string;
      /** The vendor's own words to the customers, as written in the announcement. */
      note: string;
      recipients: readonly {
        id: string;
        email: string;
        name: string;
        preferredLanguage: string;
        systems: string[];
      }[];
    },
  ) => {
    const mails = options.recipients.map((person) => {
      const locale = mailLocale(person.preferredLanguage);
      const t = translator(locale);
      const values = {
        product: options.product,
        line: `${options.major}.x`,
        date: formatLocalDate(options.endOfSupportOn, locale),
        systems: person.systems.join(", "),
      };
      return compose.standaloneMail({
        kind: "end_of_support",
        to: { id: person.id, address: person.email },
        locale,
        mail: composeMail({
          t,
          subject: t("endOfSupport.subject", values),
          recipientName: person.name,
          paragraphs: [t("endOfSupport.body", values), ...(options.note ? [options.note] : [])],
        }),
      });
    });
    if (mails.length) await repo.insertOutbox(tx, mails);
  };

  return { onEndOfSupportAnnounced };
};
