import { Webhook } from "standardwebhooks";
import { CONTRACT_EXPIRING_DAYS } from "../../../api/webhooks";
import { addDays, daysBetween } from "../../../domain/contracts/local-date";
import { vendorToday } from "../../platform/clock";
import type { ServiceDeps } from "../../platform/deps";
import { postWebhook, type SafeClientOptions } from "../../platform/safe-webhook-client";
import type { SecretBox } from "../../platform/secrets";
import type { NotificationsService } from "../notifications";
import type { WebhookEmitter } from "./webhook-events";
import * as repo from "./webhooks.repository";

const DAY_MS = 86_400_000;
/** Deliveries are retried for a day; an endpoint failing for a day is turned off. */
const RETRY_FOR_MS = DAY_MS;
// longer than the client's whole timeout
const LEASE_SECONDS = 60;

export type DeliveryOptions = {
  /** Leased and sent concurrently per round. */
  batchSize?: number;
  /** The first retry's delay; doubles per attempt up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  client?: SafeClientOptions;
};

/** The Standard Webhooks headers: one signature per secret still valid (two during a rotation's overlap). */
export const signWebhook = (secrets: readonly string[], id: string, sentAt: Date, body: string) => ({
  "webhook-id": id,
  "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
  "webhook-signature": secrets.map((secret) => new Webhook(secret).sign(id, sentAt, body)).join(" "),
});

/**
 * Sends the webhook outbox: due deliveries leased a few at a time, signed, POSTed through the SSRF-guarded
 * client, logged attempt by attempt, retried with exponential backoff for a day. An endpoint failing for a
 * day is turned off and the admins are mailed, in the transaction that turns it off.
 */
export const createWebhookDelivery = (
  deps: ServiceDeps,
  features: {
    secrets: () => Promise<SecretBox>;
    notifications: Pick<NotificationsService, "onWebhookDisabled">;
    emit: WebhookEmitter;
  },
) => {
  const { db, clock, config } = deps;

  const backoffMs = (attempts: number, options: DeliveryOptions) =>
    Math.min(
      options.maxBackoffMs ?? 3_600_000,
      (options.baseBackoffMs ?? 5_000) * 2 ** Math.max(0, attempts - 1),
    );

  const sendOne = async (d: repo.ClaimedDelivery, box: SecretBox, options: DeliveryOptions) => {
    const now = clock.now();
    const secrets = [box.open(d.secret_sealed)];
    if (d.previous_secret_sealed && d.previous_secret_until && d.previous_secret_until > now)
      secrets.push(box.open(d.previous_secret_sealed));
    const body = JSON.stringify(d.payload);
    // receivers compare the signature's time with their own clock: the machine's, not the business clock
    const headers = signWebhook(secrets, d.event_id, new Date(), body);
    const result = await postWebhook(
      { url: d.url, headers, body },
      { allowHosts: config.webhookAllowHosts, ...options.client },
    );
    const at = clock.now();
    const error = result.ok ? null : result.error;
    await db.transaction().execute(async (tx) => {
      await repo.insertAttempt(tx, {
        deliveryId: d.id,
        endpointId: d.endpoint_id,
        at,
        ok: result.ok,
        statusCode: result.status,
        latencyMs: Math.round(result.latencyMs),
        error,
        detail: result.ok ? null : result.detail.slice(0, 500),
        responseExcerpt: result.responseExcerpt,
      });
      const givingUp = at.getTime() - d.created_at.getTime() >= RETRY_FOR_MS;
      await repo.finishDelivery(
        tx,
        d.id,
        d.attempts,
        result.ok
          ? { status: "delivered", at }
          : givingUp
            ? { status: "failed", error: error! }
            : {
                status: "pending",
                nextAttemptAt: new Date(at.getTime() + backoffMs(d.attempts, options)),
                error: error!,
              },
      );
      await repo.recordEndpointOutcome(tx, d.endpoint_id, result.ok, at);
      if (result.ok) return;
      const disabled = await repo.disableFailingEndpoint(
        tx,
        d.endpoint_id,
        new Date(at.getTime() - RETRY_FOR_MS),
        at,
      );
      if (disabled) {
        await features.notifications.onWebhookDisabled(
          tx,
          {
            endpointId: disabled.id,
            url: disabled.url,
            description: disabled.description,
            failingSince: disabled.failing_since!,
          },
          (await repo.findActiveAdmins(tx)).map((a) => ({
            id: a.id,
            email: a.email,
            name: a.name,
            preferredLanguage: a.preferred_language,
          })),
        );
      }
    });
    return result.ok;
  };

  /** One round: leases what is due and sends it; returns how many were attempted. */
  const deliverDue = async (options: DeliveryOptions = {}) => {
    const claimed = await repo.claimDeliveries(db, {
      now: clock.now(),
      limit: options.batchSize ?? 16,
      leaseSeconds: LEASE_SECONDS,
    });
    if (claimed.length === 0) return 0;
    const box = await features.secrets();
    await Promise.all(claimed.map((d) => sendOne(d, box, options)));
    return claimed.length;
  };

  /** Sends until stopped: straight on while there is work, every `pollMs` when idle. */
  const startDelivering = (
    options: DeliveryOptions & { pollMs?: number; onError?: (e: unknown) => void } = {},
  ) => {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> = Promise.resolve();
    const round = () => {
      running = deliverDue(options)
        .then((sent) => {
          if (!stopped) timer = setTimeout(round, sent > 0 ? 0 : (options.pollMs ?? 1_000));
        })
        .catch((error) => {
          options.onError?.(error);
          if (!stopped) timer = setTimeout(round, options.pollMs ?? 1_000);
        });
    };
    round();
    return {
      stop: async () => {
        stopped = true;
        clearTimeout(timer);
        await running;
      },
    };
  };

  /** `contract.expiring`, once per contract, when its last day is within the warning days (periodic job). */
  const emitExpiringContracts = async () => {
    const today = vendorToday(clock);
    const contracts = await repo.findExpiringContracts(db, today, addDays(today, CONTRACT_EXPIRING_DAYS));
    for (const k of contracts) {
      await features.emit(db, "contract.expiring", {
        organizationId: k.organization_id,
        data: {
          contract: {
            id: k.id,
            number: k.number,
            organizationId: k.organization_id,
            systemId: k.system_id,
            planId: k.plan_id,
            endDate: k.end_date,
            daysLeft: daysBetween(today, k.end_date),
          },
        },
        dedupeKey: `contract.expiring:${k.id}:${k.end_date}`,
      });
    }
  };

  return { deliverDue, startDelivering, emitExpiringContracts };
};

export type WebhookDeliveryService = ReturnType<typeof createWebhookDelivery>;
