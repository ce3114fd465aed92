import { z } from "zod";
import { CASE_STATUSES } from "../domain/cases/case-status";
import { ENVIRONMENTS } from "../domain/catalog/environment";
import { PRIORITIES } from "../domain/sla/sla-clock";
import { supportSchema } from "./catalog";
import {
  idSchema,
  oneLineText,
  paginationQuerySchema,
  plainText,
  searchQuerySchema,
  timestampSchema,
} from "./common";

export { CASE_STATUSES, PRIORITIES };
export const prioritySchema = z.enum(PRIORITIES);
export const caseStatusSchema = z.enum(CASE_STATUSES);
export const CHANNELS = ["portal", "email", "phone", "api"] as const;
export type Channel = (typeof CHANNELS)[number];

/** The precondition checklist (SPEC §4): each associated component works and has its own current support. */
export const CHECKLIST_ITEMS = [
  "databases",
  "applicationServers",
  "operatingSystems",
  "networks",
  "infrastructure",
  "documentRepositories",
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];
const confirmed = z.literal(true, { error: "must be confirmed before opening a case" });
export const checklistSchema = z.strictObject(
  Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, confirmed])) as Record<
    ChecklistItem,
    typeof confirmed
  >,
);

export const MAX_DESCRIPTION = 50_000;

export const createCaseBodySchema = z.strictObject({
  systemId: idSchema,
  subject: oneLineText(300)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, "must not be empty")),
  description: plainText(MAX_DESCRIPTION).default(""),
  /** Defaults to the system's installed version and environment. */
  installedVersion: z.string().trim().max(40).optional(),
  environment: z.enum(ENVIRONMENTS).optional(),
  affectedPercent: z.number().min(0).max(100),
  canKeepWorking: z.boolean(),
  checklist: checklistSchema,
  proposedPriority: prioritySchema.optional(),
  /** Staff logging a phone call: the authorized contact who called. */
  requesterId: idSchema.optional(),
});

export const slaSchema = z.object({
  calendarId: z.string(),
  calendarName: z.string(),
  /** The calendar's zone: the counted intervals are wall-clock hours there. */
  timeZone: z.string(),
  targetMinutes: z.number().int(),
  dueAt: timestampSchema,
  metAt: timestampSchema.nullable(),
  breached: z.boolean(),
  /** The open intervals counted to reach the due time ("how we count your time"). */
  counted: z.array(z.object({ from: timestampSchema, to: timestampSchema, seconds: z.number().int() })),
  /** Registered inside the organization's confirmed out-of-hours window: the target counts 24×7. */
  outOfHoursWindow: z.object({ startsAt: timestampSchema, endsAt: timestampSchema }).nullable(),
});

export const resolutionSchema = z.object({
  calendarId: z.string(),
  calendarName: z.string(),
  timeZone: z.string(),
  targetMinutes: z.number().int(),
  /** Null while the case waits on the customer: the resolution clock is stopped. */
  dueAt: timestampSchema.nullable(),
  paused: z.boolean(),
  metAt: timestampSchema.nullable(),
  breached: z.boolean(),
});

export const caseSchema = z.object({
  id: idSchema,
  number: z.string(),
  organizationId: idSchema,
  organizationName: z.string(),
  systemId: idSchema,
  systemName: z.string(),
  contractId: idSchema,
  contractNumber: z.string(),
  planName: z.string(),
  /** `mailUndeliverable`: a bounce said mail to the requester's address fails permanently. */
  requester: z.object({ id: idSchema, name: z.string(), mailUndeliverable: z.boolean() }),
  channel: z.enum(CHANNELS),
  subject: z.string(),
  description: z.string(),
  installedVersion: z.string(),
  /**
   * What the support policy said of that version when the case was registered (null for cases registered
   * before it was recorded): an `unsupported` version's case is registered all the same, with a notice.
   */
  versionSupport: supportSchema.nullable(),
  environment: z.enum(ENVIRONMENTS),
  affectedPercent: z.number(),
  canKeepWorking: z.boolean(),
  checklist: z.record(z.string(), z.boolean()),
  suggestedPriority: prioritySchema,
  proposedPriority: prioritySchema.nullable(),
  priority: prioritySchema,
  triaged: z.boolean(),
  status: caseStatusSchema,
  assignee: z.object({ id: idSchema, name: z.string() }).nullable(),
  registeredAt: timestampSchema,
  sla: slaSchema,
  /** Only when the plan sets a resolution target for the priority. */
  resolution: resolutionSchema.nullable(),
  resolvedAt: timestampSchema.nullable(),
  closedAt: timestampSchema.nullable(),
  version: z.number().int(),
  /** Staff only (null for customers): 0 warned, 1, 2, … the escalation level reached; null if neither. */
  escalationLevel: z.number().int().nullable(),
  escalatedAt: timestampSchema.nullable(),
  /** The statuses the caller may move the case to now (reopen window and role applied). */
  allowedStatuses: z.array(caseStatusSchema),
  updatedAt: timestampSchema,
});
export type Case = z.infer<typeof caseSchema>;

