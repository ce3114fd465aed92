import type { ContractStatus } from "./contract-kinds";
import { compareDates, isLocalDate, type LocalDate, termEnd } from "./local-date";

/** "Vigente" on D when start ≤ D ≤ end (SPEC §3). */
export const computeContractStatus = (
  term: { startDate: LocalDate; endDate: LocalDate },
  on: LocalDate,
): ContractStatus =>
  compareDates(on, term.startDate) < 0
    ? "upcoming"
    : compareDates(on, term.endDate) > 0
      ? "expired"
      : "current";

export const isCurrentOn = (term: { startDate: LocalDate; endDate: LocalDate }, on: LocalDate): boolean =>
  computeContractStatus(term, on) === "current";

export type TermCheck =
  | { ok: true }
  | { ok: false; reason: "invalid_date" | "end_before_start" }
  | { ok: false; reason: "term_under_one_year"; minimumEnd: LocalDate };

/** The minimum term is one year: a contract starting 2026-03-15 ends on 2027-03-14 or later. */
export const checkTerm = (startDate: LocalDate, endDate: LocalDate): TermCheck => {
  if (!isLocalDate(startDate) || !isLocalDate(endDate)) return { ok: false, reason: "invalid_date" };
  if (compareDates(endDate, startDate) < 0) return { ok: false, reason: "end_before_start" };
  const minimumEnd = termEnd(startDate);
  if (compareDates(endDate, minimumEnd) < 0) return { ok: false, reason: "term_under_one_year", minimumEnd };
  return { ok: true };
};

/** Two terms overlap when each starts on or before the other ends. */
export const termsOverlap = (
  a: { startDate: LocalDate; endDate: LocalDate },
  b: { startDate: LocalDate; endDate: LocalDate },
): boolean => compareDates(a.startDate, b.endDate) <= 0 && compareDates(b.startDate, a.endDate) <= 0;
