import type { ReinstatementLineKind } from "./contract-kinds";
import {
  addDays,
  addYears,
  compareDates,
  daysBetween,
  type LocalDate,
  termEnd,
  wholeYearsBetween,
} from "./local-date";
import { applyRateBps, prorate } from "./pricing";

export type ReinstatementLine = {
  kind: ReinstatementLineKind;
  /** Covered period, for lapsed and new-year lines. */
  startDate: LocalDate | null;
  endDate: LocalDate | null;
  /** Days of a partial period and the days of the year it is a share of. */
  days: number | null;
  daysInYear: number | null;
  /** Whole lapsed years the penalty is counted on. */
  years: number | null;
  amountCents: number;
};

export type ReinstatementQuote =
  | {
      ok: true;
      lapsedYears: number;
      penaltyApplies: boolean;
      /** Retroactive coverage of the lapse (E+1 … R−1), null when nothing lapsed. */
      lapsedTerm: { startDate: LocalDate; endDate: LocalDate } | null;
      newTerm: { startDate: LocalDate; endDate: LocalDate };
      lines: ReinstatementLine[];
      totalCents: number;
    }
  | { ok: false; reason: "not_lapsed" };

/**
 * Reinstatement of a system whose last contract ended on E, quoted on R (brochure, "Clientes sin ningún
 * programa de Soporte Vigente"):
 * - the lapsed period E+1 … R−1 is charged: whole contract-years at the annual fee, the rest pro rata by days
 *   of that year;
 * - from the 2nd anniversary of E (R ≥ E + 2 years) a penalty of `penaltyRateBps` × annual fee per whole
 *   lapsed year is added;
 * - plus the new year of support starting on R.
 */
export const computeReinstatementQuote = (options: {
  lastEndDate: LocalDate;
  quoteDate: LocalDate;
  annualFeeCents: number;
  penaltyRateBps: number;
}): ReinstatementQuote => {
  const { lastEndDate: end, quoteDate: on, annualFeeCents: fee } = options;
  if (compareDates(on, end) <= 0) return { ok: false, reason: "not_lapsed" };

  const lines: ReinstatementLine[] = [];
  const lapseStart = addDays(end, 1);
  const lapseEnd = addDays(on, -1);
  let cursor = lapseStart;
  while (compareDates(cursor, lapseEnd) <= 0) {
    const yearEnd = termEnd(cursor);
    if (compareDates(yearEnd, lapseEnd) <= 0) {
      lines.push({
        kind: "lapsed_year",
        startDate: cursor,
        endDate: yearEnd,
        days: null,
        daysInYear: null,
        years: null,
        amountCents: fee,
      });
      cursor = addDays(yearEnd, 1);
      continue;
    }
    const days = daysBetween(cursor, lapseEnd) + 1;
    const daysInYear = daysBetween(cursor, addYears(cursor, 1));
    lines.push({
      kind: "lapsed_partial",
      startDate: cursor,
      endDate: lapseEnd,
      days,
      daysInYear,
      years: null,
      amountCents: prorate(fee, days, daysInYear),
    });
    break;
  }

  const lapsedYears = wholeYearsBetween(end, on);
  const penaltyApplies = lapsedYears >= 2;
  if (penaltyApplies) {
    lines.push({
      kind: "penalty",
      startDate: null,
      endDate: null,
      days: null,
      daysInYear: null,
      years: lapsedYears,
      amountCents: applyRateBps(fee, options.penaltyRateBps) * lapsedYears,
    });
  }
  const newTerm = { startDate: on, endDate: termEnd(on) };
  lines.push({ kind: "new_year", ...newTerm, days: null, daysInYear: null, years: null, amountCents: fee });

  return {
    ok: true,
    lapsedYears,
    penaltyApplies,
    lapsedTerm: compareDates(lapseStart, lapseEnd) <= 0 ? { startDate: lapseStart, endDate: lapseEnd } : null,
    newTerm,
    lines,
    totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0),
  };
};
