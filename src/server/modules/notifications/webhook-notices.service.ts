import type { Database } from "../../platform/db";
import type { MailComposer } from "./mail-composer";
import { composeMail, formatInstant, mailLocale, translator } from "./mail-templates";
import * as repo from "./notifications.repository";

/** An endpoint turned off after a day of failed deliveries. */
export type WebhookDisabledFacts = {
  endpointId: string;
  url: string;
  description: string;
  failingSince: Date;
};

export type WebhookAdmin = { id: string; email: string; name: string; preferredLanguage: string };

/** What the webhooks tell the administrators. */
export const createWebhookNotices = (compose: MailComposer) => {
  const onWebhookDisabled = async (
    tx: Database,
    facts: WebhookDisabledFacts,
    admins: readonly WebhookAdmin[],
  ): Promise<number> => {
    const mails = admins.map((person) => {
      const locale = mailLocale(person.preferredLanguage);
      const t = translator(locale);
      const values = {
        url: facts.url,
        description: facts.description || facts.url,
        since: formatInstant(facts.failingSince, locale, "America/Mexico_City"),
      };
      return compose.standaloneMail({
        kind: "webhook_disabled",
        to: { id: person.id, address: person.email },
        locale,
        mail: composeMail({
          t,
          subject: t("webhook.disabled.subject", values),
          recipientName: person.name,
          paragraphs: [
            t("webhook.disabled.body", values),
            t("webhook.disabled.link", { link: compose.pageLink(`/settings/webhooks/${facts.endpointId}`) }),
          ],
        }),
      });
    });
    await repo.insertOutbox(tx, mails);
    return mails.length;
  };
  return { onWebhookDisabled };
};
