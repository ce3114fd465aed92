import type { CaseStatus, Priority } from "./cases-api";

type Environment = "production" | "test" | "development";

/**
 * The priority the reported impact suggests — the same rule as the server's `suggestPriority` in
 * src/domain/cases/priority.ts (the web may not import the domain; keep the two in step):
 * P1 production, 100 % affected and unable to work; P2 more than 50 %; P3 from 10 % to 50 %;
 * P4 under 10 %, or any non-production environment. The specialist's triage decides.
 */
export const suggestPriority = (impact: {
  environment: Environment;
  affectedPercent: number;
  canKeepWorking: boolean;
}): Priority => {
  if (impact.environment !== "production") return "P4";
  if (impact.affectedPercent >= 100 && !impact.canKeepWorking) return "P1";
  if (impact.affectedPercent > 50) return "P2";
  if (impact.affectedPercent >= 10) return "P3";
  return "P4";
};

/** Cases still waiting for the desk's first answer or work. */
export const isOpenStatus = (status: CaseStatus) =>
  status === "new" || status === "open" || status === "waiting_on_customer";
