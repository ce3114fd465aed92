import { z } from "zod";
import { CONTRACT_STATUSES, REINSTATEMENT_LINE_KINDS } from "../domain/contracts/contract-kinds";
import { planSettingsSchema } from "../domain/contracts/plan";
import { priorityClockSchema } from "../domain/sla/sla-clock";
import {
  idSchema,
  localDateSchema,
  nameSchema,
  paginationQuerySchema,
  searchQuerySchema,
  timestampSchema,
} from "./common";

export { CONTRACT_STATUSES };
export const CONTRACT_KINDS = ["new", "renewal", "reinstatement_lapse", "reinstatement"] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

/** Largest sale price accepted: 10 billion USD, in cents. */
export const MAX_PRICE_CENTS = 1_000_000_000_000;
const centsSchema = z.number().int({ message: "must be whole cents" }).min(0).max(MAX_PRICE_CENTS);
const purchaseOrderSchema = z.string().trim().min(1).max(100);

export const planSchema = z.object({
  id: z.string(),
  name: z.string(),
  settings: planSettingsSchema,
  updatedAt: timestampSchema,
});
export type Plan = z.infer<typeof planSchema>;

export const updatePlanBodySchema = z.strictObject({
  name: nameSchema.max(80).optional(),
  responseClocks: z
    .strictObject({
      P1: priorityClockSchema.optional(),
      P2: priorityClockSchema.optional(),
      P3: priorityClockSchema.optional(),
      P4: priorityClockSchema.optional(),
    })
    .optional(),
  maxAuthorizedContacts: z.number().int().min(1).max(100).optional(),
  outOfHoursDaysPerYear: z.number().int().min(0).max(365).optional(),
  feeRateBps: z.number().int().min(0).max(100_000).optional(),
  minimumFeeCents: centsSchema.optional(),
  phoneP1AnyHour: z.boolean().optional(),
  /** Resolution targets per priority; null removes one. */
  resolutionClocks: z
    .strictObject({
      P1: priorityClockSchema.nullable().optional(),
      P2: priorityClockSchema.nullable().optional(),
      P3: priorityClockSchema.nullable().optional(),
      P4: priorityClockSchema.nullable().optional(),
    })
    .optional(),
  /** Also apply the change to contracts current today (audited); otherwise only to contracts made later. */
  applyToCurrentContracts: z.boolean().default(false),
});

export const contractSettingsSchema = z.object({
  /** Reinstatement penalty per whole lapsed year, in basis points of the annual fee. */
  penaltyRateBps: z.number().int().min(0).max(100_000),
});
export const updateContractSettingsBodySchema = z.strictObject({
  penaltyRateBps: z.number().int().min(0).max(100_000),
});

export const billingLineSchema = z.object({
  kind: z.enum([...REINSTATEMENT_LINE_KINDS, "annual_fee"]),
  startDate: localDateSchema.nullable(),
  endDate: localDateSchema.nullable(),
  days: z.number().int().nullable(),
  daysInYear: z.number().int().nullable(),
  years: z.number().int().nullable(),
  amountCents: z.number().int(),
});
export type BillingLine = z.infer<typeof billingLineSchema>;

export const authorizedContactSchema = z.object({
  id: idSchema,
  name: z.string(),
  /** Staff only; customers see names. */
  email: z.string().nullable(),
  authorizedAt: timestampSchema,
});

