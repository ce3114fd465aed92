import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CreateStsServiceBody,
  CurrentSts,
  HoldStsVisitBody,
  RescheduleStsVisitBody,
  StsService,
  StsServiceStatus,
  StsServiceSummary,
  StsVisit,
  StsVisitDetail,
  StsVisitKind,
  StsVisitStatus,
} from "../../../api/sts";
import type { StaffUser } from "../../../api/users";
import { ApiError, api, type Page } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";
import { problemText } from "../../components/problem-text";

export type {
  CreateStsServiceBody,
  CurrentSts,
  StsService,
  StsServiceStatus,
  StsServiceSummary,
  StsVisit,
  StsVisitDetail,
  StsVisitKind,
  StsVisitStatus,
};

/*
 * The values, declared here (checked against the API's types) so that the browser bundle does not pull the
 * API's schemas and what they import.
 */
export const VISIT_KIND_VALUES = ["business_review", "tuning"] as const satisfies readonly StsVisitKind[];
export const VISIT_STATUS_VALUES = ["scheduled", "held"] as const satisfies readonly StsVisitStatus[];
export const SERVICE_STATUS_VALUES = [
  "current",
  "upcoming",
  "ended",
] as const satisfies readonly StsServiceStatus[];
export type AgendaStatus = StsVisitStatus | "all";

/** Every STS query's key starts with a path under "/services/sts". */
export const stsKeys = {
  all: ["/services/sts"] as const,
  detail: (id: string) => ["/services/sts", "detail", id] as const,
  current: (organizationId: string | null) => ["/services/sts", "current", organizationId] as const,
};

export const useStsAgenda = (filters: {
  status: AgendaStatus;
  kind?: StsVisitKind | null;
  engineerId?: string | null;
  organizationId?: string | null;
}) =>
  usePaginatedList<StsVisit>("/services/sts/agenda", {
    status: filters.status,
    kind: filters.kind,
    engineerId: filters.engineerId,
    organizationId: filters.organizationId,
  });

export const useStsServices = (filters: {
  organizationId?: string | null;
  engineerId?: string | null;
  status?: StsServiceStatus | null;
}) =>
  usePaginatedList<StsServiceSummary>("/services/sts", {
    organizationId: filters.organizationId,
    engineerId: filters.engineerId,
    status: filters.status,
  });

export const useStsService = (id: string) =>
  useQuery({
    queryKey: stsKeys.detail(id),
    queryFn: ({ signal }) => api.get<StsService>(`/services/sts/${id}`, undefined, signal),
  });

/** The organization's service now (a customer's own: the server ignores the id for them). */
export const useCurrentSts = (organizationId: string | null, enabled = true) =>
  useQuery({
    queryKey: stsKeys.current(organizationId),
    queryFn: ({ signal }) => api.get<CurrentSts>("/services/sts/current", { organizationId }, signal),
    enabled,
  });

/** Active staff who may be assigned as engineer (first 200, by name). */
export const useEngineerOptions = (enabled = true) =>
  useQuery({
    queryKey: ["/users", "sts-engineers"],
    queryFn: ({ signal }) => api.get<Page<StaffUser>>("/users", { limit: 200 }, signal),
    select: (page) => page.items.filter((user) => user.active),
    enabled,
  });

/** Lists are keyed by their path ("/services/sts/agenda"): every query under "/services/sts" is refreshed. */
const useStsChanged = () => {
  const queryClient = useQueryClient();
  return () =>
    void queryClient.invalidateQueries({
      predicate: (query) => String(query.queryKey[0]).startsWith(stsKeys.all[0]),
    });
};

export const useCreateStsService = () => {
  const onSuccess = useStsChanged();
  return useMutation({
    mutationFn: (body: CreateStsServiceBody) => api.post<StsService>("/services/sts", body),
    onSuccess,
  });
};

export const useHoldVisit = () => {
  const onSuccess = useStsChanged();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: HoldStsVisitBody }) =>
      api.post<StsVisitDetail>(`/services/sts/visits/${id}/hold`, body),
    onSuccess,
  });
};

export const useRescheduleVisit = () => {
  const onSuccess = useStsChanged();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: RescheduleStsVisitBody }) =>
      api.post<StsVisitDetail>(`/services/sts/visits/${id}/reschedule`, body),
    onSuccess,
  });
};

/** The server's reason in the viewer's language (no current contract, a non-business day…), else null. */
export const reasonOf = (error: unknown): string | null =>
  error instanceof ApiError ? problemText(error.problem) : null;
