import { z } from "zod";
import {
  ESCALATION_AUDIENCES,
  ESCALATION_CLOCKS,
  escalationSettingsSchema,
} from "../domain/sla/escalation-settings";
import { idSchema, pageOf, paginationQuerySchema, timestampSchema } from "./common";

export { ESCALATION_AUDIENCES, ESCALATION_CLOCKS, escalationSettingsSchema };

export const NOTIFICATION_KINDS = [
  "warning",
  "escalation",
  "reply",
  "status_changed",
  "assigned",
  "case_opened",
] as const;

export const notificationSchema = z.object({
  id: idSchema,
  kind: z.enum(NOTIFICATION_KINDS),
  caseId: idSchema.nullable(),
  caseNumber: z.string().nullable(),
  /** Kind-specific: level, clock, dueAt, from/to status, author. */
  data: z.record(z.string(), z.unknown()),
  createdAt: timestampSchema,
  readAt: timestampSchema.nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const listNotificationsQuerySchema = paginationQuerySchema.extend({
  unread: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});
export const notificationPageSchema = pageOf(notificationSchema).extend({ unread: z.number().int() });
export const unreadCountSchema = z.object({ unread: z.number().int() });
export const markReadBodySchema = z.strictObject({
  ids: z.array(idSchema).max(500).optional(),
  all: z.boolean().optional(),
});
export const markReadResultSchema = z.object({ marked: z.number().int(), unread: z.number().int() });

export const WARNING_DELIVERIES = ["immediate", "digest"] as const;
export const notificationPreferencesSchema = z.strictObject({
  /** Warnings by mail as they happen, or collected in one mail each hour. */
  warningDelivery: z.enum(WARNING_DELIVERIES),
});

export const escalationSettingsViewSchema = escalationSettingsSchema.extend({
  /** The service plans a per-plan escalation plan may name. */
  planIds: z.array(z.string()),
});

export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export const outboxMessageSchema = z.object({
  id: idSchema,
  messageId: z.string(),
  kind: z.string(),
  caseId: idSchema.nullable(),
  caseNumber: z.string().nullable(),
  to: z.string(),
  locale: z.string(),
  subject: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: timestampSchema,
  lastError: z.string().nullable(),
  createdAt: timestampSchema,
  sentAt: timestampSchema.nullable(),
  /** What a delivery-status report said about it (RFC 3464): failed (5.x.x) or delayed (4.x.x). */
  bounce: z
    .object({
      action: z.string(),
      status: z.string().nullable(),
      recipient: z.string(),
      diagnostic: z.string().nullable(),
      at: timestampSchema,
    })
    .nullable(),
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;
export const listOutboxQuerySchema = paginationQuerySchema.extend({
  status: z.enum(OUTBOX_STATUSES).optional(),
});
export const outboxPageSchema = pageOf(outboxMessageSchema).extend({
  counts: z.object({
    pending: z.number().int(),
    sending: z.number().int(),
    sent: z.number().int(),
    failed: z.number().int(),
  }),
});

/** Mail captured by the development sink (no SMTP_URL). */
export const devMailSummarySchema = z.object({
  id: z.string(),
  receivedAt: timestampSchema,
  from: z.string(),
  to: z.string(),
  subject: z.string(),
});
export const devMailListSchema = z.object({ enabled: z.boolean(), items: z.array(devMailSummarySchema) });
export const devMailSchema = devMailSummarySchema.extend({
  text: z.string(),
  html: z.string().nullable(),
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
  raw: z.string(),
});
export const devMailParamsSchema = z.strictObject({ id: z.string().regex(/^[0-9a-z-]{1,80}$/) });
