import type { TFunction } from "i18next";
import { z } from "zod";
import { emailSchema, nameSchema, phoneSchema } from "../../api/common";

/** A form check that reuses the API's own schema, so the browser and the server agree. */
export const valid = (schema: z.ZodType) => (value: unknown) => schema.safeParse(value).success;

/** Name, email and phone of a person (contact or staff user), with translated messages. */
export const personFields = (t: TFunction) => ({
  name: z
    .string()
    .refine((value) => value.trim().length > 0, t("validation.required"))
    .refine(valid(nameSchema), t("validation.tooLong", { max: 200 })),
  email: z.string().refine((value) => valid(emailSchema)(value.trim()), t("validation.email")),
  phone: z.string().refine((value) => !value.trim() || valid(phoneSchema)(value), t("validation.phone")),
});
