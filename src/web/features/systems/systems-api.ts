import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  CustomerSystem,
  createCustomerSystemBodySchema,
  updateCustomerSystemBodySchema,
} from "../../../api/catalog";
import { api } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";

export type CreateSystemBody = z.input<typeof createCustomerSystemBodySchema>;
export type UpdateSystemBody = z.input<typeof updateCustomerSystemBodySchema>;

export const useSystems = (filters: { organizationId?: string; productId?: string; q?: string }) =>
  usePaginatedList<CustomerSystem>("/systems", filters);

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
