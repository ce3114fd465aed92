import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { Case } from "../../../api/cases";
import type {
  HourEntry,
  HourPackage,
  HourPackageCurrency,
  HourPackageDetail,
  HourPackageStatus,
  logHourEntryBodySchema,
  sellHourPackageBodySchema,
  TimeEntryKind,
} from "../../../api/hour-banks";
import { ApiError, api, type Page } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";
import { problemText } from "../../components/problem-text";

export type SellPackageBody = z.input<typeof sellHourPackageBodySchema>;
export type LogEntryBody = z.input<typeof logHourEntryBodySchema>;
export type { HourEntry, HourPackage, HourPackageDetail, HourPackageStatus, TimeEntryKind };

/*
 * The values, declared here (checked against the API's types) because importing the API's arrays would
 * pull the server's date library into the browser bundle.
 */
export const TIME_ENTRY_KIND_VALUES = [
  "installation",
  "migration",
  "upgrade",
  "tuning",
  "other",
] as const satisfies readonly TimeEntryKind[];
export const PACKAGE_STATUS_VALUES = [
  "active",
  "used_up",
  "expired",
  "upcoming",
] as const satisfies readonly HourPackageStatus[];
export const CURRENCY_VALUES = ["USD", "MXN"] as const satisfies readonly HourPackageCurrency[];

export const hourBankKeys = {
  detail: (id: string) => ["/hour-banks", "package", id] as const,
};

/** Every hour-bank query's key starts with a path under "/hour-banks": lists, packages and entries. */
const isHourBankQuery = (query: { queryKey: readonly unknown[] }) =>
  String(query.queryKey[0]).startsWith("/hour-banks");

export const useHourPackages = (filters: {
  organizationId?: string | null;
  status?: HourPackageStatus | null;
}) =>
  usePaginatedList<HourPackage>("/hour-banks/packages", {
    organizationId: filters.organizationId,
    status: filters.status,
  });

export const useHourPackage = (id: string) =>
  useQuery({
    queryKey: hourBankKeys.detail(id),
    queryFn: ({ signal }) => api.get<HourPackageDetail>(`/hour-banks/packages/${id}`, undefined, signal),
  });

/** The entries that took hours from a package, newest work first. */
export const usePackageEntries = (id: string) =>
  usePaginatedList<HourEntry>(`/hour-banks/packages/${id}/entries`, {}, { limit: 25 });

/** The entries of an organization (a customer's: their own), newest work first. */
export const useHourEntries = (organizationId?: string | null) =>
  usePaginatedList<HourEntry>("/hour-banks/entries", { organizationId }, { limit: 25 });

/** The organization's latest cases, to link an entry to one. */
export const useOrganizationCases = (organizationId: string | null) =>
  useQuery({
    queryKey: ["/cases", "hour-bank-link", organizationId],
    queryFn: ({ signal }) => api.get<Page<Case>>("/cases", { organizationId, limit: 50 }, signal),
    enabled: Boolean(organizationId),
  });

const useHourBankChanged = () => {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ predicate: isHourBankQuery });
};

export const useSellPackage = () => {
  const onSuccess = useHourBankChanged();
  return useMutation({
    mutationFn: (body: SellPackageBody) => api.post<HourPackageDetail>("/hour-banks/packages", body),
    onSuccess,
  });
};

export const useLogEntry = () => {
  const onSuccess = useHourBankChanged();
  return useMutation({
    mutationFn: (body: LogEntryBody) => api.post<HourEntry>("/hour-banks/entries", body),
    onSuccess,
  });
};

/** The hour bank's own refusal (no current contract, beyond the balance, after expiry), worded; else null. */
export const refusalText = (error: unknown): string | null =>
  error instanceof ApiError && error.code === "hour_bank_refused" ? problemText(error.problem) : null;

/** A refusal a manager may override with a reason: beyond the balance, or a day no package covers. */
export const isOverridable = (error: unknown): boolean =>
  error instanceof ApiError &&
  (error.problem?.reason === "hour_bank_beyond_balance" ||
    error.problem?.reason === "hour_bank_no_valid_package");
