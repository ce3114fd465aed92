import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { escalationSettingsSchema, escalationSettingsViewSchema } from "../../../api/notifications";
import { api } from "../../app/api-client";

export type EscalationSettings = z.infer<typeof escalationSettingsSchema>;
export type EscalationSettingsView = z.infer<typeof escalationSettingsViewSchema>;
export type EscalationStep = EscalationSettings["default"][number];

const ESCALATION_KEY = ["/settings/escalation"] as const;

/** The default escalation plan, the per-plan-and-priority ones, and the plans that may have one. */
export const useEscalationSettings = () =>
  useQuery({
    queryKey: ESCALATION_KEY,
    queryFn: ({ signal }) => api.get<EscalationSettingsView>("/settings/escalation", undefined, signal),
  });

/** Replaces every escalation plan at once; the server reschedules running cases on them. */
export const useSaveEscalationSettings = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EscalationSettings) => api.put<EscalationSettingsView>("/settings/escalation", body),
    onSuccess: (saved) => queryClient.setQueryData(ESCALATION_KEY, saved),
  });
};
