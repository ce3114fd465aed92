import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { OUTBOX_STATUSES, OutboxMessage, outboxPageSchema } from "../../../api/notifications";
import { api } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";

export type { OutboxMessage };
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export type OutboxCounts = z.infer<typeof outboxPageSchema>["counts"];

/* The API's lists as values, checked against its types (the API's arrays would pull the domain in). */
export const OUTBOX_STATUS_VALUES = [
  "pending",
  "sending",
  "sent",
  "failed",
] as const satisfies readonly OutboxStatus[];

/** The kinds of mail the server writes today; another one shows as its code. */
export const OUTBOX_KIND_VALUES = [
  "acknowledgement",
  "staff_reply",
  "status_changed",
  "held_request",
  "refusal",
  "warning",
  "escalation",
  "warning_digest",
  "end_of_support",
] as const;
export type OutboxKind = (typeof OUTBOX_KIND_VALUES)[number];
export const isOutboxKind = (value: string): value is OutboxKind =>
  (OUTBOX_KIND_VALUES as readonly string[]).includes(value);

/** A message the sender would pick up again: failed for good, or still waiting for its next attempt. */
export const isRetryable = (message: Pick<OutboxMessage, "status">) =>
  message.status === "failed" || message.status === "pending";

const OUTBOX_PATH = "/outbox";

/** Outgoing mail, newest first, refreshed every 15 s so a send shows up without reloading. */
export const useOutbox = (status: OutboxStatus | null) => {
  const list = usePaginatedList<OutboxMessage>(
    OUTBOX_PATH,
    { status },
    { limit: 50, refetchInterval: 15_000 },
  );
  const first = list.data?.pages[0] as { counts?: OutboxCounts } | undefined;
  return { ...list, counts: first?.counts ?? null };
};

export const useRetryOutbox = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Pick<OutboxMessage, "id" | "status">>(`/outbox/${id}/retry`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [OUTBOX_PATH] }),
  });
};
