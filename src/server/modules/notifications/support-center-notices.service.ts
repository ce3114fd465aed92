import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import type { MailComposer } from "./mail-composer";
import { composeMail, mailLocale, type Translate, translator } from "./mail-templates";
import * as repo from "./notifications.repository";
import * as deliveries from "./support-center-notices.repository";

export type Subscriber = {
  id: string;
  email: string;
  name: string;
  preferredLanguage: string;
  digest: boolean;
};
export type PublishedArticle = {
  id: string;
  kind: "alert" | "tip" | "resolution";
  title: string;
  productName: string;
  excerpt: string;
  severity: string | null;
  affectedFrom: string | null;
  affectedTo: string | null;
};
export type Follower = { id: string; email: string; name: string; preferredLanguage: string };

const rangeText = (t: Translate, from: string | null, to: string | null) =>
  from && to
    ? t("article.range", { from, to })
    : from
      ? t("article.fromOnly", { from })
      : to
        ? t("article.toOnly", { to })
        : t("article.allVersions");

/** What the support center tells people: new articles to their subscribers, status changes to followers. */
export const createSupportCenterNotices = ({ db, clock }: ServiceDeps, compose: MailComposer) => {
  const articleLink = (id: string) => compose.pageLink(`/support-center/articles/${id}`);

  /**
   * A first publication, inside its transaction: each subscriber once (the delivery row's key), now or in
   * their next digest.
   */
  const onArticlePublished = async (
    tx: Database,
    article: PublishedArticle,
    subscribers: readonly Subscriber[],
  ) => {
    const now = clock.now();
    const fresh = await deliveries.insertDeliveries(
      tx,
      article.id,
      subscribers.map((s) => ({ userId: s.id, digest: s.digest })),
      now,
    );
    const mails = subscribers
      .filter((s) => !s.digest && fresh.has(s.id))
      .map((person) => {
        const locale = mailLocale(person.preferredLanguage);
        const t = translator(locale);
        const kind = t(`article.kinds.${article.kind}`);
        const values = { kind, product: article.productName, title: article.title };
        return compose.standaloneMail({
          kind: "article_published",
          to: { id: person.id, address: person.email },
          locale,
          mail: composeMail({
            t,
            subject:
              article.kind === "alert" && article.severity
                ? t("article.subjectAlert", {
                    ...values,
                    severity: t(`article.severity.${article.severity}`),
                  })
                : t("article.subject", values),
            recipientName: person.name,
            paragraphs: [
              t("article.intro", values),
              `${article.title}\n${article.excerpt}`,
              ...(article.kind === "alert"
                ? [t("article.affected", { range: rangeText(t, article.affectedFrom, article.affectedTo) })]
                : []),
              t("article.read", { link: articleLink(article.id) }),
            ],
            footer: t("article.footer", {
              ...values,
              link: compose.pageLink("/support-center/subscriptions"),
            }),
          }),
        });
      });
    await repo.insertOutbox(tx, mails);
    return { mailed: mails.length, digested: subscribers.filter((s) => s.digest && fresh.has(s.id)).length };
  };

  /** One mail per follower for one change of a request's public status (the change row is told once). */
  const onFeatureRequestStatusChanged = async (
    tx: Database,
    request: { id: string; number: number; title: string; productName: string },
    change: { from: string; to: string; reason: string; releaseVersion: string | null },
    followers: readonly Follower[],
  ) => {
    const mails = followers.map((person) => {
      const locale = mailLocale(person.preferredLanguage);
      const t = translator(locale);
      const values = {
        number: request.number,
        title: request.title,
        product: request.productName,
        from: t(`featureRequest.statuses.${change.from}`),
        status: t(`featureRequest.statuses.${change.to}`),
      };
      return compose.standaloneMail({
        kind: "feature_request_status",
        to: { id: person.id, address: person.email },
        locale,
        mail: composeMail({
          t,
          subject: t("featureRequest.subject", values),
          recipientName: person.name,
          paragraphs: [
            t("featureRequest.body", values),
            ...(change.reason ? [t("featureRequest.reason", { reason: change.reason })] : []),
            ...(change.releaseVersion
              ? [t("featureRequest.release", { version: change.releaseVersion })]
              : []),
            t("featureRequest.link", {
              link: compose.pageLink(`/support-center/feature-requests/${request.id}`),
            }),
          ],
          footer: t("featureRequest.footer"),
        }),
      });
    });
    await repo.insertOutbox(tx, mails);
    return mails.length;
  };

  /** One mail per person with the articles collected since their last digest (the hourly job). */
  const sendArticleDigests = async (): Promise<number> => {
    let sent = 0;
    for (const userId of await deliveries.findArticleDigestUsers(db)) {
      await db.transaction().execute(async (tx) => {
        const recipient = (await repo.findRecipientsByIds(tx, [userId]))[0];
        const items = await deliveries.takeArticleDigest(tx, userId);
        if (!recipient || !items.length) return;
        const locale = mailLocale(recipient.preferred_language);
        const t = translator(locale);
        const lines = items.map((item) =>
          t("articleDigest.line", {
            kind: t(`article.kinds.${item.kind}`),
            product: item.product_name ?? "",
            title: item.title,
            link: articleLink(item.article_id),
          }),
        );
        await repo.insertOutbox(tx, [
          compose.standaloneMail({
            kind: "article_digest",
            to: { id: recipient.id, address: recipient.email },
            locale,
            mail: composeMail({
              t,
              subject: t("articleDigest.subject", { count: items.length }),
              recipientName: recipient.name,
              paragraphs: [t("articleDigest.intro"), lines.join("\n")],
              footer: t("articleDigest.footer", { link: compose.pageLink("/support-center/subscriptions") }),
            }),
          }),
        ]);
        sent += 1;
      });
    }
    return sent;
  };

  return { onArticlePublished, onFeatureRequestStatusChanged, sendArticleDigests };
};
