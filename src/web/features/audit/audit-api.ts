import { useQuery } from "@tanstack/react-query";
import { type AuditEntry, MAX_AUDIT_RANGE_YEARS } from "../../../api/audit";
import type { StaffUser } from "../../../api/users";
import { api, type Page } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";

export type { AuditEntry };

/** The filters as the URL keeps them: the period as local dates of the viewer, both days included. */
export type AuditFilterValues = {
  entity: string | null;
  action: string | null;
  actorId: string | null;
  organizationId: string | null;
  from: string | null;
  to: string | null;
  q: string;
};

/** What is wrong with the period before asking: the end before the start, or more than five years. */
export type PeriodProblem = "reversed" | "tooLong" | null;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A local date's first instant in the viewer's zone. */
const startOfDay = (date: string) => new Date(`${date}T00:00:00`);
const nextDay = (date: string) => {
  const day = startOfDay(date);
  day.setDate(day.getDate() + 1);
  return day;
};

/** The period as the API's instants: from the first day's start to the start of the day after the last. */
export const periodOf = (values: Pick<AuditFilterValues, "from" | "to">) => {
  const from = values.from && DATE.test(values.from) ? startOfDay(values.from) : null;
  const to = values.to && DATE.test(values.to) ? nextDay(values.to) : null;
  let problem: PeriodProblem = null;
  if (from && to) {
    const latest = new Date(from);
    latest.setFullYear(latest.getFullYear() + MAX_AUDIT_RANGE_YEARS);
    if (to <= from) problem = "reversed";
    else if (to > latest) problem = "tooLong";
  }
  return { from: from?.toISOString() ?? null, to: to?.toISOString() ?? null, problem };
};

/** The audit log, newest first, with the filters the URL holds; nothing is asked while the period is wrong. */
export const useAuditLog = (values: AuditFilterValues) => {
  const period = periodOf(values);
  const list = usePaginatedList<AuditEntry>(
    "/audit",
    {
      entity: values.entity,
      action: values.action,
      actorId: values.actorId,
      organizationId: values.organizationId,
      from: period.from,
      to: period.to,
      q: values.q || null,
    },
    // a log grows while it is read: kept current like the outbox
    { limit: 50, enabled: period.problem === null, refetchInterval: 30_000 },
  );
  return { list, problem: period.problem };
};

/** Staff, inactive ones too: who may have changed something. */
export const useStaffActors = () =>
  useQuery({
    queryKey: ["/users", "audit-actors"],
    queryFn: ({ signal }) => api.get<Page<StaffUser>>("/users", { limit: 200 }, signal),
    select: (page) => page.items,
    staleTime: 5 * 60_000,
  });
