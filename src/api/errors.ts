import { z } from "zod";

/** Stable error codes of the API; the server maps each to one HTTP status. */
export const ERROR_CODES = [
  "validation_failed",
  "malformed_request",
  "unauthenticated",
  "invalid_credentials",
  "csrf_failed",
  "forbidden",
  "not_found",
  "conflict",
  "contract_overlap",
  "later_contract_exists",
  "seat_limit_reached",
  "already_authorized",
  "training_required",
  "contact_not_eligible",
  "not_lapsed",
  "no_previous_contract",
  "quote_changed",
  "not_authorized_contact",
  "version_conflict",
  "invalid_transition",
  "too_many_requests",
  "payload_too_large",
  "unsupported_media_type",
  "internal",
  "service_unavailable",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const problemFieldSchema = z.object({
  field: z.string(),
  message: z.string(),
});

/** RFC 9457 problem details, with our stable `code`. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.enum(ERROR_CODES),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(problemFieldSchema).optional(),
});
export type Problem = z.infer<typeof problemSchema>;
