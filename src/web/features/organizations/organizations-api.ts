import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  createOrganizationBodySchema,
  Organization,
  updateOrganizationBodySchema,
} from "../../../api/organizations";
import type { StaffUser } from "../../../api/users";
import { api, type Page } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";

export type CreateOrganizationBody = z.input<typeof createOrganizationBodySchema>;
export type UpdateOrganizationBody = z.input<typeof updateOrganizationBodySchema>;

export const organizationKeys = {
  all: ["/organizations"] as const,
  detail: (id: string) => ["/organizations", "detail", id] as const,
};

export const useOrganizations = (filters: { q?: string }) =>
  usePaginatedList<Organization>("/organizations", { q: filters.q });

export const useOrganization = (id: string | null | undefined) =>
  useQuery({
    queryKey: organizationKeys.detail(id ?? ""),
    queryFn: ({ signal }) => api.get<Organization>(`/organizations/${id}`, undefined, signal),
    enabled: Boolean(id),
  });

/** Organizations whose name matches, for pickers (first 20). */
export const useOrganizationOptions = (q: string) =>
  useQuery({
    queryKey: ["/organizations", "options", q],
    queryFn: ({ signal }) => api.get<Page<Organization>>("/organizations", { q, limit: 20 }, signal),
    placeholderData: (previous) => previous,
  });

export const useAccountExecutives = (enabled = true) =>
  useQuery({
    queryKey: ["/users", "account-executives"],
    queryFn: ({ signal }) =>
      api.get<Page<StaffUser>>("/users", { role: "account_executive", limit: 200 }, signal),
    enabled,
    staleTime: 5 * 60_000,
  });

export const useSaveOrganization = (id?: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOrganizationBody | UpdateOrganizationBody) =>
      id
        ? api.patch<Organization>(`/organizations/${id}`, body)
        : api.post<Organization>("/organizations", body),
    onSuccess: (organization) => {
      queryClient.setQueryData(organizationKeys.detail(organization.id), organization);
      void queryClient.invalidateQueries({ queryKey: organizationKeys.all });
    },
  });
};
