import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { devMailListSchema, devMailSchema } from "../../../api/notifications";
import { api } from "../../app/api-client";

export type DevMailList = z.infer<typeof devMailListSchema>;
export type DevMailSummary = DevMailList["items"][number];
export type DevMail = z.infer<typeof devMailSchema>;

const DEV_MAIL_KEY = ["/dev-mail"] as const;

/** Mail captured by the development sink (enabled only when the server has no SMTP_URL). */
export const useDevMailList = () =>
  useQuery({
    queryKey: DEV_MAIL_KEY,
    queryFn: ({ signal }) => api.get<DevMailList>("/dev-mail", undefined, signal),
    refetchInterval: 15_000,
  });

export const useDevMail = (id: string) =>
  useQuery({
    queryKey: [...DEV_MAIL_KEY, id],
    queryFn: ({ signal }) => api.get<DevMail>(`/dev-mail/${encodeURIComponent(id)}`, undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
