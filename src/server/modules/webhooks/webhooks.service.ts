import { randomBytes } from "node:crypto";
import type { z } from "zod";
import {
  type createWebhookBodySchema,
  ORGANIZATION_WEBHOOK_EVENTS,
  type rotateWebhookSecretBodySchema,
  type updateWebhookBodySchema,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEventType,
  type webhookDeliveriesQuerySchema,
} from "../../../api/webhooks";
import { type Actor, actorUserId, authorize } from "../../platform/actor";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, invalidField, notFound } from "../../platform/errors";
import { checkWebhookUrl } from "../../platform/safe-webhook-client";
import type { SecretBox } from "../../platform/secrets";
import { insertAudit } from "../audit";
import * as repo from "./webhooks.repository";

const HOUR_MS = 3_600_000;
/** Attempts shown with each delivery of the log. */
const ATTEMPTS_PER_DELIVERY = 5;

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

const toEndpoint = (r: repo.EndpointRow): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: r.events as WebhookEventType[],
  organizationId: r.organization_id,
  organizationName: r.organization_name,
  active: r.active,
  disabledReason: r.disabled_reason as WebhookEndpoint["disabledReason"],
  disabledAt: r.disabled_at?.toISOString() ?? null,
  failingSince: r.failing_since?.toISOString() ?? null,
  previousSecretUntil: r.previous_secret_until?.toISOString() ?? null,
  pendingDeliveries: Number(r.pending_deliveries ?? 0),
  createdAt: r.created_at.toISOString(),
  version: r.version,
});

