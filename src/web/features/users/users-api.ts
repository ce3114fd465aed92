import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { StaffRole } from "../../../api/roles";
import type { createStaffUserBodySchema, StaffUser, updateStaffUserBodySchema } from "../../../api/users";
import { api } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";

export type CreateStaffUserBody = z.input<typeof createStaffUserBodySchema>;
export type UpdateStaffUserBody = z.input<typeof updateStaffUserBodySchema>;

export const useStaffUsers = (filters: { q?: string; role?: StaffRole | null }) =>
  usePaginatedList<StaffUser>("/users", { q: filters.q, role: filters.role });

export const useSaveStaffUser = (id?: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateStaffUserBody | UpdateStaffUserBody) =>
      id ? api.patch<StaffUser>(`/users/${id}`, body) : api.post<StaffUser>("/users", body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["/users"] }),
  });
};
