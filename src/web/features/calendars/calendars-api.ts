import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  Calendar,
  CalendarYear,
  calendarCreateSchema,
  calendarUpdateSchema,
} from "../../../api/calendars";
import { API_BASE, api } from "../../app/api-client";
import { useAuth } from "../../app/auth-context";
import { usePlans } from "../plans/plans-api";

export type { Calendar, CalendarYear };
export type CalendarDay = CalendarYear["days"][number];
export type CalendarCreateBody = z.input<typeof calendarCreateSchema>;
export type CalendarUpdateBody = z.input<typeof calendarUpdateSchema>;

const ROOT = "/calendars";
const LIST_KEY = [ROOT, "list"] as const;
const detailKey = (id: string) => [ROOT, "detail", id] as const;
const yearKey = (id: string, year: number) => [ROOT, "year", id, year] as const;

/** The SPEC §5 file of a calendar (the server names it `<id>.json`). */
export const calendarExportUrl = (id: string) => `${API_BASE}${ROOT}/${encodeURIComponent(id)}/export`;

const path = (id: string) => `${ROOT}/${encodeURIComponent(id)}`;

/** Every calendar (a handful: no pagination). */
export const useCalendars = (enabled = true) =>
  useQuery({
    queryKey: LIST_KEY,
    queryFn: ({ signal }) => api.get<{ items: Calendar[] }>(ROOT, undefined, signal),
    enabled,
  });

/**
 * One calendar. While the running cases on it are being recomputed after an edit, it is asked again every
 * two seconds, so the page shows the count grow and then the end.
 */
export const useCalendar = (id: string) =>
  useQuery({
    queryKey: detailKey(id),
    queryFn: ({ signal }) => api.get<Calendar>(path(id), undefined, signal),
    refetchInterval: (query) => (query.state.data?.recomputation?.status === "running" ? 2_000 : false),
  });

/** The holidays of one year, with the rules that make them and the rule dates an admin took out. */
export const useCalendarYear = (id: string, year: number) =>
  useQuery({
    queryKey: yearKey(id, year),
    queryFn: ({ signal }) => api.get<CalendarYear>(`${path(id)}/year`, { year }, signal),
    placeholderData: (previous) => (previous?.calendarId === id ? previous : undefined),
  });

/** After any change: the calendar as the server answered it, and the lists and years that show it. */
const useCalendarSaved = () => {
  const queryClient = useQueryClient();
  return (calendar: Calendar) => {
    queryClient.setQueryData(detailKey(calendar.id), calendar);
    void queryClient.invalidateQueries({ queryKey: LIST_KEY });
    void queryClient.invalidateQueries({ queryKey: [ROOT, "year", calendar.id] });
  };
};

export const useCreateCalendar = () => {
  const onSuccess = useCalendarSaved();
  return useMutation({
    mutationFn: (body: CalendarCreateBody) => api.post<Calendar>(ROOT, body),
    onSuccess,
  });
};

/** Replaces the whole definition; 409 `version_conflict` when someone else saved since `version`. */
export const useUpdateCalendar = (id: string) => {
  const onSuccess = useCalendarSaved();
  return useMutation({
    mutationFn: (body: CalendarUpdateBody) => api.put<Calendar>(path(id), body),
    onSuccess,
  });
};

export const useDeleteCalendar = (id: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(path(id)),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: detailKey(id) });
      queryClient.removeQueries({ queryKey: [ROOT, "year", id] });
      void queryClient.invalidateQueries({ queryKey: LIST_KEY });
    },
  });
};

/**
 * Makes one date a holiday (an added date, or a rule date put back), or takes one out (an added date
 * removed, or a rule date kept as a working day).
 */
export const useCalendarHoliday = (id: string) => {
  const onSuccess = useCalendarSaved();
  return useMutation({
    mutationFn: ({ date, holiday }: { date: string; holiday: boolean }) =>
      holiday
        ? api.put<Calendar>(`${path(id)}/holidays/${date}`, undefined)
        : api.delete<Calendar>(`${path(id)}/holidays/${date}`),
    onSuccess,
  });
};

/** The names of plans by id, for those who may read plans; the ids otherwise. */
export const usePlanNames = () => {
  const { can } = useAuth();
  const plans = usePlans(can("plans:read"));
  return (ids: readonly string[]) =>
    ids.map((id) => plans.data?.items.find((plan) => plan.id === id)?.name ?? id);
};
