import { z } from "zod";

export const idSchema = z.uuid({ message: "must be a UUID" });
export const idParamsSchema = z.strictObject({ id: idSchema });

export const MAX_PAGE_SIZE = 200;
export const paginationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  cursor: z.string().max(512).optional(),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
    nextCursor: z.string().nullable(),
  });

/** Free-text search term for list endpoints. */
export const searchQuerySchema = z.string().trim().max(200).optional();

export const timestampSchema = z.iso.datetime({ offset: true });
export const localDateSchema = z.iso.date();

export const isValidTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
};
export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isValidTimeZone, {
    message: "must be an IANA time zone such as America/Mexico_City",
    params: { code: "time_zone" },
  });

export const nameSchema = z.string().trim().min(1).max(200);
export const emailSchema = z
  .email({ message: "must be an email address" })
  .max(254)
  .transform((s) => s.toLowerCase());
export const phoneSchema = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9 ()\-.]{3,30}(\s*(ext\.?|x)\s*\d{1,6})?$/i, {
    message: "must be a phone number such as +52 55 3683 0774 ext 12",
  });

/** Plain text only: no control characters other than newlines and tabs, no bidirectional overrides. */
export const plainText = (max: number) =>
  z
    .string()
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/.test(s), {
      message: "contains control characters",
    });
