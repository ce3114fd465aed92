import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  INBOUND_FILTERS,
  INBOUND_STATUSES,
  inboundMailSchema,
  inboundMailSummarySchema,
  inboundPageSchema,
  originalHeadersSchema,
} from "../../../api/email";
import { api } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";

export type InboundMailSummary = z.infer<typeof inboundMailSummarySchema>;
export type InboundMail = z.infer<typeof inboundMailSchema>;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];
export type InboundFilter = (typeof INBOUND_FILTERS)[number];
export type InboundCounts = z.infer<typeof inboundPageSchema>["counts"];
export type OriginalHeaders = z.infer<typeof originalHeadersSchema>;

/* The API's lists as values, checked against its types. */
export const INBOUND_FILTER_VALUES = [
  "attention",
  "pending",
  "processed",
  "ignored",
  "all",
] as const satisfies readonly InboundFilter[];

/** The statuses each tab lists (as the server filters them), for its count. */
export const FILTER_STATUSES: Record<InboundFilter, readonly InboundStatus[]> = {
  attention: ["review", "failed"],
  pending: ["received", "processing"],
  processed: ["processed"],
  ignored: ["ignored"],
  all: ["received", "processing", "processed", "review", "ignored", "failed"],
};

/** The outcomes the server writes today; another one shows as its code. */
export const INBOUND_OUTCOME_VALUES = [
  "case_opened",
  "reply_added",
  "refused",
  "held",
  "unverified_sender",
  "unknown_sender_on_thread",
  "staff_on_thread",
  "loop_suspected",
  "parse_failed",
  "staff_sender",
  "auto_submitted",
  "bounce",
  "own_mail",
  "dismissed",
] as const;
export type InboundOutcome = (typeof INBOUND_OUTCOME_VALUES)[number];
export const isInboundOutcome = (value: unknown): value is InboundOutcome =>
  (INBOUND_OUTCOME_VALUES as readonly unknown[]).includes(value);

/** Someone on the desk has to decide: process it again, or dismiss it. */
export const needsAttention = (mail: Pick<InboundMailSummary, "status">) =>
  mail.status === "review" || mail.status === "failed";

export const countFor = (counts: InboundCounts | null, filter: InboundFilter): number | null =>
  counts ? FILTER_STATUSES[filter].reduce((sum, status) => sum + (counts[status] ?? 0), 0) : null;

const INBOUND_PATH = "/inbound-mail";

/** Incoming mail of one tab, newest first, refreshed every 15 s (mail keeps arriving). */
export const useInboundMailList = (filter: InboundFilter) => {
  const list = usePaginatedList<InboundMailSummary>(
    INBOUND_PATH,
    { filter },
    { limit: 50, refetchInterval: 15_000 },
  );
  const first = list.data?.pages[0] as { counts?: InboundCounts } | undefined;
  return { ...list, counts: first?.counts ?? null };
};

export const useInboundMail = (id: string) =>
  useQuery({
    queryKey: [INBOUND_PATH, id],
    queryFn: ({ signal }) =>
      api.get<InboundMail>(`${INBOUND_PATH}/${encodeURIComponent(id)}`, undefined, signal),
    // a message still waiting for its turn is looked at again until it is processed
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "received" || status === "processing" ? 3_000 : false;
    },
  });

/** Processes a message under review (or that failed) again; the answer names the new outcome. */
export const useRetryInboundMail = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api.post<{ id: string; outcome: string | null }>(`${INBOUND_PATH}/${encodeURIComponent(id)}/retry`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [INBOUND_PATH] }),
  });
};

/** Closes a message under review without a case: it moves to the ignored ones. */
export const useDismissInboundMail = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api.post<{ id: string; status: "ignored" }>(`${INBOUND_PATH}/${encodeURIComponent(id)}/dismiss`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [INBOUND_PATH] }),
  });
};

/** The header block of the message a case event came from (staff: "show original"). */
export const useOriginalHeaders = (options: { caseId: string; mailId: string; enabled: boolean }) =>
  useQuery({
    queryKey: ["/cases", options.caseId, "emails", options.mailId, "headers"],
    queryFn: ({ signal }) =>
      api.get<OriginalHeaders>(
        `/cases/${encodeURIComponent(options.caseId)}/emails/${encodeURIComponent(options.mailId)}/headers`,
        undefined,
        signal,
      ),
    enabled: options.enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
