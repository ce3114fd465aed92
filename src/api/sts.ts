import { z } from "zod";
import { STS_VISIT_KINDS, type StsVisitKind } from "../domain/services/sts-kinds";
import { idSchema, localDateSchema, paginationQuerySchema, plainText, timestampSchema } from "./common";
import { MAX_PRICE_CENTS } from "./contracts";

export type { StsVisitKind };
/**
 * The on-site support engineer service (STS, SPEC §8): an annual service of an organization with its
 * engineer, business reviews every six months and a yearly tuning on business days.
 */
export { STS_VISIT_KINDS };

export const STS_VISIT_STATUSES = ["scheduled", "held"] as const;
export type StsVisitStatus = (typeof STS_VISIT_STATUSES)[number];

/** A service by its dates against today. */
export const STS_SERVICE_STATUSES = ["upcoming", "current", "ended"] as const;
export type StsServiceStatus = (typeof STS_SERVICE_STATUSES)[number];

const personRefSchema = z.object({ id: idSchema, name: z.string() });

/** The engineer as the organization sees them: how to reach them. */
export const stsEngineerSchema = personRefSchema.extend({
  email: z.string(),
  phone: z.string().nullable(),
});

export const stsRescheduleSchema = z.object({
  fromDate: localDateSchema,
  toDate: localDateSchema,
  reason: z.string(),
  changedBy: personRefSchema.nullable(),
  changedAt: timestampSchema,
});

export const stsVisitSchema = z.object({
  id: idSchema,
  serviceId: idSchema,
  organizationId: idSchema,
  organizationName: z.string(),
  engineer: personRefSchema,
  kind: z.enum(STS_VISIT_KINDS),
  /** The review's number in the service (1, 2…), or the tuning's service year. */
  sequence: z.number().int(),
  /** The business day it was planned on. */
  dueOn: localDateSchema,
  /** The day it is on now (after reschedules). */
  scheduledOn: localDateSchema,
  /** Ten business days before: the engineer, the account executive and the contacts are reminded then. */
  remindOn: localDateSchema,
  reminderSentAt: timestampSchema.nullable(),
  status: z.enum(STS_VISIT_STATUSES),
  heldOn: localDateSchema.nullable(),
  minutes: z.string().nullable(),
  heldBy: personRefSchema.nullable(),
  rescheduleCount: z.number().int(),
  /** Whether the caller may record it held or reschedule it. */
  canManage: z.boolean(),
});
export type StsVisit = z.infer<typeof stsVisitSchema>;

export const stsVisitDetailSchema = stsVisitSchema.extend({ reschedules: z.array(stsRescheduleSchema) });
export type StsVisitDetail = z.infer<typeof stsVisitDetailSchema>;

export const stsServiceSummarySchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  organizationName: z.string(),
  engineer: stsEngineerSchema,
  accountExecutive: personRefSchema.nullable(),
  startDate: localDateSchema,
  endDate: localDateSchema,
  status: z.enum(STS_SERVICE_STATUSES),
  purchaseOrder: z.string(),
  priceCents: z.number().int(),
  currency: z.literal("USD"),
  /** Internal; null for customers. */
  notes: z.string().nullable(),
  /** The business calendar its visits are counted on. */
  calendar: z.object({ id: z.string(), name: z.string() }),
  /** The first visit not yet held, on or after today. */
  nextVisit: stsVisitSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type StsServiceSummary = z.infer<typeof stsServiceSummarySchema>;

export const stsServiceSchema = stsServiceSummarySchema.extend({
  visits: z.array(stsVisitDetailSchema),
});
export type StsService = z.infer<typeof stsServiceSchema>;

export const createStsServiceBodySchema = z.strictObject({
  organizationId: idSchema,
  /** An active staff user. */
  engineerId: idSchema,
  startDate: localDateSchema,
  /** One year from the start unless given. */
  endDate: localDateSchema.optional(),
  purchaseOrder: z.string().trim().min(1).max(100),
  priceCents: z.number().int({ message: "must be whole cents" }).min(0).max(MAX_PRICE_CENTS),
  notes: plainText(2000).default(""),
});
export type CreateStsServiceBody = z.input<typeof createStsServiceBodySchema>;

export const listStsServicesQuerySchema = paginationQuerySchema.extend({
  organizationId: idSchema.optional(),
  engineerId: idSchema.optional(),
  status: z.enum(STS_SERVICE_STATUSES).optional(),
});

/** Staff name the organization; a customer contact always gets their own. */
export const currentStsQuerySchema = z.strictObject({ organizationId: idSchema.optional() });

export const currentStsSchema = z.object({
  /** The service covering today, else the next one to start; null when there is none. */
  service: stsServiceSummarySchema.nullable(),
  /** Its next business review not yet held. */
  nextReview: stsVisitSchema.nullable(),
});
export type CurrentSts = z.infer<typeof currentStsSchema>;

export const stsAgendaQuerySchema = paginationQuerySchema.extend({
  /** From this day on; without it, overdue visits not yet held show first. */
  from: localDateSchema.optional(),
  to: localDateSchema.optional(),
  status: z.enum([...STS_VISIT_STATUSES, "all"]).default("scheduled"),
  kind: z.enum(STS_VISIT_KINDS).optional(),
  engineerId: idSchema.optional(),
  organizationId: idSchema.optional(),
});

export const holdStsVisitBodySchema = z.strictObject({
  /** The day it was held; not in the future. */
  heldOn: localDateSchema,
  minutes: plainText(20_000)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, "must not be empty")),
});
export type HoldStsVisitBody = z.input<typeof holdStsVisitBodySchema>;

export const rescheduleStsVisitBodySchema = z.strictObject({
  /** A business day of the service's calendar, from today on. */
  date: localDateSchema,
  reason: plainText(2000)
    .transform((s) => s.trim())
    .default(""),
});
export type RescheduleStsVisitBody = z.input<typeof rescheduleStsVisitBodySchema>;
