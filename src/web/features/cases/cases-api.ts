import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  Attachment,
  CASE_QUEUES,
  CASE_STATUSES,
  Case,
  CaseEvent,
  CaseSummary,
  CHECKLIST_ITEMS,
  Channel,
  caseSettingsSchema,
  createCaseBodySchema,
  Entitlement,
  INTAKE_OUTCOMES,
  intakeRefusalSchema,
  PRIORITIES,
  QueueCounts,
} from "../../../api/cases";
import type { StaffUser } from "../../../api/users";
import { api, type Page } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";

export type CreateCaseBody = z.input<typeof createCaseBodySchema>;
export type HeldIntake = z.infer<typeof intakeRefusalSchema>;
export type CaseSettings = z.infer<typeof caseSettingsSchema>;
export type Priority = (typeof PRIORITIES)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type CaseQueue = (typeof CASE_QUEUES)[number];
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];
export type IntakeOutcome = (typeof INTAKE_OUTCOMES)[number];
export type { Attachment, Case, CaseEvent, CaseSummary, Channel, Entitlement };

/*
 * The API's lists as values. Declared here (checked against the API's types) because importing the
 * API's arrays would pull the server's domain modules into the browser bundle.
 */
export const PRIORITY_VALUES = ["P1", "P2", "P3", "P4"] as const satisfies readonly Priority[];
export const CASE_STATUS_VALUES = [
  "new",
  "open",
  "waiting_on_customer",
  "resolved",
  "closed",
  "held",
] as const satisfies readonly CaseStatus[];
export const CASE_QUEUE_VALUES = [
  "untriaged",
  "escalated",
  "mine",
  "unassigned",
  "due_soon",
  "breached",
  "waiting_on_customer",
] as const satisfies readonly CaseQueue[];
export const CHECKLIST_ITEM_VALUES = [
  "databases",
  "applicationServers",
  "operatingSystems",
  "networks",
  "infrastructure",
  "documentRepositories",
] as const satisfies readonly ChecklistItem[];

/** The largest file the server accepts (10 MB). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Every case query starts with "/cases", so one invalidation refreshes lists, counts and pages. */
export const caseKeys = {
  all: ["/cases"] as const,
  detail: (id: string) => ["/cases", "detail", id] as const,
  timeline: (id: string) => ["/cases", "timeline", id] as const,
  attachments: (id: string) => ["/cases", "attachments", id] as const,
  counts: ["/cases", "counts"] as const,
  entitlements: (contactId: string | null) => ["/entitlements", contactId ?? "me"] as const,
};

export interface CaseFilters {
  q?: string;
  status?: CaseStatus | null;
  organizationId?: string | null;
  queue?: CaseQueue | null;
}

export const useCases = (filters: CaseFilters) =>
  usePaginatedList<CaseSummary>("/cases", {
    q: filters.q,
    status: filters.status,
    organizationId: filters.organizationId,
    queue: filters.queue,
  });

/** How many cases each desk queue holds: one request for every queue, refreshed every minute. */
export const useQueueCounts = (enabled = true) => {
  const counts = useQuery({
    queryKey: caseKeys.counts,
    queryFn: ({ signal }) => api.get<QueueCounts>("/cases/counts", undefined, signal),
    refetchInterval: 60_000,
    enabled,
  });
  return counts.data ?? null;
};

export const useCase = (id: string) =>
  useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: ({ signal }) => api.get<Case>(`/cases/${id}`, undefined, signal),
  });

export const useCaseTimeline = (id: string) =>
  useQuery({
    queryKey: caseKeys.timeline(id),
    queryFn: ({ signal }) => api.get<{ items: CaseEvent[] }>(`/cases/${id}/timeline`, undefined, signal),
  });

export const useCaseAttachments = (id: string) =>
  useQuery({
    queryKey: caseKeys.attachments(id),
    queryFn: ({ signal }) => api.get<{ items: Attachment[] }>(`/cases/${id}/attachments`, undefined, signal),
  });

/** Where a browser downloads an attachment (the server always sends it as a download). */
export const attachmentUrl = (attachment: Pick<Attachment, "caseId" | "id">) =>
  `/api/v1/cases/${attachment.caseId}/attachments/${attachment.id}`;

/** Per system of the contact's organization: may they open a case now? Without a contact: the viewer. */
/** A refused caller is recorded once per person and system (SPEC §3: the attempt is logged). */
const recordedAttempts = new Set<string>();
export const recordRefusedCall = (contactId: string, systemId: string) => {
  const key = `${contactId}:${systemId}`;
  if (recordedAttempts.has(key)) return;
  recordedAttempts.add(key);
  api.post("/intake-attempts", { contactId, systemId }).catch(() => recordedAttempts.delete(key));
};

