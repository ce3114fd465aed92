import type { ServiceDeps } from "../../platform/deps";
import type { SecretBox } from "../../platform/secrets";
import type { CasesService } from "../cases";
import type { NotificationsService } from "../notifications";
import { createInboundReviewService } from "./inbound-review.service";
import { createBatchIntakeService } from "./intake-batch.service";
import { createMessageIntakeService } from "./intake-message.service";
import { createMailSettingsService } from "./mail-settings.service";

/**
 * The email channel (SPEC §6): every message is stored before it is acknowledged to the sender's server,
 * then processed from the store — once — into a case, a reply, a refusal, a held request, the review list
 * or the ignored list. Nothing is dropped: failures stay listed with their error and can be retried.
 * Each use case has its file; this puts them together as the module's one service.
 */
export const createEmailIntakeService = (
  deps: ServiceDeps,
  options: {
    cases: CasesService;
    notifications: NotificationsService;
    /** The secret box the IMAP password is sealed with. */
    secrets: () => Promise<SecretBox>;
    /** PEM of a private CA the IMAP server's certificate is signed by (IMAP_TLS_CA_FILE). */
    imapCa?: string | undefined;
  },
) => {
  const settings = createMailSettingsService(deps, options.imapCa, options.secrets);
  const message = createMessageIntakeService(deps, { ...options, settings });
  const batch = createBatchIntakeService(deps, { cases: options.cases, settings, message });
  const review = createInboundReviewService(deps, { message });
  return {
    store: message.store,
    processMessage: message.processMessage,
    processStored: message.processStored,
    processStoredBatch: batch.processStoredBatch,
    sweep: batch.sweep,
    list: review.list,
    get: review.get,
    retry: review.retry,
    dismiss: review.dismiss,
    originalHeaders: review.originalHeaders,
    getSettings: settings.getSettings,
    updateSettings: settings.updateSettings,
    testImap: settings.testImap,
    loadSettings: settings.loadSettings,
    resealSecrets: settings.resealSecrets,
  };
};

export type EmailIntakeService = ReturnType<typeof createEmailIntakeService>;
export type { IntakeSource, StoredMessage } from "./inbound-message";
