import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  CustomerSystem,
  createCustomerSystemBodySchema,
  updateCustomerSystemBodySchema,
} from "../../../api/catalog";
import { api, type Page } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";

export type CreateSystemBody = z.input<typeof createCustomerSystemBodySchema>;
export type UpdateSystemBody = z.input<typeof updateCustomerSystemBodySchema>;

export const useSystems = (filters: { organizationId?: string; productId?: string; q?: string }) =>
  usePaginatedList<CustomerSystem>("/systems", filters);

export const useSystem = (systemId: string | undefined) =>
  useQuery({
    queryKey: ["/systems", "detail", systemId ?? ""],
    queryFn: ({ signal }) => api.get<CustomerSystem>(`/systems/${systemId}`, undefined, signal),
    enabled: Boolean(systemId),
  });

export const useSaveSystem = (systemId?: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSystemBody | UpdateSystemBody) =>
      systemId
        ? api.patch<CustomerSystem>(`/systems/${systemId}`, body)
        : api.post<CustomerSystem>("/systems", body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["/systems"] }),
  });
};

/** Every system of an organization (first 200), for pickers. */
export const useSystemOptions = (organizationId: string | null | undefined) =>
  useQuery({
    queryKey: ["/systems", "options", organizationId ?? ""],
    queryFn: ({ signal }) =>
      api.get<Page<CustomerSystem>>("/systems", { organizationId, limit: 200 }, signal),
    enabled: Boolean(organizationId),
  });
