import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { imapTestResultSchema, MailSettings, mailSettingsViewSchema } from "../../../api/email";
import { api } from "../../app/api-client";

export type { MailSettings };
export type MailSettingsView = z.infer<typeof mailSettingsViewSchema>;
export type ImapTestResult = z.infer<typeof imapTestResultSchema>;

const MAIL_SETTINGS_KEY = ["/settings/mail"] as const;

/** The email channel's settings; the IMAP password never comes back, only whether one is stored. */
export const useMailSettings = () =>
  useQuery({
    queryKey: MAIL_SETTINGS_KEY,
    queryFn: ({ signal }) => api.get<MailSettingsView>("/settings/mail", undefined, signal),
  });

export const useSaveMailSettings = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MailSettings) => api.put<MailSettingsView>("/settings/mail", body),
    onSuccess: (saved) => queryClient.setQueryData(MAIL_SETTINGS_KEY, saved),
  });
};

/** Signs in to the stored IMAP account and opens its mailbox (the saved settings, not the form's). */
export const useTestImap = () =>
  useMutation({
    mutationFn: () => api.post<ImapTestResult>("/settings/mail/imap-test"),
  });
