import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { createTrainingRecordBodySchema, TrainingRecord } from "../../../api/contracts";
import { api } from "../../app/api-client";

export type CreateTrainingBody = z.input<typeof createTrainingRecordBodySchema>;

const trainingKey = (contactId: string) => ["/contacts", "training", contactId] as const;

export const useTraining = (contactId: string) =>
  useQuery({
    queryKey: trainingKey(contactId),
    queryFn: ({ signal }) =>
      api.get<{ items: TrainingRecord[] }>(`/contacts/${contactId}/training`, undefined, signal),
  });

/** The training records of several contacts at once (one request each), keyed by contact id. */
export const useTrainingOf = (contactIds: readonly string[], enabled = true) =>
  useQueries({
    queries: contactIds.map((contactId) => ({
      queryKey: trainingKey(contactId),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<{ items: TrainingRecord[] }>(`/contacts/${contactId}/training`, undefined, signal),
      enabled,
    })),
    combine: (results) => ({
      pending: results.some((result) => result.isPending),
      byContact: new Map(
        contactIds.map((contactId, index) => [contactId, results[index]?.data?.items ?? null] as const),
      ),
    }),
  });

/** Counts on `on` (YYYY-MM-DD) when completed by then and not yet expired — the server's rule. */
export const isTrainingValidOn = (record: TrainingRecord, on: string): boolean =>
  record.completedOn <= on && (record.expiresOn === null || on <= record.expiresOn);

export const useAddTraining = (contactId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTrainingBody) =>
      api.post<TrainingRecord>(`/contacts/${contactId}/training`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trainingKey(contactId) }),
  });
};

export const useRemoveTraining = (contactId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (recordId: string) => api.delete(`/contacts/${contactId}/training/${recordId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trainingKey(contactId) }),
  });
};
