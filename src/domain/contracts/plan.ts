import { z } from "zod";
import { ESTANDAR_PLAN, EXTENDIDO_PLAN, planSlaSettingsSchema, priorityClockSchema } from "../sla/sla-clock";

/** A support plan (SPEC §3): the service levels plus the commercial and access rules. Every number is editable. */
export const planSettingsSchema = planSlaSettingsSchema.extend({
  maxAuthorizedContacts: z.number().int().min(1).max(100),
  /** Pre-scheduled out-of-hours support days per contract year. */
  outOfHoursDaysPerYear: z.number().int().min(0).max(365),
  /** Annual fee as a share of the software's sale price, in basis points (1,800 = 18 %). */
  feeRateBps: z.number().int().min(0).max(100_000),
  minimumFeeCents: z.number().int().min(0).max(1_000_000_000_00),
  /** P1 phone support outside business hours. */
  phoneP1AnyHour: z.boolean(),
  /**
   * Optional resolution targets beyond the brochure, per priority; they pause while the case waits on the
   * customer (SPEC §4). Absent: no resolution target.
   */
  resolutionClocks: z
    .strictObject({
      P1: priorityClockSchema.optional(),
      P2: priorityClockSchema.optional(),
      P3: priorityClockSchema.optional(),
      P4: priorityClockSchema.optional(),
    })
    .optional(),
});
export type PlanSettings = z.infer<typeof planSettingsSchema>;

const USD = 100;

/**
 * The brochure's program. It fixes the limits, targets and the 10,000 USD minimum; the fee rates are the
 * vendor's to set ("varía según el nivel de servicio") — these defaults are placeholders an admin changes.
 */
export const DEFAULT_PLAN_SETTINGS: readonly PlanSettings[] = [
  {
    ...ESTANDAR_PLAN,
    maxAuthorizedContacts: 2,
    outOfHoursDaysPerYear: 0,
    feeRateBps: 1_800,
    minimumFeeCents: 10_000 * USD,
    phoneP1AnyHour: false,
  },
  {
    ...EXTENDIDO_PLAN,
    maxAuthorizedContacts: 4,
    outOfHoursDaysPerYear: 2,
    feeRateBps: 2_200,
    minimumFeeCents: 10_000 * USD,
    phoneP1AnyHour: true,
  },
];

/** Reinstatement penalty per whole lapsed year, as a share of the annual fee (basis points). */
export const DEFAULT_PENALTY_RATE_BPS = 1_000;
