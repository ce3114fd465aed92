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
  "support_policy",
  "too_many_requests",
  "payload_too_large",
  "unsupported_media_type",
  "internal",
  "service_unavailable",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Why a request failed, finer than its code, with the names of its parameters. The `detail` of a problem
 * is this reason in English, for API users; the web words it from its catalogs (`problems.<reason>`).
 */
export const PROBLEM_REASONS = {
  sign_in_required: [],
  role_forbidden: ["role", "permission"],
  csrf_token_required: [],
  sign_in_throttled: [],
  wrong_credentials: [],
  wrong_current_password: [],
  not_found: ["entity"],
  invalid_cursor: [],
  invalid_json: [],
  internal_reference: ["reference"],
  organization_name_taken: [],
  organization_rfc_taken: [],
  email_taken: [],
  product_name_taken: [],
  module_name_taken: [],
  release_version_taken: [],
  system_name_taken: [],
  last_admin: [],
  account_executive_invalid: [],
  assignee_invalid: [],
  case_closed: [],
  case_changed: [],
  triage_reason_required: ["suggested"],
  transition_not_allowed: ["from", "to", "allowed"],
  reopen_window_passed: ["from", "to", "allowed"],
  requester_required: [],
  requester_must_be_self: [],
  authorized_contacts_only: [],
  multipart_file_expected: [],
  one_file_per_request: [],
  file_missing: [],
  imap_password_required: [],
  notification_ids_required: [],
  release_version_format: [],
  release_kind_mismatch: ["version", "expected"],
  modules_of_other_product: [],
  organization_unknown: [],
  product_unknown: [],
  system_unknown: [],
  plan_unknown: ["plan"],
  plan_invalid: ["problem"],
  calendar_unknown: ["field", "calendar"],
  contact_not_customer: [],
  training_in_future: [],
  training_expiry_before_completion: [],
  seat_limit: ["plan", "limit"],
  already_authorized: ["name", "number"],
  no_training: ["name"],
  contact_of_another_organization: ["name", "organization"],
  contact_inactive: ["name"],
  contract_overlap: ["number", "startDate", "endDate"],
  contract_overlap_dates: [],
  end_before_start: [],
  term_under_one_year: ["minimumEnd"],
  end_not_a_date: [],
  later_contract_exists: ["number", "startDate", "renewed"],
  never_had_contract: [],
  contract_covers_system: ["number", "startDate", "endDate"],
  not_ended_on_date: [],
  quote_changed: ["total", "expected"],
  held_request_released: [],
  escalation_unknown_plans: ["plans"],
  eol_notice_too_short: ["major", "earliest"],
  eol_end_before_announcement: ["major"],
  eol_line_supported: ["major"],
  eol_line_not_released: ["major"],
  eol_already_announced: ["major"],
} as const satisfies Record<string, readonly string[]>;
export type ProblemReason = keyof typeof PROBLEM_REASONS;

/** What a field's value is wrong by, with its parameters; the web words it (`fieldErrors.<code>`). */
export const FIELD_ERRORS = {
  required: [],
  required_for_staff: [],
  unknown_field: [],
  invalid: [],
  invalid_type: ["expected"],
  too_short: ["minimum"],
  too_long: ["maximum"],
  too_small: ["minimum"],
  too_big: ["maximum"],
  too_few: ["minimum"],
  too_many: ["maximum"],
  invalid_format: ["format"],
  invalid_option: ["options"],
  time_zone: [],
  taken: ["entity"],
  taken_in_product: ["entity"],
  taken_in_organization: ["entity"],
  wrong: [],
  not_found: ["entity"],
  not_active_staff: [],
  not_active_account_executive: [],
  not_customer_contact: [],
  must_be_yourself: [],
  one_file_only: [],
  reason_required: ["suggested"],
  version_format: [],
  release_kind: ["expected", "version"],
  modules_of_product: [],
  unknown_calendar: ["allowed"],
  in_future: [],
  before: ["other"],
  term_under_one_year: ["minimumEnd"],
  not_a_date: [],
  unknown_plans: ["plans"],
  earliest_end_of_support: ["earliest"],
  invalid_cursor: [],
  required_unless_all: [],
} as const satisfies Record<string, readonly string[]>;
export type FieldErrorCode = keyof typeof FIELD_ERRORS;

/** What a not-found problem could not find (`params.entity`, `not_found` field errors). */
export const ENTITIES = [
  "api_token",
  "attachment",
  "authorized_contact",
  "captured_mail",
  "case",
  "contact",
  "contract",
  "customer_system",
  "system",
  "held_request",
  "message",
  "reviewable_message",
  "module",
  "organization",
  "outbox_message",
  "plan",
  "product",
  "release",
  "training_record",
  "user",
] as const;
export type Entity = (typeof ENTITIES)[number];

/** The parameters of a reason (or field code) by the names it declares. */
export type ParamsOf<Names extends readonly string[]> = { [K in Names[number]]: string | number };
export const paramsSchema = z.record(z.string(), z.union([z.string(), z.number()]));

const keysOf = <T extends Record<string, unknown>>(record: T) =>
  Object.keys(record) as [keyof T & string, ...(keyof T & string)[]];

export const problemFieldSchema = z.object({
  field: z.string(),
  /** In English, for API users. */
  message: z.string(),
  code: z.enum(keysOf(FIELD_ERRORS)),
  params: paramsSchema.optional(),
});
export type ProblemField = z.infer<typeof problemFieldSchema>;

/** RFC 9457 problem details, with our stable `code` and, where there is one, the `reason` and its params. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.enum(ERROR_CODES),
  /** The reason in English, for API users. */
  detail: z.string().optional(),
  reason: z.enum(keysOf(PROBLEM_REASONS)).optional(),
  params: paramsSchema.optional(),
  instance: z.string().optional(),
  errors: z.array(problemFieldSchema).optional(),
});
export type Problem = z.infer<typeof problemSchema>;
