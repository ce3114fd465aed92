import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  acceptReinstatementBodySchema,
  CONTRACT_STATUSES,
  Contract,
  createContractBodySchema,
  historyEntrySchema,
  ReinstatementQuote,
  renewalPipelineSchema,
  renewContractBodySchema,
  updateContractBodySchema,
} from "../../../api/contracts";
import { api, apiRequest, type Page } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";

export type CreateContractBody = z.input<typeof createContractBodySchema>;
export type UpdateContractBody = z.input<typeof updateContractBodySchema>;
export type RenewContractBody = z.input<typeof renewContractBodySchema>;
export type AcceptReinstatementBody = z.input<typeof acceptReinstatementBodySchema>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type RenewalPipeline = z.infer<typeof renewalPipelineSchema>;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/**
 * The statuses as values. Declared here (checked against the API's type) because importing the API's
 * array would pull the server's date library into the browser bundle.
 */
export const CONTRACT_STATUS_VALUES = [
  "upcoming",
  "current",
  "expired",
] as const satisfies readonly ContractStatus[];

/** Every contract query starts with "/contracts", so one invalidation refreshes lists, details and the pipeline. */
export const contractKeys = {
  all: ["/contracts"] as const,
  detail: (id: string) => ["/contracts", "detail", id] as const,
  history: (id: string) => ["/contracts", "history", id] as const,
  pipeline: (organizationId?: string) => ["/contracts", "pipeline", organizationId ?? null] as const,
  ofSystem: (systemId: string) => ["/contracts", "system", systemId] as const,
  ofOrganization: (organizationId: string) => ["/contracts", "organization", organizationId] as const,
  upcoming: ["/contracts", "upcoming"] as const,
};

export interface ContractFilters {
  q?: string;
  organizationId?: string | null;
  planId?: string | null;
  status?: ContractStatus | null;
  endingWithinDays?: number | null;
}

export const useContracts = (filters: ContractFilters) =>
  usePaginatedList<Contract>("/contracts", {
    q: filters.q,
    organizationId: filters.organizationId,
    planId: filters.planId,
    status: filters.status,
    endingWithinDays: filters.endingWithinDays,
  });

export const useContract = (id: string) =>
  useQuery({
    queryKey: contractKeys.detail(id),
    queryFn: ({ signal }) => api.get<Contract>(`/contracts/${id}`, undefined, signal),
  });

/** Every contract of a system (a system has a handful: one per year), oldest end first. */
export const useSystemContracts = (systemId: string | null | undefined) =>
  useQuery({
    queryKey: contractKeys.ofSystem(systemId ?? ""),
    queryFn: ({ signal }) => api.get<Page<Contract>>("/contracts", { systemId, limit: 200 }, signal),
    enabled: Boolean(systemId),
  });

/** The contracts of an organization (first 200), e.g. to know which systems are covered. */
export const useOrganizationContracts = (organizationId: string | null | undefined, enabled = true) =>
  useQuery({
    queryKey: contractKeys.ofOrganization(organizationId ?? ""),
    queryFn: ({ signal }) => api.get<Page<Contract>>("/contracts", { organizationId, limit: 200 }, signal),
    enabled: Boolean(organizationId) && enabled,
  });

/**
 * Ids of contracts that already have a successor starting later (a renewal or a reinstatement),
 * from the upcoming contracts' `previousContractId` (the API has no "renewed" flag).
 */
export const useRenewedContractIds = (enabled = true) => {
  const query = useQuery({
    queryKey: contractKeys.upcoming,
    queryFn: ({ signal }) =>
      api.get<Page<Contract>>("/contracts", { status: "upcoming", limit: 200 }, signal),
    enabled,
  });
  const successors = new Map<string, Contract>();
  for (const contract of query.data?.items ?? []) {
    if (contract.previousContractId) successors.set(contract.previousContractId, contract);
  }
  return successors;
};

export const useContractHistory = (id: string, enabled = true) =>
  useQuery({
    queryKey: contractKeys.history(id),
    queryFn: ({ signal }) =>
      api.get<{ items: HistoryEntry[] }>(`/contracts/${id}/history`, undefined, signal),
    enabled,
  });

export const useRenewalPipeline = (organizationId?: string) =>
  useQuery({
    queryKey: contractKeys.pipeline(organizationId),
    queryFn: ({ signal }) =>
      api.get<RenewalPipeline>("/contracts/renewal-pipeline", { organizationId }, signal),
  });

const useContractChanged = () => {
  const queryClient = useQueryClient();
  return (contract: Contract) => {
    queryClient.setQueryData(contractKeys.detail(contract.id), contract);
    void queryClient.invalidateQueries({ queryKey: contractKeys.all });
  };
};

export const useCreateContract = () => {
  const onSuccess = useContractChanged();
  return useMutation({
    mutationFn: (body: CreateContractBody) => api.post<Contract>("/contracts", body),
    onSuccess,
  });
};

export const useUpdateContract = (id: string) => {
  const onSuccess = useContractChanged();
  return useMutation({
    mutationFn: (body: UpdateContractBody) => api.patch<Contract>(`/contracts/${id}`, body),
    onSuccess,
  });
};

export const useRenewContract = (id: string) => {
  const onSuccess = useContractChanged();
  return useMutation({
    mutationFn: (body: RenewContractBody) => api.post<Contract>(`/contracts/${id}/renew`, body),
    onSuccess,
  });
};

export const useAuthorizeContact = (contractId: string) => {
  const onSuccess = useContractChanged();
  return useMutation({
    mutationFn: (contactId: string) =>
      api.post<Contract>(`/contracts/${contractId}/authorized-contacts`, { contactId }),
    onSuccess,
  });
};

export const useRemoveAuthorizedContact = (contractId: string) => {
  const onSuccess = useContractChanged();
  return useMutation({
    mutationFn: (contactId: string) =>
      apiRequest<Contract>("DELETE", `/contracts/${contractId}/authorized-contacts/${contactId}`),
    onSuccess,
  });
};

export const useReinstatementQuote = (systemId: string, date: string | null) =>
  useQuery({
    queryKey: ["/systems", systemId, "reinstatement-quote", date],
    queryFn: ({ signal }) =>
      api.get<ReinstatementQuote>(
        `/systems/${systemId}/reinstatement-quote`,
        { date: date ?? undefined },
        signal,
      ),
    enabled: Boolean(systemId && date),
    staleTime: 0,
    retry: false,
  });

export const useAcceptReinstatement = (systemId: string) => {
  const onSuccess = useContractChanged();
  return useMutation({
    mutationFn: (body: AcceptReinstatementBody) =>
      api.post<Contract>(`/systems/${systemId}/reinstatement`, body),
    onSuccess,
  });
};
