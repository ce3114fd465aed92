import { WEBHOOK_PAYLOAD_VERSION, type WebhookData, type WebhookEventType } from "../../../api/webhooks";
import type { Clock } from "../../platform/clock";
import type { Database } from "../../platform/db";
import * as repo from "./webhooks.repository";

export type WebhookEventInput<T extends WebhookEventType> = {
  /** Whose event it is: an organization-scoped endpoint receives only its own. Null: nobody's in particular. */
  organizationId: string | null;
  /** Events of one case reach each endpoint in the order they happened. */
  caseId?: string | null;
  data: WebhookData<T>;
  /** For an event that must exist once (a contract entering its last days). */
  dedupeKey?: string;
  /** The desk's business (an assignee, an escalation): never sent to an organization's own endpoint. */
  staffOnly?: boolean;
};

/** Records an event, in the caller's transaction, for every active endpoint that wants it. */
export type WebhookEmitter = <T extends WebhookEventType>(
  tx: Database,
  type: T,
  event: WebhookEventInput<T>,
) => Promise<void>;

export const createWebhookEmitter =
  (clock: Clock): WebhookEmitter =>
  async (tx, type, event) => {
    const now = clock.now();
    await repo.insertEvent(tx, {
      type,
      organizationId: event.organizationId,
      caseId: event.caseId ?? null,
      payload: JSON.stringify({
        type,
        version: WEBHOOK_PAYLOAD_VERSION,
        timestamp: now.toISOString(),
        data: event.data,
      }),
      dedupeKey: event.dedupeKey ?? null,
      staffOnly: event.staffOnly ?? false,
      now,
    });
  };
