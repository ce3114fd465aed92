import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../../app/api-client";
import { describeProblem } from "../../components/notify";
import { i18n } from "../../i18n/i18n";
import { caseKeys } from "./cases-api";

/**
 * The sentence for a failed change of a case. On a version conflict (someone else changed the case
 * since it was loaded) the case is reloaded at once, so the next try carries the new version.
 */
export const describeCaseError = (error: unknown, queryClient: QueryClient, caseId: string): string => {
  if (error instanceof ApiError && error.code === "version_conflict") {
    void queryClient.invalidateQueries({ queryKey: caseKeys.detail(caseId) });
    void queryClient.invalidateQueries({ queryKey: caseKeys.timeline(caseId) });
    return i18n.t("cases.errors.versionConflict");
  }
  // a status the screen offered that is no longer possible: the case changed; a closed case says so itself
  if (error instanceof ApiError && error.problem?.reason === "transition_not_allowed") {
    return i18n.t("cases.errors.invalidTransition");
  }
  return describeProblem(error);
};

export const useCaseErrors = (caseId: string) => {
  const queryClient = useQueryClient();
  return (error: unknown) => describeCaseError(error, queryClient, caseId);
};
