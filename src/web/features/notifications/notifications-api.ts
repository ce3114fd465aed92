import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  markReadResultSchema,
  NOTIFICATION_KINDS,
  Notification,
  notificationPageSchema,
  notificationPreferencesSchema,
  WARNING_DELIVERIES,
} from "../../../api/notifications";
import { api } from "../../app/api-client";
import { usePaginatedList } from "../../app/use-paginated-list";

export type { Notification };
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type NotificationPage = z.infer<typeof notificationPageSchema>;
export type MarkReadResult = z.infer<typeof markReadResultSchema>;
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;
export type WarningDelivery = (typeof WARNING_DELIVERIES)[number];

/* The API's lists as values, checked against its types (the API's arrays would pull the domain in). */
export const WARNING_DELIVERY_VALUES = ["immediate", "digest"] as const satisfies readonly WarningDelivery[];

/** Every notification query starts with "/notifications": one invalidation refreshes the bell and the page. */
export const notificationKeys = {
  all: ["/notifications"] as const,
  unreadCount: ["/notifications", "unread-count"] as const,
  latest: (limit: number) => ["/notifications", "latest", limit] as const,
  preferences: ["/notification-preferences"] as const,
};

/** How often the bell asks for the unread count. */
export const UNREAD_POLL_MS = 30_000;

export const useUnreadCount = () =>
  useQuery({
    queryKey: notificationKeys.unreadCount,
    queryFn: ({ signal }) => api.get<{ unread: number }>("/notifications/unread-count", undefined, signal),
    refetchInterval: UNREAD_POLL_MS,
    select: (data) => data.unread,
  });

/** The newest few, for the bell's list (fetched while it is open). */
export const useLatestNotifications = (limit: number, enabled: boolean) =>
  useQuery({
    queryKey: notificationKeys.latest(limit),
    queryFn: ({ signal }) => api.get<NotificationPage>("/notifications", { limit }, signal),
    enabled,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });

export const useNotifications = (filters: { unreadOnly: boolean }) =>
  usePaginatedList<Notification>(
    "/notifications",
    { unread: filters.unreadOnly ? "true" : undefined },
    { limit: 30, refetchInterval: UNREAD_POLL_MS },
  );

/** Marks some (ids) or all read; the answer's unread count goes straight to the bell. */
export const useMarkRead = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: string[] } | { all: true }) =>
      api.post<MarkReadResult>("/notifications/read", body),
    onSuccess: (result) => {
      queryClient.setQueryData(notificationKeys.unreadCount, { unread: result.unread });
      void queryClient.invalidateQueries({
        queryKey: notificationKeys.all,
        predicate: (query) => query.queryKey[1] !== "unread-count",
      });
    },
  });
};

export const useNotificationPreferences = (enabled = true) =>
  useQuery({
    queryKey: notificationKeys.preferences,
    queryFn: ({ signal }) => api.get<NotificationPreferences>("/notification-preferences", undefined, signal),
    enabled,
  });

export const useSaveNotificationPreferences = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationPreferences) =>
      api.put<NotificationPreferences>("/notification-preferences", body),
    onSuccess: (saved) => queryClient.setQueryData(notificationKeys.preferences, saved),
  });
};
