import { z } from "zod";
import { idSchema, pageOf, paginationQuerySchema, plainText, timestampSchema } from "./common";
import { roleSchema } from "./roles";

/**
 * The audit log (SPEC §1, §4): who changed what and when, written by every change in its own transaction
 * and never changed afterwards. Admins and managers read it, across every organization.
 */

/** What an entry is about. Every audited change names one of these (checked by the audit-coverage test). */
export const AUDIT_ENTITIES = [
  "api_token",
  "article",
  "calendar",
  "case",
  "contact",
  "contract",
  "customer_system",
  "feature_request",
  "held_request",
  "hour_bank_entry",
  "hour_bank_package",
  "inbound_mail",
  "notification",
  "organization",
  "outbox_message",
  "out_of_hours_window",
  "plan",
  "product",
  "release",
  "settings",
  "sts_service",
  "sts_visit",
  "user",
  "webhook_endpoint",
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/** How the actor came: a signed-in session, a personal API token, an email, or the operator. */
export const AUDIT_VIA = ["session", "token", "email", "system"] as const;
export type AuditVia = (typeof AUDIT_VIA)[number];

/** The longest period `from`–`to` may span. */
export const MAX_AUDIT_RANGE_YEARS = 5;

/** An action is `entity.verb`; a filter ending in a dot (`calendar.`) matches every action that starts so. */
const actionFilter = z
  .string()
  .trim()
  .max(100)
  .regex(/^[a-z_]+(\.[a-z_]*)?$/, {
    message: "must be an action such as case.triaged, or a prefix such as case.",
  });

export const listAuditQuerySchema = z.strictObject({
  ...paginationQuerySchema.shape,
  entity: z.enum(AUDIT_ENTITIES).optional(),
  entityId: idSchema.optional(),
  actorId: idSchema.optional(),
  action: actionFilter.optional(),
  organizationId: idSchema.optional(),
  /** Entries at or after this instant. */
  from: timestampSchema.optional(),
  /** Entries before this instant (not included); not before `from`, at most five years after it. */
  to: timestampSchema.optional(),
  /** Words in the entry's details, accents and case ignored. */
  q: plainText(200)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, "must not be empty"))
    .optional(),
});
export type ListAuditQuery = z.infer<typeof listAuditQuerySchema>;

export const auditActorSchema = z.object({ id: idSchema, name: z.string(), role: roleSchema });

export const auditEntrySchema = z.object({
  /** Increasing in the order entries were written. */
  id: z.string(),
  at: timestampSchema,
  /** Null when the operator (command line, seeding) or the system did it. */
  actor: auditActorSchema.nullable(),
  /** Null on entries written before it was kept. */
  via: z.enum(AUDIT_VIA).nullable(),
  /** `entity.verb`, e.g. `case.triaged`, `auth.signed_in`. */
  action: z.string(),
  entity: z.string(),
  entityId: idSchema.nullable(),
  organizationId: idSchema.nullable(),
  organizationName: z.string().nullable(),
  /** What else the change recorded (without `before` and `after`). */
  details: z.record(z.string(), z.unknown()),
  /** The values before and after the change, when it recorded them. */
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = pageOf(auditEntrySchema);
export type AuditPage = z.infer<typeof auditPageSchema>;