export const useEntitlements = (contactId: string | null, enabled = true) =>
  useQuery({
    queryKey: caseKeys.entitlements(contactId),
    queryFn: ({ signal }) =>
      api.get<{ items: Entitlement[] }>("/entitlements", { contactId: contactId ?? undefined }, signal),
    enabled,
    staleTime: 0,
  });

/** The same, for several contacts at once (the phone log's list of people), keyed by contact id. */
export const useEntitlementsOf = (contactIds: readonly string[]) =>
  useQueries({
    queries: contactIds.map((contactId) => ({
      queryKey: caseKeys.entitlements(contactId),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<{ items: Entitlement[] }>("/entitlements", { contactId }, signal),
      staleTime: 0,
    })),
    combine: (results) =>
      new Map(
        contactIds.map((contactId, index) => [contactId, results[index]?.data?.items ?? null] as const),
      ),
  });

/** Who works cases: the desk and the product engineers (not sales). */
const ASSIGNABLE_ROLES = new Set<string>(["admin", "manager", "specialist", "technical_staff"]);

/** Active staff who may be assigned a case. */
export const useAssignableStaff = (enabled = true) =>
  useQuery({
    queryKey: ["/users", "assignable"],
    queryFn: ({ signal }) => api.get<Page<StaffUser>>("/users", { limit: 200 }, signal),
    select: (page) => page.items.filter((user) => user.active && ASSIGNABLE_ROLES.has(user.role)),
    enabled,
    staleTime: 5 * 60_000,
  });

/** The desk's case settings (the reopen window); staff only. */
export const useCaseSettings = (enabled = true) =>
  useQuery({
    queryKey: ["/settings/cases"],
    queryFn: ({ signal }) => api.get<CaseSettings>("/settings/cases", undefined, signal),
    enabled,
    staleTime: 5 * 60_000,
  });

export const useUpdateCaseSettings = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CaseSettings) => api.patch<CaseSettings>("/settings/cases", body),
    onSuccess: (settings) => queryClient.setQueryData(["/settings/cases"], settings),
  });
};

/** 201 → the case; 202 → held until a purchase order. */
export type OpenCaseResult = { kind: "opened"; case: Case } | { kind: "held"; held: HeldIntake };

export const useOpenCase = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateCaseBody): Promise<OpenCaseResult> => {
      const result = await api.post<Case | HeldIntake>("/cases", body);
      return "outcome" in result ? { kind: "held", held: result } : { kind: "opened", case: result };
    },
    onSuccess: (result) => {
      if (result.kind === "opened") queryClient.setQueryData(caseKeys.detail(result.case.id), result.case);
      void queryClient.invalidateQueries({ queryKey: caseKeys.all });
      void queryClient.invalidateQueries({ queryKey: ["/held-requests"] });
    },
  });
};

/** A change answers the updated case: keep it, and refresh the lists and the timeline. */
const useCaseChanged = () => {
  const queryClient = useQueryClient();
  return (updated: Case) => {
    queryClient.setQueryData(caseKeys.detail(updated.id), updated);
    void queryClient.invalidateQueries({
      queryKey: caseKeys.all,
      predicate: (query) => query.queryKey[1] !== "detail",
    });
  };
};

export const useReply = (id: string) => {
  const onSuccess = useCaseChanged();
  return useMutation({
    mutationFn: (body: string) => api.post<Case>(`/cases/${id}/replies`, { body }),
    onSuccess,
  });
};

export const useAddNote = (id: string) => {
  const onSuccess = useCaseChanged();
  return useMutation({
    mutationFn: (body: string) => api.post<Case>(`/cases/${id}/notes`, { body }),
    onSuccess,
  });
};

export const useTriage = (id: string) => {
  const onSuccess = useCaseChanged();
  return useMutation({
    mutationFn: (body: { priority: Priority; reason?: string; version: number }) =>
      api.post<Case>(`/cases/${id}/triage`, body),
    onSuccess,
  });
};

export const useChangeStatus = (id: string) => {
  const onSuccess = useCaseChanged();
  return useMutation({
    mutationFn: (body: { status: CaseStatus; version: number }) =>
      api.post<Case>(`/cases/${id}/status`, body),
    onSuccess,
  });
};

export const useAssign = (id: string) => {
  const onSuccess = useCaseChanged();
  return useMutation({
    mutationFn: (body: { assigneeId: string | null; version: number }) =>
      api.post<Case>(`/cases/${id}/assignee`, body),
    onSuccess,
  });
};

export const useUploadAttachment = (id: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, internal = false }: { file: File; internal?: boolean }) => {
      const form = new FormData();
      if (internal) form.append("visibility", "internal");
      form.append("file", file, file.name);
      return api.upload<Attachment>(`/cases/${id}/attachments`, form);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: caseKeys.attachments(id) });
      void queryClient.invalidateQueries({ queryKey: caseKeys.timeline(id) });
    },
  });
};
