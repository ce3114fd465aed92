import type {
  Entity,
  ErrorCode,
  FIELD_ERRORS,
  FieldErrorCode,
  ParamsOf,
  PROBLEM_REASONS,
  ProblemField,
  ProblemReason,
} from "../../api/errors";
import { FIELD_TEXT, PROBLEM_TEXT } from "./problem-text";

/** A code with its parameters, by the names its table declares (none: no params). */
type Coded<Table extends Record<string, readonly string[]>, Key extends keyof Table> = {
  [K in Key]: Table[K] extends readonly [] ? { params?: undefined } : { params: ParamsOf<Table[K]> };
}[Key];

/** Why a request failed, with the parameters its reason declares. */
export type Reason = {
  [R in ProblemReason]: { reason: R } & Coded<typeof PROBLEM_REASONS, R>;
}[ProblemReason];

/** What is wrong with one field; `message` only where a library worded it already (schema validation). */
export type FieldError = {
  [C in FieldErrorCode]: { field: string; code: C; message?: string } & Coded<typeof FIELD_ERRORS, C>;
}[FieldErrorCode];

/** An expected failure raised by a service; the HTTP layer turns it into problem+json. */
export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: ErrorCode,
    readonly why?: Reason,
    readonly errors?: FieldError[],
  ) {
    super(why ? reasonText(why) : code);
  }

  /** The reason in English, for API users. */
  get detail(): string | undefined {
    return this.why ? reasonText(this.why) : undefined;
  }
}

export const reasonText = (why: Reason): string =>
  (PROBLEM_TEXT[why.reason] as (params: unknown) => string)(why.params ?? {});

/** A field error as the API sends it: its code, params and English message. */
export const toProblemField = (error: FieldError): ProblemField => ({
  field: error.field,
  message: error.message ?? (FIELD_TEXT[error.code] as (params: unknown) => string)(error.params ?? {}),
  code: error.code,
  ...(error.params ? { params: error.params } : {}),
});

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
  support_policy: 422,
  held_request_not_entitled: 422,
  hour_bank_refused: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal: 500,
  service_unavailable: 503,
  insufficient_storage: 507,
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
  held_request_not_entitled: "The request cannot become a case yet",
  hour_bank_refused: "The hour bank does not allow this",
  not_lapsed: "The system has a current or upcoming contract",
  no_previous_contract: "The system never had a contract",
  quote_changed: "The quote changed; quote again",
  not_authorized_contact: "Only authorized contacts may open cases",
  version_conflict: "Someone else changed this first",
  invalid_transition: "That status change is not allowed",
  support_policy: "The support policy does not allow this",
  payload_too_large: "The request is too large",
  unsupported_media_type: "Unsupported content type",
  too_many_requests: "Too many requests",
  internal: "Internal error",
  service_unavailable: "Service unavailable",
  insufficient_storage: "Insufficient storage",
} as const satisfies Record<ErrorCode, string>;

/** An error and the causes it wraps, outermost first (a few levels: a cycle must not hang us). */
export function* errorChain(error: unknown): Generator<{ code?: unknown; message?: unknown }> {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    yield e as { code?: unknown; message?: unknown };
    e = (e as { cause?: unknown }).cause;
  }
}

export const notFound = (entity: Entity): AppError =>
  new AppError("not_found", { reason: "not_found", params: { entity } });

/** A 400 with one field error and the reason that words it for the whole request. */
export const invalidField = (why: Reason | undefined, error: FieldError): AppError =>
  new AppError("validation_failed", why, [error]);
