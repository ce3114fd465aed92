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

/**
 * Where a case may go from each status — the server's table in src/domain/cases/case-status.ts
 * (new → open ⇄ waiting on customer → resolved → closed; reopen from resolved). The server decides;
 * this only offers the moves that can succeed.
 */
const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  held: ["new", "closed"],
  new: ["open", "waiting_on_customer", "resolved", "closed"],
  open: ["waiting_on_customer", "resolved", "closed"],
  waiting_on_customer: ["open", "resolved", "closed"],
  resolved: ["closed", "open"],
  closed: [],
};

/**
 * Whether a resolved case may still be reopened. The window is an admin setting that only staff can
 * read; without it (customers) the move is offered and the server decides.
 */
export const canReopen = (
  resolvedAt: string | null,
  windowDays: number | null,
  now: number = Date.now(),
): boolean =>
  resolvedAt !== null &&
  (windowDays === null || now - new Date(resolvedAt).getTime() <= windowDays * 86_400_000);

export const nextStatuses = (
  from: CaseStatus,
  resolvedAt: string | null,
  windowDays: number | null,
): CaseStatus[] =>
  TRANSITIONS[from].filter(
    (to) => !(from === "resolved" && to === "open") || canReopen(resolvedAt, windowDays),
  );

/** Cases still waiting for the desk's first answer or work. */
export const isOpenStatus = (status: CaseStatus) =>
  status === "new" || status === "open" || status === "waiting_on_customer";
