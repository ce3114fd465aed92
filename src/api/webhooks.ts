import { z } from "zod";
import { idSchema, paginationQuerySchema, plainText, timestampSchema } from "./common";

/** Every event a webhook endpoint may subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  "case.created",
  "case.updated",
  "case.replied",
  "case.escalated",
  "case.sla_warning",
  "contract.expiring",
  "held_request.created",
  "alert.published",
  "feature_request.status_changed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * What a customer's own integration (an endpoint scoped to one organization) may receive: its cases, its
 * contracts, its held requests. Escalations and warnings are the desk's business, alerts and feature requests
 * belong to no organization.
 */
export const ORGANIZATION_WEBHOOK_EVENTS: readonly WebhookEventType[] = [
  "case.created",
  "case.updated",
  "case.replied",
  "contract.expiring",
  "held_request.created",
];

/** Days before a contract's last day that `contract.expiring` is sent (once each). */
export const CONTRACT_EXPIRING_DAYS = 30;

/** The payload version: a breaking change to a payload gets a new one. */
export const WEBHOOK_PAYLOAD_VERSION = 1;

const webhookCaseSchema = z.object({
  id: idSchema,
  number: z.string(),
  subject: z.string(),
  status: z.string(),
  priority: z.string(),
  organizationId: idSchema,
  systemId: idSchema,
  channel: z.string(),
  registeredAt: timestampSchema,
  responseDueAt: timestampSchema,
});
export type WebhookCase = z.infer<typeof webhookCaseSchema>;

const personRefSchema = z.object({ id: idSchema, name: z.string() }).nullable();
const changeOf = <T extends z.ZodType>(value: T) => z.object({ from: value, to: value });

/** Each event's `data`, typed; the OpenAPI document lists them under `webhooks`. */
export const WEBHOOK_DATA_SCHEMAS = {
  "case.created": z.object({ case: webhookCaseSchema }),
  "case.updated": z.object({
    case: webhookCaseSchema,
    changes: z.object({
      status: changeOf(z.string()).optional(),
      priority: changeOf(z.string()).optional(),
      assignee: changeOf(personRefSchema).optional(),
    }),
  }),
  "case.replied": z.object({
    case: webhookCaseSchema,
    reply: z.object({
      id: z.number().int(),
      at: timestampSchema,
      body: z.string(),
      author: z.object({ name: z.string(), staff: z.boolean() }),
    }),
  }),
  "case.escalated": z.object({
    case: webhookCaseSchema,
    clock: z.enum(["response", "resolution"]),
    level: z.number().int().min(1),
  }),
  "case.sla_warning": z.object({
    case: webhookCaseSchema,
    clock: z.enum(["response", "resolution"]),
    dueAt: timestampSchema,
  }),
  "contract.expiring": z.object({
    contract: z.object({
      id: idSchema,
      number: z.string(),
      organizationId: idSchema,
      systemId: idSchema,
      planId: z.string(),
      endDate: z.iso.date(),
      daysLeft: z.number().int(),
    }),
  }),
  "held_request.created": z.object({
    heldRequest: z.object({
      id: idSchema,
      organizationId: idSchema,
      systemId: idSchema.nullable(),
      requesterId: idSchema.nullable(),
      subject: z.string(),
      channel: z.string(),
      createdAt: timestampSchema,
    }),
  }),
  "alert.published": z.object({
    alert: z.object({ id: idSchema, title: z.string(), severity: z.string(), publishedAt: timestampSchema }),
  }),
  "feature_request.status_changed": z.object({
    featureRequest: z.object({
      id: idSchema,
      title: z.string(),
      from: z.string().nullable(),
      to: z.string(),
    }),
  }),
} as const satisfies Record<WebhookEventType, z.ZodType>;
export type WebhookData<T extends WebhookEventType> = z.infer<(typeof WEBHOOK_DATA_SCHEMAS)[T]>;

/** The body POSTed to an endpoint (the Standard Webhooks shape: type, timestamp, data). */
export const webhookPayloadSchema = <T extends WebhookEventType>(type: T) =>
  z.object({
    type: z.literal(type),
    version: z.literal(WEBHOOK_PAYLOAD_VERSION),
    timestamp: timestampSchema,
    data: WEBHOOK_DATA_SCHEMAS[type],
  });

export const webhookEndpointSchema = z.object({
  id: idSchema,
  url: z.string(),
  description: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  /** Null: every organization's events (the vendor's own systems). */
  organizationId: idSchema.nullable(),
  organizationName: z.string().nullable(),
  active: z.boolean(),
  /** Why it stopped: an admin turned it off, or 24 hours of failures. */
  disabledReason: z.enum(["admin", "failing"]).nullable(),
  disabledAt: timestampSchema.nullable(),
  failingSince: timestampSchema.nullable(),
  /** Until then the previous secret signs too (after a rotation). */
  previousSecretUntil: timestampSchema.nullable(),
  pendingDeliveries: z.number().int(),
  createdAt: timestampSchema,
  version: z.number().int(),
});
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;

/** Shown once, when the endpoint is created or its secret rotated. */
export const webhookEndpointWithSecretSchema = webhookEndpointSchema.extend({ secret: z.string() });

const urlSchema = z.string().trim().min(8).max(2000);
const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((events) => [...new Set(events)]);

export const createWebhookBodySchema = z.strictObject({
  url: urlSchema,
  description: plainText(500).default(""),
  events: eventsSchema,
  organizationId: idSchema.nullable().default(null),
});

export const updateWebhookBodySchema = z.strictObject({
  version: z.number().int(),
  url: urlSchema.optional(),
  description: plainText(500).optional(),
  events: eventsSchema.optional(),
  active: z.boolean().optional(),
});

export const rotateWebhookSecretBodySchema = z.strictObject({
  /** How long the old secret keeps signing beside the new one (0: stop now). */
  overlapHours: z.number().int().min(0).max(168).default(24),
});

export const webhookAttemptSchema = z.object({
  at: timestampSchema,
  ok: z.boolean(),
  statusCode: z.number().int().nullable(),
  latencyMs: z.number().int(),
  error: z.string().nullable(),
  detail: z.string().nullable(),
  responseExcerpt: z.string(),
});

export const webhookDeliverySchema = z.object({
  id: z.number().int(),
  eventId: idSchema,
  eventType: z.enum(WEBHOOK_EVENT_TYPES),
  caseId: idSchema.nullable(),
  status: z.enum(["pending", "sending", "delivered", "failed"]),
  attempts: z.number().int(),
  nextAttemptAt: timestampSchema.nullable(),
  lastError: z.string().nullable(),
  deliveredAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  /** The latest attempts, newest first. */
  log: z.array(webhookAttemptSchema),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveriesQuerySchema = paginationQuerySchema.extend({
  status: z.enum(["pending", "sending", "delivered", "failed"]).optional(),
});

export const webhookDeliveryParamsSchema = z.strictObject({
  id: idSchema,
  deliveryId: z.coerce.number().int().min(1),
});
