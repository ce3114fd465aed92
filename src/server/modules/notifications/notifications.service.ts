import type { ServiceDeps } from "../../platform/deps";
import { createBellService } from "./bell.service";
import { createCaseNotices } from "./case-notices.service";
import { createEscalationNotices } from "./escalation-notices.service";
import { createHourBankNotices } from "./hour-bank-notices.service";
import { createIntakeNotices } from "./intake-notices.service";
import { createMailComposer } from "./mail-composer";
import { createOutOfHoursNotices } from "./out-of-hours-notices.service";
import { createReleaseNotices } from "./release-notices.service";
import { createStsNotices } from "./sts-notices.service";
import { createSupportCenterNotices } from "./support-center-notices.service";
import { createWebhookNotices } from "./webhook-notices.service";

/**
 * Everything a change tells people: in-app notifications and mail. The `on…` functions run inside the
 * caller's transaction, so a mail is in the outbox exactly when the change that causes it committed. Each use
 * case has its file; this puts them together as the module's one service.
 */
export const createNotificationsService = (deps: ServiceDeps) => {
  const compose = createMailComposer(deps.config, deps.clock);
  return {
    ...createCaseNotices(deps, compose),
    ...createIntakeNotices(compose),
    ...createEscalationNotices(deps, compose),
    ...createReleaseNotices(compose),
    ...createSupportCenterNotices(deps, compose),
    ...createHourBankNotices(compose),
    ...createOutOfHoursNotices(compose),
    ...createStsNotices(compose),
    ...createWebhookNotices(compose),
    ...createBellService(deps),
  };
};

export type NotificationsService = ReturnType<typeof createNotificationsService>;
export type { CaseContext, OpenedCaseFacts } from "./case-notices.service";
export type { EscalationNotice } from "./escalation-notices.service";
export type {
  HourBankAlertFacts,
  HourBankAlertKind,
  HourBankRecipient,
} from "./hour-bank-notices.service";
export type { OutOfHoursEvent, OutOfHoursWindowFacts } from "./out-of-hours-notices.service";
export type { StsRecipient, StsVisitReminderFacts } from "./sts-notices.service";
export type { Follower, PublishedArticle, Subscriber } from "./support-center-notices.service";
export type { WebhookAdmin, WebhookDisabledFacts } from "./webhook-notices.service";
