import { compareDates, type LocalDate } from "../contracts/local-date";

/**
 * The right to new versions (SPEC §7, the brochure): a contract entitles its organization to the releases of
 * the system's product published up to the contract's end date. During the contract that is every release
 * out so far; once it lapses, the releases published after its end are listed as "requiere póliza vigente"
 * until a renewal covers them. What a contract entitled stays downloadable (the customer paid for it).
 */

export type EntitlementTerm = { id: string; startDate: LocalDate; endDate: LocalDate };

export type ReleaseEntitlement =
  | { downloadable: true; contractId: string }
  /** No contract of the organization on the product has started. */
  | { downloadable: false; reason: "no_contract" }
  /** Published after the end of every contract: a current contract (a renewal) brings it. */
  | { downloadable: false; reason: "after_contract_end"; contractEnd: LocalDate }
  /** Covered, but its date has not come. */
  | { downloadable: false; reason: "not_released" };

/**
 * May the organization download this release today? `terms` are the contracts of its systems of the
 * release's product, of any status.
 */
export const releaseEntitlement = (options: {
  releaseDate: LocalDate;
  terms: readonly EntitlementTerm[];
  today: LocalDate;
}): ReleaseEntitlement => {
  const { releaseDate, today } = options;
  const started = options.terms.filter((term) => compareDates(term.startDate, today) <= 0);
  if (!started.length) return { downloadable: false, reason: "no_contract" };
  const covering = started
    .filter((term) => compareDates(releaseDate, term.endDate) <= 0)
    .sort((a, b) => compareDates(b.endDate, a.endDate))[0];
  if (!covering) {
    const contractEnd = started
      .map((term) => term.endDate)
      .sort(compareDates)
      .at(-1)!;
    return { downloadable: false, reason: "after_contract_end", contractEnd };
  }
  if (compareDates(releaseDate, today) > 0) return { downloadable: false, reason: "not_released" };
  return { downloadable: true, contractId: covering.id };
};
