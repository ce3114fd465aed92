import { ApiError } from "../../app/api-client";
import { i18n } from "../../i18n/i18n";

interface ErrorContext {
  /** The plan's name and seat limit, to name the limit in the viewer's language. */
  plan?: { name: string; limit: number };
  /** The contact being authorized. */
  contactName?: string;
  formatDate?: (date: string) => string;
}

/**
 * The contract rules' refusals, worded in the viewer's language with the facts that matter (the plan's
 * limit, the clashing contract). The server's `detail` is English; the numbers and dates are taken from it
 * only where the screen does not already know them. Null for any other error.
 */
export const describeContractError = (error: unknown, context: ErrorContext = {}): string | null => {
  if (!(error instanceof ApiError) || !error.code) return null;
  const detail = error.problem?.detail ?? "";
  const date = (value: string) => (context.formatDate ? context.formatDate(value) : value);
  switch (error.code) {
    case "seat_limit_reached": {
      const limit = context.plan?.limit ?? Number(/allows (\d+)/.exec(detail)?.[1] ?? Number.NaN);
      const plan = context.plan?.name ?? /^Plan (.+?) allows/.exec(detail)?.[1];
      return Number.isFinite(limit) && plan
        ? i18n.t("contracts.errors.seatLimit", { plan, count: limit })
        : i18n.t("errors.seat_limit_reached");
    }
    case "training_required":
      return context.contactName
        ? i18n.t("contracts.errors.trainingRequired", { name: context.contactName })
        : i18n.t("errors.training_required");
    case "already_authorized":
      return context.contactName
        ? i18n.t("contracts.errors.alreadyAuthorized", { name: context.contactName })
        : i18n.t("errors.already_authorized");
    case "contract_overlap": {
      const clash = /contract (\S+) from (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/.exec(detail);
      return clash?.[1] && clash[2] && clash[3]
        ? i18n.t("contracts.errors.overlap", { number: clash[1], start: date(clash[2]), end: date(clash[3]) })
        : i18n.t("errors.contract_overlap");
    }
    case "later_contract_exists": {
      const later = /Contract (\S+) \(from (\d{4}-\d{2}-\d{2})\)/.exec(detail);
      return later?.[1] && later[2]
        ? i18n.t("contracts.errors.laterExists", { number: later[1], start: date(later[2]) })
        : i18n.t("errors.later_contract_exists");
    }
    case "contact_not_eligible":
    case "not_lapsed":
    case "no_previous_contract":
    case "quote_changed":
      return i18n.t(`errors.${error.code}`);
    default:
      return null;
  }
};
