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

/**
 * One line: no control characters at all (line breaks and tabs included), no bidirectional overrides. Names,
 * subjects and titles reach mail headers, file names and CSV cells, where a line break would start another
 * header or row.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
const NOT_ONE_LINE = /[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
export const isOneLine = (s: string) => !NOT_ONE_LINE.test(s);
const oneLineIssue = {
  message: "must be one line without control characters",
  params: { code: "control_characters" },
} as const;

export const nameSchema = z.string().trim().min(1).max(200).refine(isOneLine, oneLineIssue);
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

/** One line of plain text (a subject, a title); see `isOneLine`. */
export const oneLineText = (max: number) => z.string().max(max).refine(isOneLine, oneLineIssue);

/** Plain text only: no control characters other than newlines and tabs, no bidirectional overrides. */
export const plainText = (max: number) =>
  z
    .string()
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/.test(s), {
      message: "contains control characters",
      params: { code: "control_characters" },
    });