export const contractSchema = z.object({
  id: idSchema,
  number: z.string(),
  organizationId: idSchema,
  organizationName: z.string(),
  systemId: idSchema,
  systemName: z.string(),
  productName: z.string(),
  planId: z.string(),
  planName: z.string(),
  kind: z.enum(CONTRACT_KINDS),
  startDate: localDateSchema,
  endDate: localDateSchema,
  status: z.enum(CONTRACT_STATUSES),
  salePriceCents: z.number().int(),
  currency: z.literal("USD"),
  annualFeeCents: z.number().int(),
  billedCents: z.number().int(),
  billingLines: z.array(billingLineSchema),
  purchaseOrder: z.string().nullable(),
  /** Internal; null for customers. */
  notes: z.string().nullable(),
  previousContractId: idSchema.nullable(),
  /** The contract that renews (or reinstates after) this one, if any. */
  successorContractId: idSchema.nullable(),
  authorizedContacts: z.array(authorizedContactSchema),
  seats: z.object({ used: z.number().int(), limit: z.number().int() }),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Contract = z.infer<typeof contractSchema>;

export const createContractBodySchema = z.strictObject({
  systemId: idSchema,
  planId: z.string().min(1).max(40),
  startDate: localDateSchema,
  /** Defaults to one year: the day before the anniversary of the start. */
  endDate: localDateSchema.optional(),
  salePriceCents: centsSchema,
  purchaseOrder: purchaseOrderSchema.optional(),
  notes: z.string().trim().max(5_000).default(""),
});
export const updateContractBodySchema = z.strictObject({
  purchaseOrder: purchaseOrderSchema.nullable().optional(),
  notes: z.string().trim().max(5_000).optional(),
});
export const renewContractBodySchema = z.strictObject({
  /** Defaults to the renewed contract's plan and price. */
  planId: z.string().min(1).max(40).optional(),
  salePriceCents: centsSchema.optional(),
  purchaseOrder: purchaseOrderSchema.optional(),
});
export const listContractsQuerySchema = paginationQuerySchema.extend({
  q: searchQuerySchema,
  organizationId: idSchema.optional(),
  systemId: idSchema.optional(),
  planId: z.string().max(40).optional(),
  status: z.enum(CONTRACT_STATUSES).optional(),
  /** Current contracts whose end date is within this many days from today. */
  endingWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  /** Contracts of the organizations this account executive looks after. */
  accountExecutiveId: idSchema.optional(),
});

export const reinstatementQuoteSchema = z.object({
  systemId: idSchema,
  lastContractId: idSchema,
  lastEndDate: localDateSchema,
  quoteDate: localDateSchema,
  planId: z.string(),
  salePriceCents: z.number().int(),
  annualFeeCents: z.number().int(),
  penaltyRateBps: z.number().int(),
  lapsedYears: z.number().int(),
  penaltyApplies: z.boolean(),
  lines: z.array(billingLineSchema),
  totalCents: z.number().int(),
});
export type ReinstatementQuote = z.infer<typeof reinstatementQuoteSchema>;
export const reinstatementQuoteQuerySchema = z.strictObject({ date: localDateSchema.optional() });
export const acceptReinstatementBodySchema = z.strictObject({
  quoteDate: localDateSchema,
  /** The total the customer accepted; a different recomputed total is refused with 409. */
  expectedTotalCents: z.number().int().min(0),
  purchaseOrder: purchaseOrderSchema,
});

export const trainingRecordSchema = z.object({
  id: idSchema,
  contactId: idSchema,
  course: z.string(),
  completedOn: localDateSchema,
  certificateId: z.string().nullable(),
  expiresOn: localDateSchema.nullable(),
  createdAt: timestampSchema,
});
export type TrainingRecord = z.infer<typeof trainingRecordSchema>;
export const createTrainingRecordBodySchema = z.strictObject({
  course: nameSchema,
  completedOn: localDateSchema,
  certificateId: z.string().trim().min(1).max(100).optional(),
  expiresOn: localDateSchema.optional(),
});

export const authorizeContactBodySchema = z.strictObject({ contactId: idSchema });

export const HELD_REQUEST_STATES = ["held", "released"] as const;
export const heldRequestSchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  organizationName: z.string(),
  systemId: idSchema.nullable(),
  systemName: z.string().nullable(),
  requester: z.object({ id: idSchema, name: z.string(), email: z.string() }).nullable(),
  channel: z.enum(["portal", "email", "phone", "api"]),
  subject: z.string(),
  createdAt: timestampSchema,
  state: z.enum(HELD_REQUEST_STATES),
  releasedAt: timestampSchema.nullable(),
  purchaseOrder: z.string().nullable(),
  /** The case it became when released with its purchase order. */
  case: z.object({ id: idSchema, number: z.string() }).nullable(),
});
export type HeldRequest = z.infer<typeof heldRequestSchema>;
export const listHeldRequestsQuerySchema = paginationQuerySchema.extend({
  state: z.enum(HELD_REQUEST_STATES).default("held"),
  organizationId: idSchema.optional(),
});
export const releaseHeldRequestBodySchema = z.strictObject({ purchaseOrder: purchaseOrderSchema });

export const historyEntrySchema = z.object({
  at: timestampSchema,
  actorName: z.string().nullable(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const renewalPipelineSchema = z.object({
  today: localDateSchema,
  within30: z.array(contractSchema),
  within60: z.array(contractSchema),
  within90: z.array(contractSchema),
});

export const renewalPreviewSchema = z.object({
  contractId: idSchema,
  planId: z.string(),
  startDate: localDateSchema,
  endDate: localDateSchema,
  salePriceCents: z.number().int(),
  annualFeeCents: z.number().int(),
  /** Why the start date is what it is: the last contract's end. */
  previousEndDate: localDateSchema,
});
export const renewalPreviewQuerySchema = z.strictObject({
  planId: z.string().min(1).max(40).optional(),
  salePriceCents: z.coerce.number().int().min(0).max(MAX_PRICE_CENTS).optional(),
});