/**
 * A case as a list row shows it and an integration needs to pick the cases to read: who, what, where it
 * stands and its clocks. The rest (requester, contract, environment, checklist, calendars, counted
 * intervals, the statuses allowed now) is in `GET /cases/{id}` (a page of 50 is about 40 KB).
 */
export const caseSummarySchema = caseSchema
  .pick({
    id: true,
    number: true,
    organizationId: true,
    organizationName: true,
    systemId: true,
    systemName: true,
    channel: true,
    subject: true,
    priority: true,
    triaged: true,
    status: true,
    assignee: true,
    registeredAt: true,
    version: true,
    escalationLevel: true,
    escalatedAt: true,
    updatedAt: true,
  })
  .extend({
    sla: slaSchema.pick({ timeZone: true, targetMinutes: true, dueAt: true, metAt: true, breached: true }),
    resolution: resolutionSchema.pick({ dueAt: true, paused: true, metAt: true, breached: true }).nullable(),
  });
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const CASE_QUEUES = [
  "untriaged",
  "escalated",
  "mine",
  "unassigned",
  "due_soon",
  "breached",
  "waiting_on_customer",
] as const;
export const listCasesQuerySchema = paginationQuerySchema.extend({
  q: searchQuerySchema,
  status: caseStatusSchema.optional(),
  organizationId: idSchema.optional(),
  queue: z.enum(CASE_QUEUES).optional(),
});

/** How many running cases each desk queue holds, in one answer (the console's tabs). */
export const queueCountsSchema = z.object(
  Object.fromEntries(CASE_QUEUES.map((queue) => [queue, z.number().int()])) as Record<
    (typeof CASE_QUEUES)[number],
    z.ZodNumber
  >,
);
export type QueueCounts = z.infer<typeof queueCountsSchema>;

/** The case list's filters, for its CSV (every matching case, not a page). */
export const exportCasesQuerySchema = z.strictObject({
  q: searchQuerySchema,
  status: caseStatusSchema.optional(),
  organizationId: idSchema.optional(),
  queue: z.enum(CASE_QUEUES).optional(),
  separator: z.enum(["comma", "semicolon"]).optional(),
});

export const caseEventSchema = z.object({
  id: z.number().int(),
  at: timestampSchema,
  actor: z.object({ id: idSchema, name: z.string(), staff: z.boolean() }).nullable(),
  kind: z.string(),
  visibility: z.enum(["public", "internal"]),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type CaseEvent = z.infer<typeof caseEventSchema>;

export const intakeAttemptBodySchema = z.strictObject({ contactId: idSchema, systemId: idSchema });
export const intakeAttemptSchema = z.object({
  outcome: z.enum(["accepted", "refused_not_authorized", "held_po_required", "refused_unknown"]),
  messageKey: z.string().nullable(),
  /** True when the refusal was recorded in the audit log. */
  logged: z.boolean(),
});

export const postMessageBodySchema = z.strictObject({
  body: plainText(MAX_DESCRIPTION)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, "must not be empty")),
});
const versioned = { version: z.number().int().min(1) };
export const triageBodySchema = z.strictObject({
  priority: prioritySchema,
  /** Required when the priority differs from the suggestion. */
  reason: z.string().trim().max(2_000).optional(),
  ...versioned,
});
export const changeStatusBodySchema = z.strictObject({ status: caseStatusSchema, ...versioned });
export const assignBodySchema = z.strictObject({ assigneeId: idSchema.nullable(), ...versioned });

export const caseSettingsSchema = z.object({
  /** How long after resolution a case may be reopened (customers and staff). */
  reopenWindowDays: z.number().int().min(0).max(365),
});
export const updateCaseSettingsBodySchema = z.strictObject({
  reopenWindowDays: z.number().int().min(0).max(365),
});

export const intakeRefusalSchema = z.object({
  outcome: z.enum(["held_po_required"]),
  heldRequestId: idSchema,
  message: z.string(),
});

export const attachmentSchema = z.object({
  id: idSchema,
  caseId: idSchema,
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  visibility: z.enum(["public", "internal"]),
  uploadedBy: z.string().nullable(),
  createdAt: timestampSchema,
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const INTAKE_OUTCOMES = [
  "accepted",
  "refused_not_authorized",
  "held_po_required",
  "refused_unknown",
] as const;
export const entitlementSchema = z.object({
  systemId: idSchema,
  systemName: z.string(),
  productName: z.string(),
  environment: z.enum(ENVIRONMENTS),
  outcome: z.enum(INTAKE_OUTCOMES),
  /** i18n key of the text to show, or to read out on the phone. */
  messageKey: z.string().nullable(),
  contractNumber: z.string().nullable(),
  planName: z.string().nullable(),
});
export type Entitlement = z.infer<typeof entitlementSchema>;
export const entitlementsQuerySchema = z.strictObject({
  /** Staff: the caller on the phone. Customers: themselves (the default). */
  contactId: idSchema.optional(),
});
