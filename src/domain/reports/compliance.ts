import type { ComplianceOutcome } from "./report-kinds";

/**
 * Response-target compliance (SPEC §9), counted once per case on the priority it has now (the one it
 * ended with): met when the first public staff reply came by the due time; breached when it came late, or
 * when the case was resolved or closed without any; still open and on time, or open and already late.
 */
export type ResponseFacts = {
  status: string;
  dueAt: number;
  metAt: number | null;
};

const CLOSED = new Set(["resolved", "closed"]);

export const classifyResponse = (c: ResponseFacts, now: number): ComplianceOutcome => {
  if (c.metAt !== null) return c.metAt <= c.dueAt ? "met" : "breached";
  if (CLOSED.has(c.status)) return "breached";
  return now > c.dueAt ? "openBreached" : "openOnTime";
};

export type ComplianceTally = Record<ComplianceOutcome, number> & { total: number; rate: number | null };

export const emptyTally = (): ComplianceTally => ({
  met: 0,
  breached: 0,
  openOnTime: 0,
  openBreached: 0,
  total: 0,
  rate: null,
});

/** The share met among the cases whose outcome is known or already late: met / (met + breached + open late). */
export const complianceRate = (t: Omit<ComplianceTally, "rate">): number | null => {
  const decided = t.met + t.breached + t.openBreached;
  return decided === 0 ? null : t.met / decided;
};

export const tally = (outcomes: Iterable<ComplianceOutcome>): ComplianceTally => {
  const t = emptyTally();
  for (const outcome of outcomes) {
    t[outcome] += 1;
    t.total += 1;
  }
  return { ...t, rate: complianceRate(t) };
};
