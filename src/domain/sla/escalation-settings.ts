/** The escalation plan as data (SPEC §4): light enough for the browser (zod only). */
import { z } from "zod";
import { PRIORITIES, type Priority } from "./sla-clock";

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

export const ESCALATION_CLOCKS = ["response", "resolution"] as const;
export type EscalationClock = (typeof ESCALATION_CLOCKS)[number];

/** The stored plans: a default and optional ones per service plan and priority (most specific wins). */
export const escalationSettingsSchema = z.strictObject({
  default: escalationPlanSchema,
  byPlan: z.record(
    z.string().regex(/^[a-z0-9-]{1,40}$/),
    z.partialRecord(z.enum(PRIORITIES), escalationPlanSchema),
  ),
});
export type EscalationSettings = z.infer<typeof escalationSettingsSchema>;

export const resolveEscalationPlan = (
  settings: EscalationSettings,
  planId: string,
  priority: Priority,
): readonly EscalationStep[] => settings.byPlan[planId]?.[priority] ?? settings.default;
