import type { TFunction } from "i18next";
import { z } from "zod";
import { emailSchema } from "../../../api/common";
import { imapSettingsSchema, mailSettingsSchema } from "../../../api/email";
import { valid } from "../../components/form-validation";
import { nearestKnownPath, placeFieldErrors } from "../../components/server-errors";
import type { MailSettings, MailSettingsView } from "./mail-settings-api";

/** The form's values: numbers may be half-typed, the password is empty unless a new one is typed. */
export interface MailSettingsFormValues {
  supportAddresses: string[];
  trustedAuthServIds: string[];
  autoRepliesPerAddressPerDay: number | string;
  loopThreshold: { messages: number | string; minutes: number | string };
  imapEnabled: boolean;
  imap: {
    host: string;
    port: number | string;
    secure: boolean;
    user: string;
    password: string;
    mailbox: string;
    processedMailbox: string;
  };
}

/** Every field an error can sit on (the server's paths, less list indexes). */
export const MAIL_SETTINGS_FIELDS = [
  "supportAddresses",
  "trustedAuthServIds",
  "autoRepliesPerAddressPerDay",
  "loopThreshold.messages",
  "loopThreshold.minutes",
  "imap.host",
  "imap.port",
  "imap.secure",
  "imap.user",
  "imap.password",
  "imap.mailbox",
  "imap.processedMailbox",
] as const;

const NEW_IMAP = {
  host: "",
  port: 993,
  secure: true,
  user: "",
  password: "",
  mailbox: "INBOX",
  processedMailbox: "",
};

export const formValuesOf = (view: MailSettingsView): MailSettingsFormValues => ({
  supportAddresses: view.supportAddresses,
  trustedAuthServIds: view.trustedAuthServIds,
  autoRepliesPerAddressPerDay: view.autoRepliesPerAddressPerDay,
  loopThreshold: { ...view.loopThreshold },
  imapEnabled: view.imap !== null,
  imap: view.imap
    ? {
        host: view.imap.host,
        port: view.imap.port,
        secure: view.imap.secure,
        user: view.imap.user,
        password: "",
        mailbox: view.imap.mailbox,
        processedMailbox: view.imap.processedMailbox ?? "",
      }
    : NEW_IMAP,
});

/** The body of PUT /settings/mail: an empty password keeps the stored one (null). */
export const settingsOf = (values: MailSettingsFormValues): MailSettings => ({
  supportAddresses: values.supportAddresses.map((address) => address.trim().toLowerCase()),
  trustedAuthServIds: values.trustedAuthServIds.map((id) => id.trim().toLowerCase()),
  autoRepliesPerAddressPerDay: Number(values.autoRepliesPerAddressPerDay),
  loopThreshold: {
    messages: Number(values.loopThreshold.messages),
    minutes: Number(values.loopThreshold.minutes),
  },
  imap: values.imapEnabled
    ? {
        host: values.imap.host.trim(),
        port: Number(values.imap.port),
        secure: values.imap.secure,
        user: values.imap.user.trim(),
        password: values.imap.password === "" ? null : values.imap.password,
        mailbox: values.imap.mailbox.trim(),
        processedMailbox: values.imap.processedMailbox.trim() || null,
      }
    : null,
});

const wholeNumber = (value: unknown, min: number, max: number) =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;

const hostSchema = imapSettingsSchema.shape.host;
const relaySchema = mailSettingsSchema.shape.trustedAuthServIds.element;

/** The API's own schemas decide validity; the form adds translated messages (the password is the server's call). */
export const mailSettingsFormSchema = (t: TFunction) =>
  z
    .object({
      supportAddresses: z
        .array(z.string())
        .max(20, t("mailSettings.validation.tooMany", { max: 20 }))
        .refine((list) => list.every(valid(emailSchema)), t("mailSettings.validation.address")),
      trustedAuthServIds: z
        .array(z.string())
        .max(20, t("mailSettings.validation.tooMany", { max: 20 }))
        .refine((list) => list.every(valid(relaySchema)), t("mailSettings.validation.relay")),
      autoRepliesPerAddressPerDay: z
        .unknown()
        .refine(
          (v) => wholeNumber(v, 0, 100),
          t("mailSettings.validation.wholeNumber", { min: 0, max: 100 }),
        ),
      loopThreshold: z.object({
        messages: z
          .unknown()
          .refine(
            (v) => wholeNumber(v, 1, 10_000),
            t("mailSettings.validation.wholeNumber", { min: 1, max: 10_000 }),
          ),
        minutes: z
          .unknown()
          .refine(
            (v) => wholeNumber(v, 1, 1440),
            t("mailSettings.validation.wholeNumber", { min: 1, max: 1440 }),
          ),
      }),
      imapEnabled: z.boolean(),
      imap: z.object({
        host: z.string(),
        port: z.unknown(),
        secure: z.boolean(),
        user: z.string(),
        password: z.string(),
        mailbox: z.string(),
        processedMailbox: z.string(),
      }),
    })
    .superRefine((values, ctx) => {
      if (!values.imapEnabled) return;
      const { imap } = values;
      const issue = (field: string, message: string) =>
        ctx.addIssue({ code: "custom", path: ["imap", field], message });
      if (!imap.host.trim()) issue("host", t("validation.required"));
      else if (!valid(hostSchema)(imap.host)) issue("host", t("mailSettings.validation.host"));
      if (!wholeNumber(imap.port, 1, 65535))
        issue("port", t("mailSettings.validation.wholeNumber", { min: 1, max: 65535 }));
      if (!imap.user.trim()) issue("user", t("validation.required"));
      else if (imap.user.trim().length > 200) issue("user", t("validation.tooLong", { max: 200 }));
      if (imap.password.length > 500) issue("password", t("validation.tooLong", { max: 500 }));
      if (!imap.mailbox.trim()) issue("mailbox", t("validation.required"));
      else if (imap.mailbox.trim().length > 200) issue("mailbox", t("validation.tooLong", { max: 200 }));
      if (imap.processedMailbox.trim().length > 200)
        issue("processedMailbox", t("validation.tooLong", { max: 200 }));
    });

/**
 * The server's field errors on the nearest form field ("supportAddresses.2" → the addresses,
 * "imap.password" → the password); the others come back as lines for the whole form.
 */
export const placeServerErrors = (error: unknown) =>
  placeFieldErrors(error, nearestKnownPath(new Set<string>(MAIL_SETTINGS_FIELDS)));
