import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  createWebhookBodySchema,
  rotateWebhookSecretBodySchema,
  updateWebhookBodySchema,
  WebhookDelivery,
  WebhookEndpoint,
  webhookEndpointWithSecretSchema,
} from "../../../api/webhooks";
import { api } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";

export type { WebhookDelivery, WebhookEndpoint };
export type WebhookWithSecret = z.infer<typeof webhookEndpointWithSecretSchema>;
export type WebhookCreateBody = z.input<typeof createWebhookBodySchema>;
export type WebhookUpdateBody = z.input<typeof updateWebhookBodySchema>;
export type WebhookRotateBody = z.input<typeof rotateWebhookSecretBodySchema>;
export type WebhookDeliveryStatus = WebhookDelivery["status"];
export type WebhookAttempt = WebhookDelivery["log"][number];

const ROOT = "/webhooks";
const LIST_KEY = [ROOT, "list"] as const;
const detailKey = (id: string) => [ROOT, "detail", id] as const;
const path = (id: string) => `${ROOT}/${encodeURIComponent(id)}`;
const deliveriesPath = (id: string) => `${path(id)}/deliveries`;

/** Every endpoint (a handful: no pagination), refreshed every 30 s for their pending deliveries. */
export const useWebhooks = () =>
  useQuery({
    queryKey: LIST_KEY,
    queryFn: ({ signal }) => api.get<{ items: WebhookEndpoint[] }>(ROOT, undefined, signal),
    refetchInterval: 30_000,
  });

/** One endpoint; asked again every 30 s so its state and pending count follow the deliveries. */
export const useWebhook = (id: string) =>
  useQuery({
    queryKey: detailKey(id),
    queryFn: ({ signal }) => api.get<WebhookEndpoint>(path(id), undefined, signal),
    refetchInterval: 30_000,
  });

/** After any change: the endpoint as the server answered it (without its secret), and the list. */
const useWebhookSaved = () => {
  const queryClient = useQueryClient();
  return (endpoint: WebhookEndpoint | WebhookWithSecret) => {
    // the secret is shown once, from the mutation's answer: it never goes into the cache
    const { secret: _secret, ...stored } = endpoint as WebhookWithSecret;
    queryClient.setQueryData(detailKey(endpoint.id), stored);
    void queryClient.invalidateQueries({ queryKey: LIST_KEY });
  };
};

/** Registers an endpoint; the answer carries its signing secret, the only time it is shown. */
export const useCreateWebhook = () => {
  const onSuccess = useWebhookSaved();
  return useMutation({
    mutationFn: (body: WebhookCreateBody) => api.post<WebhookWithSecret>(ROOT, body),
    onSuccess,
  });
};

/** URL, description, events, on/off; 409 `version_conflict` when someone else saved since `version`. */
export const useUpdateWebhook = (id: string) => {
  const onSuccess = useWebhookSaved();
  return useMutation({
    mutationFn: (body: WebhookUpdateBody) => api.patch<WebhookEndpoint>(path(id), body),
    onSuccess,
  });
};

export const useDeleteWebhook = (id: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(path(id)),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: detailKey(id) });
      queryClient.removeQueries({ queryKey: [deliveriesPath(id)] });
      void queryClient.invalidateQueries({ queryKey: LIST_KEY });
    },
  });
};

/** A new signing secret (shown once); the old one keeps signing beside it for `overlapHours`. */
export const useRotateWebhookSecret = (id: string) => {
  const onSuccess = useWebhookSaved();
  return useMutation({
    mutationFn: (body: WebhookRotateBody) => api.post<WebhookWithSecret>(`${path(id)}/secret`, body),
    onSuccess,
  });
};

/** The delivery log, newest first, refreshed every 15 s so retries show up without reloading. */
export const useWebhookDeliveries = (id: string, status: WebhookDeliveryStatus | null) =>
  usePaginatedList<WebhookDelivery>(deliveriesPath(id), { status }, { limit: 25, refetchInterval: 15_000 });

/** Sends one delivery again now, with the same `webhook-id` (receivers drop a duplicate by it). */
export const useRedeliverWebhook = (id: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: number) =>
      api.post<WebhookDelivery>(`${deliveriesPath(id)}/${deliveryId}/redeliver`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [deliveriesPath(id)] });
      void queryClient.invalidateQueries({ queryKey: detailKey(id) });
      void queryClient.invalidateQueries({ queryKey: LIST_KEY });
    },
  });
};
