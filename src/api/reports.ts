import { z } from "zod";
import { CASE_STATUSES } from "../domain/cases/case-status";
import {
  BACKLOG_AGE_BUCKETS,
  type BacklogAgeBucket,
  COMPLIANCE_OUTCOMES,
  type ComplianceOutcome,
  RESPONSE_TIME_BUCKETS,
  type ResponseTimeBucket,
} from "../domain/reports/report-kinds";
import { PRIORITIES } from "../domain/sla/sla-clock";
import { CHANNELS } from "./cases";
import { idSchema, localDateSchema, timestampSchema } from "./common";

export type { BacklogAgeBucket, ComplianceOutcome, ResponseTimeBucket };
export { BACKLOG_AGE_BUCKETS, COMPLIANCE_OUTCOMES, RESPONSE_TIME_BUCKETS };

/** Reports run over at most this many days (five years). */
export const MAX_REPORT_DAYS = 5 * 366;

/**
 * The filters every report takes (SPEC §9). The period is by registration (cases), firing (escalations),
 * purchase (hour banks) or end date (renewals), as local dates in Mexico City, both ends included. A
 * customer's report is always their own organization's, whatever `organizationId` says.
 */
export const reportQuerySchema = z.strictObject({
  from: localDateSchema,
  to: localDateSchema,
  organizationId: idSchema.optional(),
  productId: idSchema.optional(),
  planId: z.string().min(1).max(100).optional(),
  priority: z.enum(PRIORITIES).optional(),
  channel: z.enum(CHANNELS).optional(),
  specialistId: idSchema.optional(),
});
export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** CSV: comma-separated, or semicolon-separated for Excel in es-MX (decimal comma). */
export const csvQuerySchema = reportQuerySchema.extend({
  separator: z.enum(["comma", "semicolon"]).optional(),
});

/* ---------- response-target compliance ---------- */

const counts = {
  met: z.number().int(),
  breached: z.number().int(),
  openOnTime: z.number().int(),
  openBreached: z.number().int(),
  total: z.number().int(),
  /** met / (met + breached + openBreached), null without any decided case. */
  rate: z.number().nullable(),
};
export const complianceCountsSchema = z.object(counts);
export type ComplianceCounts = z.infer<typeof complianceCountsSchema>;

export const complianceReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  total: complianceCountsSchema,
  byPriority: z.array(z.object({ priority: z.enum(PRIORITIES), ...counts })),
  byOrganization: z.array(z.object({ organizationId: idSchema, organizationName: z.string(), ...counts })),
  /** `YYYY-MM` in Mexico City, every month of the period, per priority. */
  byMonth: z.array(z.object({ month: z.string(), priority: z.enum(PRIORITIES), ...counts })),
});
export type ComplianceReport = z.infer<typeof complianceReportSchema>;

/* ---------- first-response times in business hours ---------- */

const timeStats = {
  count: z.number().int(),
  /** Business seconds on the case's own calendar, from registration to the first public staff reply. */
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
  maxSeconds: z.number().nullable(),
};
export const responseTimesReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  total: z.object(timeStats),
  byPriority: z.array(z.object({ priority: z.enum(PRIORITIES), ...timeStats })),
  byMonth: z.array(z.object({ month: z.string(), ...timeStats })),
  distribution: z.array(
    z.object({ bucket: z.enum(RESPONSE_TIME_BUCKETS.map((b) => b.key)), count: z.number().int() }),
  ),
});
export type ResponseTimesReport = z.infer<typeof responseTimesReportSchema>;

/* ---------- backlog ---------- */

export const backlogReportSchema = z.object({
  /** The backlog is now: the period does not apply, the other filters do. */
  at: timestampSchema,
  total: z.number().int(),
  byStatus: z.array(z.object({ status: z.enum(CASE_STATUSES), count: z.number().int() })),
  byAge: z.array(
    z.object({ bucket: z.enum(BACKLOG_AGE_BUCKETS.map((b) => b.key)), count: z.number().int() }),
  ),
  oldest: z.array(
    z.object({
      id: idSchema,
      number: z.string(),
      subject: z.string(),
      organizationName: z.string(),
      status: z.enum(CASE_STATUSES),
      priority: z.enum(PRIORITIES),
      registeredAt: timestampSchema,
      ageBusinessDays: z.number().int(),
    }),
  ),
});
export type BacklogReport = z.infer<typeof backlogReportSchema>;

/* ---------- escalations ---------- */

export const escalationsReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  total: z.number().int(),
  /** Level 0 is the warning before the target; levels 1 and up are escalations. */
  byLevel: z.array(z.object({ level: z.number().int(), count: z.number().int() })),
  byOrganization: z.array(
    z.object({ organizationId: idSchema, organizationName: z.string(), count: z.number().int() }),
  ),
  byMonth: z.array(z.object({ month: z.string(), level: z.number().int(), count: z.number().int() })),
  cases: z.array(
    z.object({
      id: idSchema,
      number: z.string(),
      subject: z.string(),
      organizationName: z.string(),
      priority: z.enum(PRIORITIES),
      highestLevel: z.number().int(),
      lastFiredAt: timestampSchema,
    }),
  ),
});
export type EscalationsReport = z.infer<typeof escalationsReportSchema>;

/* ---------- hour banks ---------- */

export const hourBanksReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Hours of packages bought in the period. */
  soldHours: z.number(),
  /** Hours logged in the period. */
  usedHours: z.number(),
  /** Hours left on packages that expired in the period. */
  expiredUnusedHours: z.number(),
  byMonth: z.array(
    z.object({
      month: z.string(),
      soldHours: z.number(),
      usedHours: z.number(),
      expiredUnusedHours: z.number(),
    }),
  ),
});
export type HourBanksReport = z.infer<typeof hourBanksReportSchema>;

/* ---------- contracts ending and renewals ---------- */

export const contractsReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Current contracts ending within 30, 60 and 90 days of today (not the period). */
  ending: z.array(
    z.object({
      withinDays: z.union([z.literal(30), z.literal(60), z.literal(90)]),
      count: z.number().int(),
    }),
  ),
  endingContracts: z.array(
    z.object({
      id: idSchema,
      number: z.string(),
      organizationName: z.string(),
      systemName: z.string(),
      planName: z.string(),
      endDate: z.string(),
      renewed: z.boolean(),
    }),
  ),
  /** Contracts that ended in each month of the period: renewed (won), not renewed (lost). */
  renewalsByMonth: z.array(z.object({ month: z.string(), won: z.number().int(), lost: z.number().int() })),
});
export type ContractsReport = z.infer<typeof contractsReportSchema>;

export const REPORT_NAMES = [
  "compliance",
  "response-times",
  "backlog",
  "escalations",
  "hour-banks",
  "contracts",
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];
