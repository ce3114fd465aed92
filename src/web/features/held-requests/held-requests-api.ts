import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { HELD_REQUEST_STATES, HeldRequest } from "../../../api/contracts";
import { api } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";

export type HeldRequestState = (typeof HELD_REQUEST_STATES)[number];
export const HELD_REQUEST_STATE_VALUES = ["held", "released"] as const satisfies readonly HeldRequestState[];

export const useHeldRequests = (filters: { state: HeldRequestState; organizationId?: string | null }) =>
  usePaginatedList<HeldRequest>("/held-requests", {
    state: filters.state,
    organizationId: filters.organizationId,
  });

export const useReleaseHeldRequest = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, purchaseOrder }: { id: string; purchaseOrder: string }) =>
      api.post<HeldRequest>(`/held-requests/${id}/release`, { purchaseOrder }),
    // the release opened a case
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["/held-requests"] }),
        queryClient.invalidateQueries({ queryKey: ["/cases"] }),
      ]),
  });
};
