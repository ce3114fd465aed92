import { z } from "zod";
import {
  HOUR_BANK_ALERTS,
  HOUR_PACKAGE_STATUSES,
  type HourBankAlert,
  type HourPackageStatus,
  TIME_ENTRY_KINDS,
  type TimeEntryKind,
} from "../domain/services/hour-bank-kinds";
import { idSchema, localDateSchema, paginationQuerySchema, plainText, timestampSchema } from "./common";
import { MAX_PRICE_CENTS } from "./contracts";

export type { HourBankAlert, HourPackageStatus, TimeEntryKind };
/**
 * Consulting-hour banks (SPEC §8, "Bolsa de Horas de Consultor Técnico"): packages of hours sold to an
 * organization with a current contract, valid one year, and the consultants' time entries taken from them.
 * Hours travel as decimal numbers in quarter-hour steps (1.25 is an hour and a quarter).
 */
export { HOUR_BANK_ALERTS, HOUR_PACKAGE_STATUSES, TIME_ENTRY_KINDS };

export const HOUR_PACKAGE_CURRENCIES = ["USD", "MXN"] as const;
export type HourPackageCurrency = (typeof HOUR_PACKAGE_CURRENCIES)[number];

const personRefSchema = z.object({ id: idSchema, name: z.string() });

export const hourPackageSchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  organizationName: z.string(),
  /** The support contract the purchase rides on. */
  contract: z.object({ id: idSchema, number: z.string() }),
  /** Sold. */
  hours: z.number(),
  /** Taken by time entries (a manager's override may take it past `hours`). */
  usedHours: z.number(),
  /** `hours - usedHours`, never below zero. */
  remainingHours: z.number(),
  purchasedOn: localDateSchema,
  /** The last day it may be used: one year from the purchase. */
  expiresOn: localDateSchema,
  status: z.enum(HOUR_PACKAGE_STATUSES),
  /** Less than the low-balance share (20 %) left. */
  lowBalance: z.boolean(),
  purchaseOrder: z.string(),
  priceCents: z.number().int(),
  currency: z.enum(HOUR_PACKAGE_CURRENCIES),
  soldBy: personRefSchema.nullable(),
  createdAt: timestampSchema,
});
export type HourPackage = z.infer<typeof hourPackageSchema>;

export const hourBankAlertSchema = z.object({
  kind: z.enum(HOUR_BANK_ALERTS),
  /** How many people were mailed (the account executive and the authorized contacts). */
  recipients: z.number().int(),
  sentAt: timestampSchema,
});
export type HourBankAlertSent = z.infer<typeof hourBankAlertSchema>;

/** A package with what its balance bar needs, and the alerts already sent about it. */
export const hourPackageDetailSchema = hourPackageSchema.extend({
  lowBalancePercent: z.number(),
  alerts: z.array(hourBankAlertSchema),
});
export type HourPackageDetail = z.infer<typeof hourPackageDetailSchema>;

export const hourEntrySchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  organizationName: z.string(),
  workedOn: localDateSchema,
  hours: z.number(),
  kind: z.enum(TIME_ENTRY_KINDS),
  description: z.string(),
  case: z.object({ id: idSchema, number: z.string(), subject: z.string() }).nullable(),
  consultant: personRefSchema,
  /** Logged beyond the balance or after expiry by a manager. */
  overridden: z.boolean(),
  /** The manager's reason: staff only (null for customers). */
  overrideReason: z.string().nullable(),
  /** Where its hours came from, the package that expires first first. */
  allocations: z.array(z.object({ packageId: idSchema, hours: z.number() })),
  createdAt: timestampSchema,
});
export type HourEntry = z.infer<typeof hourEntrySchema>;

export const listHourPackagesQuerySchema = paginationQuerySchema.extend({
  /** Staff; a customer's list is always their own organization's. */
  organizationId: idSchema.optional(),
  status: z.enum(HOUR_PACKAGE_STATUSES).optional(),
});

export const listHourEntriesQuerySchema = paginationQuerySchema.extend({
  organizationId: idSchema.optional(),
});

const hoursSchema = z.number({ message: "must be a number of hours" });

export const sellHourPackageBodySchema = z.strictObject({
  organizationId: idSchema,
  /** The organization's current contract the purchase rides on; the one current on the purchase date if left out. */
  contractId: idSchema.optional(),
  /** At least the smallest package (80 hours), in quarter-hour steps. */
  hours: hoursSchema,
  purchasedOn: localDateSchema,
  purchaseOrder: plainText(100)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, "must not be empty")),
  priceCents: z.number().int({ message: "must be whole cents" }).min(0).max(MAX_PRICE_CENTS),
  currency: z.enum(HOUR_PACKAGE_CURRENCIES).default("USD"),
});

export const logHourEntryBodySchema = z.strictObject({
  organizationId: idSchema,
  workedOn: localDateSchema,
  /** More than 0 and at most 24, in quarter-hour steps. */
  hours: hoursSchema,
  kind: z.enum(TIME_ENTRY_KINDS),
  description: plainText(2000)
    .transform((s) => s.trim())
    .default(""),
  caseId: idSchema.nullable().optional(),
  /** A staff user; the caller when left out. */
  consultantId: idSchema.optional(),
  /** A manager's reason to log beyond the balance or after expiry. */
  overrideReason: plainText(500)
    .transform((s) => s.trim())
    .optional(),
});
