import type { TFunction } from "i18next";
import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "../../../api/webhooks";
import { isHttpsUrl } from "./webhook-words";

export const DESCRIPTION_MAX = 500;
const URL_MAX = 2000;

/** The fields of an endpoint's form, checked as the API will (the server also refuses private addresses). */
export const webhookFormSchema = (t: TFunction) =>
  z.object({
    url: z
      .string()
      .refine((value) => value.trim().length > 0, t("validation.required"))
      .refine((value) => !value.trim() || isHttpsUrl(value), t("webhooks.validation.https"))
      .refine((value) => value.trim().length <= URL_MAX, t("validation.tooLong", { max: URL_MAX })),
    description: z.string().refine((value) => value.trim().length <= DESCRIPTION_MAX, {
      message: t("validation.tooLong", { max: DESCRIPTION_MAX }),
    }),
    organizationId: z.string().nullable(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, t("webhooks.validation.events")),
  });

export type WebhookFormValues = z.infer<ReturnType<typeof webhookFormSchema>>;

/** The form's fields, for placing the server's field errors. */
export const WEBHOOK_FORM_FIELDS = ["url", "description", "organizationId", "events"] as const;