/** Registering, changing and inspecting webhook endpoints: admins only (they see every organization's events). */
export const createWebhooksService = (deps: ServiceDeps, secrets: () => Promise<SecretBox>) => {
  const { db, clock, config } = deps;

  const checkUrl = (url: string) => {
    const checked = checkWebhookUrl(url, { allowHosts: config.webhookAllowHosts });
    if (!checked.ok) {
      throw invalidField(
        { reason: "webhook_url_refused", params: { problem: checked.error } },
        { field: "url", code: "webhook_url", params: { problem: checked.error } },
      );
    }
    return checked.url.toString();
  };

  /** A customer's integration gets only its organization's events: the desk's own events are refused. */
  const checkEvents = (events: readonly WebhookEventType[], organizationId: string | null) => {
    if (organizationId === null) return;
    const refused = events.filter((e) => !ORGANIZATION_WEBHOOK_EVENTS.includes(e));
    if (refused.length > 0) {
      throw invalidField(undefined, {
        field: "events",
        code: "webhook_event_not_for_organization",
        params: { events: refused.join(", ") },
      });
    }
  };

  const load = async (id: string) => {
    const row = await repo.findEndpoint(db, id);
    if (!row) throw notFound("webhook_endpoint");
    return row;
  };

  const list = async (actor: Actor | null) => {
    authorize(actor, "webhooks:manage");
    return (await repo.listEndpoints(db)).map(toEndpoint);
  };

  const get = async (actor: Actor | null, id: string) => {
    authorize(actor, "webhooks:manage");
    return toEndpoint(await load(id));
  };

  const create = async (actor: Actor | null, body: z.output<typeof createWebhookBodySchema>) => {
    const caller = authorize(actor, "webhooks:manage");
    const url = checkUrl(body.url);
    checkEvents(body.events, body.organizationId);
    const secret = newSecret();
    const sealed = (await secrets()).seal(secret);
    const id = await db.transaction().execute(async (tx) => {
      if (body.organizationId && !(await repo.organizationExists(tx, body.organizationId))) {
        throw invalidField(undefined, {
          field: "organizationId",
          code: "not_found",
          params: { entity: "organization" },
        });
      }
      const { id } = await repo.insertEndpoint(tx, {
        url,
        description: body.description,
        events: body.events,
        organizationId: body.organizationId,
        secretSealed: sealed,
        createdBy: actorUserId(caller),
        now: clock.now(),
      });
      await insertAudit(tx, {
        actor: caller,
        action: "webhook.created",
        entity: "webhook_endpoint",
        entityId: id,
        organizationId: body.organizationId,
        details: { url, events: body.events },
      });
      return id;
    });
    return { ...toEndpoint(await load(id)), secret };
  };

  const update = async (actor: Actor | null, id: string, body: z.output<typeof updateWebhookBodySchema>) => {
    const caller = authorize(actor, "webhooks:manage");
    const before = await load(id);
    const url = body.url === undefined ? undefined : checkUrl(body.url);
    checkEvents(body.events ?? (before.events as WebhookEventType[]), before.organization_id);
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      const activeChange =
        body.active === undefined || body.active === before.active
          ? {}
          : body.active
            ? { active: true, disabled_at: null, disabled_reason: null, failing_since: null }
            : { active: false, disabled_at: now, disabled_reason: "admin" };
      const changed = await repo.updateEndpoint(
        tx,
        id,
        body.version,
        {
          ...(url === undefined ? {} : { url }),
          ...(body.description === undefined ? {} : { description: body.description }),
          ...(body.events === undefined ? {} : { events: body.events }),
          ...activeChange,
        },
        now,
      );
      if (!changed) throw new AppError("version_conflict");
      const { version: _v, ...after } = body;
      await insertAudit(tx, {
        actor: caller,
        action: "webhook.updated",
        entity: "webhook_endpoint",
        entityId: id,
        organizationId: before.organization_id,
        details: {
          before: { url: before.url, events: before.events, active: before.active },
          after: { ...after, ...(url === undefined ? {} : { url }) },
        },
      });
    });
    return toEndpoint(await load(id));
  };

  const remove = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "webhooks:manage");
    const before = await load(id);
    await db.transaction().execute(async (tx) => {
      if (!(await repo.deleteEndpoint(tx, id))) throw notFound("webhook_endpoint");
      await insertAudit(tx, {
        actor: caller,
        action: "webhook.deleted",
        entity: "webhook_endpoint",
        entityId: id,
        organizationId: before.organization_id,
        details: { url: before.url, events: before.events },
      });
    });
    return null;
  };

  /** A new secret; the old one keeps signing beside it for the overlap, so receivers switch without a gap. */
  const rotateSecret = async (
    actor: Actor | null,
    id: string,
    body: z.output<typeof rotateWebhookSecretBodySchema>,
  ) => {
    const caller = authorize(actor, "webhooks:manage");
    const box = await secrets();
    const secret = newSecret();
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      const current = await repo.lockEndpointSecrets(tx, id);
      if (!current) throw notFound("webhook_endpoint");
      const overlap = body.overlapHours > 0;
      await repo.updateEndpoint(
        tx,
        id,
        current.version,
        {
          secret_sealed: box.seal(secret),
          previous_secret_sealed: overlap ? current.secret_sealed : null,
          previous_secret_until: overlap ? new Date(now.getTime() + body.overlapHours * HOUR_MS) : null,
        },
        now,
      );
      await insertAudit(tx, {
        actor: caller,
        action: "webhook.secret_rotated",
        entity: "webhook_endpoint",
        entityId: id,
        organizationId: current.organization_id,
        details: { overlapHours: body.overlapHours },
      });
    });
    return { ...toEndpoint(await load(id)), secret };
  };

  const deliveries = async (
    actor: Actor | null,
    id: string,
    query: z.output<typeof webhookDeliveriesQuerySchema> & { id?: number },
  ) => {
    authorize(actor, "webhooks:manage");
    await load(id);
    const page = await repo.findDeliveries(db, id, query);
    const attempts = await repo.findAttempts(
      db,
      page.items.map((d) => d.id),
      ATTEMPTS_PER_DELIVERY,
    );
    const items: WebhookDelivery[] = page.items.map((d) => ({
      id: d.id,
      eventId: d.event_id,
      eventType: d.type as WebhookEventType,
      caseId: d.case_id,
      status: d.status as WebhookDelivery["status"],
      attempts: d.attempts,
      nextAttemptAt: d.status === "pending" ? d.next_attempt_at.toISOString() : null,
      lastError: d.last_error,
      deliveredAt: d.delivered_at?.toISOString() ?? null,
      createdAt: d.created_at.toISOString(),
      log: attempts
        .filter((a) => a.delivery_id === d.id)
        .map((a) => ({
          at: a.at.toISOString(),
          ok: a.ok,
          statusCode: a.status_code,
          latencyMs: a.latency_ms,
          error: a.error,
          detail: a.detail,
          responseExcerpt: a.response_excerpt,
        })),
    }));
    return { items, nextCursor: page.nextCursor };
  };

  /** Sends one delivery again now (a receiver that lost it, or one that failed for good). */
  const redeliver = async (actor: Actor | null, id: string, deliveryId: number) => {
    const caller = authorize(actor, "webhooks:manage");
    const endpoint = await load(id);
    await db.transaction().execute(async (tx) => {
      const existing = await repo.findDelivery(tx, id, deliveryId);
      if (!existing) throw notFound("webhook_delivery");
      if (existing.status === "sending")
        throw new AppError("conflict", { reason: "webhook_delivery_in_flight" });
      await repo.redeliver(tx, id, deliveryId, clock.now());
      await insertAudit(tx, {
        actor: caller,
        action: "webhook.redelivered",
        entity: "webhook_endpoint",
        entityId: id,
        organizationId: endpoint.organization_id,
        details: { deliveryId, previousStatus: existing.status },
      });
    });
    return (await deliveries(caller, id, { limit: 1, id: deliveryId })).items[0]!;
  };

  /** A key rotation: every endpoint's secrets sealed again under the box's current key; returns how many. */
  const resealSecrets = (box: SecretBox) =>
    db.transaction().execute(async (tx) => {
      const rows = await repo.lockAllSecrets(tx);
      for (const row of rows) {
        await repo.saveSealedSecrets(tx, row.id, {
          secret_sealed: box.seal(box.open(row.secret_sealed)),
          previous_secret_sealed: row.previous_secret_sealed
            ? box.seal(box.open(row.previous_secret_sealed))
            : null,
        });
      }
      return rows.length;
    });

  return { list, get, create, update, remove, rotateSecret, deliveries, redeliver, resealSecrets };
};

export type WebhooksService = ReturnType<typeof createWebhooksService>;
