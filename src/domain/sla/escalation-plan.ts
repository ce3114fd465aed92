/**
 * Escalation plan (SPEC §4): a warning before the response target is breached and escalation levels at
 * and after it, each at a share of the target counted on the case's own calendar. Data, so admins edit it.
 */
import { z } from "zod";
import { addBusinessTime, type Pause } from "./business-time";
import type { BusinessCalendar } from "./compiled-calendar";

export const ESCALATION_AUDIENCES = [
  "assignee",
  "queue",
  "manager",
  "technical_staff",
  "account_executive",
  "director",
] as const;
export type EscalationAudience = (typeof ESCALATION_AUDIENCES)[number];

export const escalationStepSchema = z.strictObject({
  /** 0 is the warning; 1, 2, … the escalation levels. */
  level: z.number().int().min(0).max(10),
  /** Share of the target, in percent: 75 warns, 100 is the breach. */
  percent: z.number().int().min(1).max(1_000),
  audiences: z.array(z.enum(ESCALATION_AUDIENCES)).min(1),
});
export type EscalationStep = z.infer<typeof escalationStepSchema>;

export const escalationPlanSchema = z
  .array(escalationStepSchema)
  .min(1)
  .refine((steps) => new Set(steps.map((s) => s.level)).size === steps.length, {
    message: "levels must be unique",
  })
  .refine((steps) => steps.every((s, i) => i === 0 || s.percent > steps[i - 1]!.percent), {
    message: "steps must be in increasing order of percent",
  });

export const DEFAULT_ESCALATION_PLAN: readonly EscalationStep[] = [
  { level: 0, percent: 75, audiences: ["assignee", "queue"] },
  { level: 1, percent: 100, audiences: ["manager", "technical_staff"] },
  { level: 2, percent: 150, audiences: ["account_executive", "director"] },
];

export type ScheduledStep = EscalationStep & { dueAt: number };

/**
 * When each step falls due: registration + percent × target in business time on the clock's calendar
 * (a P1 on a 24×7 clock escalates at night; one on business hours waits for the next opening).
 */
export const computeEscalationSchedule = (options: {
  calendar: BusinessCalendar;
  registeredAt: number;
  targetSeconds: number;
  plan: readonly EscalationStep[];
  pauses?: readonly Pause[];
}): ScheduledStep[] =>
  options.plan.map((step) => ({
    ...step,
    dueAt: addBusinessTime(
      options.calendar,
      options.registeredAt,
      Math.round((options.targetSeconds * step.percent) / 100),
      options.pauses ? { pauses: options.pauses } : undefined,
    ),
  }));
