import type { Environment } from "../catalog/environment";
import type { Priority } from "../sla/sla-clock";

export type ReportedImpact = {
  environment: Environment;
  /** Share of users affected, 0–100. */
  affectedPercent: number;
  canKeepWorking: boolean;
};

/**
 * The priority the reported impact suggests (SPEC §4, brochure "Descripción de Prioridades"):
 * - P1: production, 100 % of users affected and unable to work;
 * - P2: more than 50 % affected;
 * - P3: from 10 % to 50 % affected;
 * - P4: under 10 % affected, or any non-production environment.
 * The specialist's triage decides; this is only the suggestion.
 */
export const suggestPriority = (impact: ReportedImpact): Priority => {
  if (impact.environment !== "production") return "P4";
  if (impact.affectedPercent >= 100 && !impact.canKeepWorking) return "P1";
  if (impact.affectedPercent > 50) return "P2";
  if (impact.affectedPercent >= 10) return "P3";
  return "P4";
};
