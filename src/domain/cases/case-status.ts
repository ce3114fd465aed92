export const CASE_STATUSES = ["new", "open", "waiting_on_customer", "resolved", "closed", "held"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** new → open (triaged) ⇄ waiting on customer → resolved → closed; held until a purchase order; reopen from resolved. */
const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  held: ["new", "closed"],
  new: ["open", "waiting_on_customer", "resolved", "closed"],
  open: ["waiting_on_customer", "resolved", "closed"],
  waiting_on_customer: ["open", "resolved", "closed"],
  resolved: ["closed", "open"],
  closed: [],
};

export const DEFAULT_REOPEN_WINDOW_DAYS = 15;
const DAY_MS = 86_400_000;

export type TransitionCheck =
  | { ok: true }
  | { ok: false; allowed: CaseStatus[]; reason: "not_allowed" | "reopen_window_passed" };

/** The statuses reachable from `from` now (reopening a resolved case only within the window). */
export const allowedTransitions = (options: {
  from: CaseStatus;
  resolvedAt: number | null;
  now: number;
  reopenWindowDays: number;
}): CaseStatus[] =>
  TRANSITIONS[options.from].filter(
    (to) =>
      !(options.from === "resolved" && to === "open") ||
      (options.resolvedAt !== null && options.now - options.resolvedAt <= options.reopenWindowDays * DAY_MS),
  );

export const checkTransition = (options: {
  from: CaseStatus;
  to: CaseStatus;
  resolvedAt: number | null;
  now: number;
  reopenWindowDays: number;
}): TransitionCheck => {
  const allowed = allowedTransitions(options);
  if (allowed.includes(options.to)) return { ok: true };
  const reopenLate = options.from === "resolved" && options.to === "open";
  return { ok: false, allowed, reason: reopenLate ? "reopen_window_passed" : "not_allowed" };
};

/** Statuses in which the customer is expected to act; optional targets pause meanwhile (SPEC §4). */
export const isPausedStatus = (status: CaseStatus): boolean => status === "waiting_on_customer";
