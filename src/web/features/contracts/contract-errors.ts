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
 * limit, the clashing contract): what the screen knows, else the problem's params. Null for any other error.
 */
export const describeContractError = (error: unknown, context: ErrorContext = {}): string | null => {
  if (!(error instanceof ApiError) || !error.code) return null;
  const params = error.problem?.params ?? {};
  const text = (key: string) => (typeof params[key] === "string" ? (params[key] as string) : undefined);
  const date = (value: string) => (context.formatDate ? context.formatDate(value) : value);
  switch (error.code) {
    case "seat_limit_reached": {
      const limit = context.plan?.limit ?? Number(params.limit ?? Number.NaN);
      const plan = context.plan?.name ?? text("plan");
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
      const [number, start, end] = [text("number"), text("startDate"), text("endDate")];
      return number && start && end
        ? i18n.t("contracts.errors.overlap", { number, start: date(start), end: date(end) })
        : i18n.t("errors.contract_overlap");
    }
    case "later_contract_exists": {
      const [number, start] = [text("number"), text("startDate")];
      return number && start
        ? i18n.t("contracts.errors.laterExists", { number, start: date(start) })
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
