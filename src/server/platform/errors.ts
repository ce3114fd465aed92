import type { ErrorCode } from "../../api/errors";

export type FieldError = { field: string; message: string };

/** An expected failure raised by a service; the HTTP layer turns it into problem+json. */
export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(detail ?? code);
  }
}

/** One exhaustive map: a new code does not compile without its status. */
export const ERROR_STATUS = {
  validation_failed: 400,
  malformed_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  contract_overlap: 409,
  later_contract_exists: 409,
  seat_limit_reached: 409,
  already_authorized: 409,
  training_required: 422,
  contact_not_eligible: 422,
  not_lapsed: 409,
  no_previous_contract: 409,
  quote_changed: 409,
  not_authorized_contact: 403,
  version_conflict: 409,
  invalid_transition: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal: 500,
  service_unavailable: 503,
} as const satisfies Record<ErrorCode, number>;

export const ERROR_TITLES = {
  validation_failed: "The request is not valid",
  malformed_request: "The request could not be read",
  unauthenticated: "Sign-in required",
  invalid_credentials: "Wrong email or password",
  csrf_failed: "Missing or wrong CSRF token",
  forbidden: "Your role may not do this",
  not_found: "Not found",
  conflict: "Conflicts with existing data",
  contract_overlap: "Overlaps another contract of the system",
  later_contract_exists: "A later contract already exists",
  seat_limit_reached: "The plan's authorized-contact limit is reached",
  already_authorized: "Already an authorized contact",
  training_required: "A formal training record is required",
  contact_not_eligible: "The contact cannot be authorized on this contract",
  not_lapsed: "The system has a current or upcoming contract",
  no_previous_contract: "The system never had a contract",
  quote_changed: "The quote changed; quote again",
  not_authorized_contact: "Only authorized contacts may open cases",
  version_conflict: "Someone else changed this first",
  invalid_transition: "That status change is not allowed",
  payload_too_large: "The request is too large",
  unsupported_media_type: "Unsupported content type",
  too_many_requests: "Too many requests",
  internal: "Internal error",
  service_unavailable: "Service unavailable",
} as const satisfies Record<ErrorCode, string>;

export const notFound = (what: string): AppError => new AppError("not_found", `${what} not found`);
