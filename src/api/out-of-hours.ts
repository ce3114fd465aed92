import { z } from "zod";
import type { WindowStatus } from "../domain/services/out-of-hours";
import {
  idSchema,
  localDateSchema,
  pageOf,
  paginationQuerySchema,
  plainText,
  timestampSchema,
} from "./common";

/**
 * Out-of-hours days (SPEC §8, Extendido): maintenance windows booked ahead of time by an authorized contact
 * and confirmed by staff. The statuses are declared here, checked against the domain's, because the
 * domain's module pulls in the date library the browser must not load.
 */
export const OUT_OF_HOURS_STATUSES = [
  "requested",
  "confirmed",
  "declined",
  "cancelled",
] as const satisfies readonly WindowStatus[];
export type OutOfHoursStatus = (typeof OUT_OF_HOURS_STATUSES)[number];
// every domain status has its place here
const everyStatus: Record<WindowStatus, true> = {
  requested: true,
  confirmed: true,
  declined: true,
  cancelled: true,
};
void everyStatus;

export const MAX_MAINTENANCE_TEXT = 2_000;

/** A wall-clock time of the organization's business calendar zone, to the minute: "2026-12-05T08:00". */
export const localDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, {
    message: "must be a local date and time such as 2026-12-05T08:00",
    abort: true,
  })
  .refine(
    (value) => {
      const date = new Date(`${value}:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    },
    { message: "is not a date and time", params: { code: "not_a_date" } },
  );

const person = z.object({ id: idSchema, name: z.string() }).nullable();

const contractYearSchema = z.object({
  /** 0 for the contract's first twelve months. */
  index: z.number().int(),
  startDate: localDateSchema,
  endDate: localDateSchema,
});

export const outOfHoursWindowSchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  organizationName: z.string(),
  contractId: idSchema,
  contractNumber: z.string(),
  systemName: z.string(),
  contractYear: contractYearSchema,
  startsAt: timestampSchema,
  endsAt: timestampSchema,
  /** The zone the window was booked in, and its wall-clock start and end there. */
  timeZone: z.string(),
  localStart: z.string(),
  localEnd: z.string(),
  maintenance: z.string(),
  status: z.enum(OUT_OF_HOURS_STATUSES),
  /** Why it was declined or cancelled. */
  reason: z.string(),
  refunded: z.boolean(),
  requestedBy: person,
  requestedAt: timestampSchema,
  confirmedBy: person,
  confirmedAt: timestampSchema.nullable(),
  declinedBy: person,
  declinedAt: timestampSchema.nullable(),
  cancelledBy: person,
  cancelledAt: timestampSchema.nullable(),
  /** Would cancelling now give the day back? Null once it can no longer be cancelled. */
  refundIfCancelledNow: z.boolean().nullable(),
});
export type OutOfHoursWindow = z.infer<typeof outOfHoursWindowSchema>;
export const outOfHoursWindowPageSchema = pageOf(outOfHoursWindowSchema);

export const listOutOfHoursQuerySchema = paginationQuerySchema.extend({
  /** Staff only; a customer contact sees their own organization's. */
  organizationId: idSchema.optional(),
  contractId: idSchema.optional(),
  status: z.enum(OUT_OF_HOURS_STATUSES).optional(),
  /** Only windows that have not ended yet (soonest first instead of newest first). */
  upcoming: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});

export const bookOutOfHoursBodySchema = z.strictObject({
  /** Staff booking for an organization; a customer contact books for their own (omit it). */
  organizationId: idSchema.optional(),
  /** The contract whose day it takes; by default the organization's current one with out-of-hours days. */
  contractId: idSchema.optional(),
  /** Wall-clock times in the zone of the organization's business calendar. */
  startsAt: localDateTimeSchema,
  endsAt: localDateTimeSchema,
  /** The maintenance planned. */
  maintenance: plainText(MAX_MAINTENANCE_TEXT)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, "must not be empty")),
});
export type BookOutOfHoursBody = z.input<typeof bookOutOfHoursBodySchema>;

export const outOfHoursReasonBodySchema = z.strictObject({
  reason: plainText(MAX_MAINTENANCE_TEXT)
    .transform((s) => s.trim())
    .default(""),
});

const yearUseSchema = contractYearSchema.extend({
  used: z.number().int(),
  left: z.number().int(),
});

/** A contract's out-of-hours days: "1 de 2 usados en el año de contrato 2026-27". */
export const outOfHoursQuotaSchema = z.object({
  contractId: idSchema,
  contractNumber: z.string(),
  systemName: z.string(),
  planName: z.string(),
  daysPerYear: z.number().int(),
  /** The contract year today falls in; null before the contract starts or after it ends. */
  current: yearUseSchema.nullable(),
  years: z.array(yearUseSchema),
});
export type OutOfHoursQuota = z.infer<typeof outOfHoursQuotaSchema>;

/** What the portal's booking form needs: the calendar, the notice, the earliest date and each contract's days. */
export const outOfHoursOverviewSchema = z.object({
  organizationId: idSchema,
  calendar: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  noticeBusinessDays: z.number().int(),
  earliestDate: localDateSchema,
  /** The organization's current contracts whose plan has out-of-hours days. */
  contracts: z.array(outOfHoursQuotaSchema.extend({ endDate: localDateSchema })),
  /** May the caller book (an authorized contact on one of those contracts, or staff)? */
  canBook: z.boolean(),
});
export type OutOfHoursOverview = z.infer<typeof outOfHoursOverviewSchema>;

export const outOfHoursOverviewQuerySchema = z.strictObject({
  /** Staff: the organization; a customer contact sees their own. */
  organizationId: idSchema.optional(),
});

export const outOfHoursSettingsSchema = z.object({
  /** Business days of notice a booking needs (default 5). */
  noticeBusinessDays: z.number().int().min(0).max(60),
});
export const updateOutOfHoursSettingsBodySchema = z.strictObject({
  noticeBusinessDays: z.number().int().min(0).max(60),
});
