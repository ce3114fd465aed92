import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  BookOutOfHoursBody,
  OutOfHoursOverview,
  OutOfHoursQuota,
  OutOfHoursStatus,
  OutOfHoursWindow,
} from "../../../api/out-of-hours";
import { api } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";

export type { OutOfHoursOverview, OutOfHoursQuota, OutOfHoursStatus, OutOfHoursWindow };

/** The statuses as values (checked against the API's type). */
export const OUT_OF_HOURS_STATUS_VALUES = [
  "requested",
  "confirmed",
  "declined",
  "cancelled",
] as const satisfies readonly OutOfHoursStatus[];

/** Every out-of-hours query key starts with "/out-of-hours": one invalidation refreshes lists, days and forms. */
const ROOT = "/out-of-hours";
const keys = {
  overview: (organizationId: string | null) => [ROOT, "overview", organizationId] as const,
  quota: (contractId: string) => [ROOT, "quota", contractId] as const,
};

export interface WindowFilters {
  status?: OutOfHoursStatus | null;
  organizationId?: string | null;
  /** Only windows not ended yet, soonest first. */
  upcoming?: boolean;
}

export const useOutOfHoursWindows = (filters: WindowFilters = {}, enabled = true) =>
  usePaginatedList<OutOfHoursWindow>(
    `${ROOT}/windows`,
    {
      status: filters.status,
      organizationId: filters.organizationId,
      upcoming: filters.upcoming ? "true" : undefined,
    },
    { enabled },
  );

/** What booking needs for an organization (a customer contact: their own, `organizationId` left out). */
export const useOutOfHoursOverview = (organizationId: string | null, enabled = true) =>
  useQuery({
    queryKey: keys.overview(organizationId),
    queryFn: ({ signal }) =>
      api.get<OutOfHoursOverview>(
        `${ROOT}/overview`,
        { organizationId: organizationId ?? undefined },
        signal,
      ),
    enabled,
  });

/** A contract's out-of-hours days, year by year. */
export const useContractOutOfHours = (contractId: string | null | undefined) =>
  useQuery({
    queryKey: keys.quota(contractId ?? ""),
    queryFn: ({ signal }) =>
      api.get<OutOfHoursQuota>(`/contracts/${contractId}/out-of-hours`, undefined, signal),
    enabled: Boolean(contractId),
  });

/** After a change: the lists ("/out-of-hours/windows"…), the overview and every contract's days. */
/** The notice a booking needs (staff read the setting). */
export const useOutOfHoursSettings = (enabled = true) =>
  useQuery({
    queryKey: [ROOT, "settings"] as const,
    queryFn: ({ signal }) =>
      api.get<{ noticeBusinessDays: number }>("/settings/out-of-hours", undefined, signal),
    enabled,
  });

const useRefresh = () => {
  const queryClient = useQueryClient();
  return () =>
    queryClient.invalidateQueries({
      predicate: (query) => typeof query.queryKey[0] === "string" && query.queryKey[0].startsWith(ROOT),
    });
};

export const useBookOutOfHours = () => {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: BookOutOfHoursBody) => api.post<OutOfHoursWindow>(`${ROOT}/windows`, body),
    onSuccess: refresh,
  });
};

export type WindowAction = "confirm" | "decline" | "cancel";

export const useOutOfHoursAction = () => {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: WindowAction; reason?: string }) =>
      api.post<OutOfHoursWindow>(
        `${ROOT}/windows/${id}/${action}`,
        action === "confirm" ? undefined : { reason: reason ?? "" },
      ),
    onSuccess: refresh,
  });
};
