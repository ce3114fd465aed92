import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { contractSettingsSchema, Plan, updatePlanBodySchema } from "../../../api/contracts";
import { api } from "../../app/api-client";

export type UpdatePlanBody = z.input<typeof updatePlanBodySchema>;
export type ContractSettings = z.infer<typeof contractSettingsSchema>;
export type PriorityKey = keyof Plan["settings"]["responseClocks"];
export const PRIORITY_KEYS = ["P1", "P2", "P3", "P4"] as const satisfies readonly PriorityKey[];

/** The built-in calendars, named in the catalogs under `plans.calendars`; admins add more (Calendarios). */
export const KNOWN_CALENDARS = ["cdmx-habil", "24x7"] as const;
export type KnownCalendar = (typeof KNOWN_CALENDARS)[number];
export const isKnownCalendar = (id: string): id is KnownCalendar =>
  (KNOWN_CALENDARS as readonly string[]).includes(id);

const PLANS_KEY = ["/plans"] as const;
const SETTINGS_KEY = ["/settings/contracts"] as const;

/** The plans (two by default); they change rarely. */
export const usePlans = (enabled = true) =>
  useQuery({
    queryKey: PLANS_KEY,
    queryFn: ({ signal }) => api.get<{ items: Plan[] }>("/plans", undefined, signal),
    staleTime: 5 * 60_000,
    enabled,
  });

export const useUpdatePlan = (id: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdatePlanBody) =>
      api.patch<Plan & { appliedToContracts: number }>(`/plans/${id}`, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: PLANS_KEY });
      void queryClient.invalidateQueries({ queryKey: ["/contracts"] });
    },
  });
};

export const useContractSettings = () =>
  useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: ({ signal }) => api.get<ContractSettings>("/settings/contracts", undefined, signal),
  });

export const useUpdateContractSettings = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ContractSettings) => api.patch<ContractSettings>("/settings/contracts", body),
    onSuccess: (settings) => queryClient.setQueryData(SETTINGS_KEY, settings),
  });
};
