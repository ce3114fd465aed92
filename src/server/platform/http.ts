import { timingSafeEqual } from "node:crypto";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import type { ErrorCode, Problem } from "../../api/errors";
import type { Actor } from "./actor";
import { databaseFailureOf } from "./database-errors";
import {
  AppError,
  ERROR_STATUS,
  ERROR_TITLES,
  type FieldError,
  type Reason,
  reasonText,
  toProblemField,
} from "./errors";
import { fieldErrorOfIssue } from "./validation-errors";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export const sendProblem = (
  reply: FastifyReply,
  code: ErrorCode,
  options: {
    why?: Reason | undefined;
    /** English text where no reason of ours applies (a library's own message). */
    detail?: string | undefined;
    errors?: FieldError[] | undefined;
    instance?: string;
  } = {},
) => {
  const status = ERROR_STATUS[code];
  const detail = options.why ? reasonText(options.why) : options.detail;
  const body: Problem = {
    type: `about:blank#${code}`,
    title: ERROR_TITLES[code],
    status,
    code,
    ...(detail ? { detail } : {}),
    ...(options.why ? { reason: options.why.reason } : {}),
    ...(options.why?.params ? { params: options.why.params } : {}),
    ...(options.instance ? { instance: options.instance } : {}),
    ...(options.errors?.length ? { errors: options.errors.map(toProblemField) } : {}),
  };
  return reply.status(status).type(PROBLEM_CONTENT_TYPE).serializer(JSON.stringify).send(body);
};

/** "body" fields are named bare ("name"), others with their part ("querystring.limit"). */
const fieldPath = (prefix: string, instancePath: string) =>
  [prefix === "body" ? "" : prefix, ...instancePath.split("/").filter(Boolean)]
    .join(".")
    .replace(/^\./, "") || prefix;

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_BODY_TOO_LARGE: "payload_too_large",
  FST_ERR_CTP_EMPTY_JSON_BODY: "malformed_request",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "malformed_request",
  FST_ERR_CTP_INVALID_JSON_BODY: "malformed_request",
  FST_REQ_FILE_TOO_LARGE: "payload_too_large",
  FST_FILES_LIMIT: "validation_failed",
  FST_PARTS_LIMIT: "validation_failed",
  FST_FIELDS_LIMIT: "validation_failed",
  FST_INVALID_MULTIPART_CONTENT_TYPE: "unsupported_media_type",
};

const describeFields = (errors: FieldError[] | undefined) =>
  errors?.length
    ? errors
        .map(toProblemField)
        .map((e) => `${e.field}: ${e.message}`)
        .join("; ")
    : undefined;

/** One error handler: every failure leaves as RFC 9457 problem+json; 5xx never show internals. */
export const installErrorHandling = (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return sendProblem(reply, error.code, {
        why: error.why,
        // field errors without a reason read like schema failures: "field: message; …"
        detail: error.why ? undefined : describeFields(error.errors),
        errors: error.errors,
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const prefix = error.validationContext ?? "body";
      const errors = error.validation.flatMap((v): FieldError[] => {
        const unknownKeys =
          v.keyword === "unrecognized_keys" ? (v.params.keys as string[] | undefined) : undefined;
        if (unknownKeys?.length) {
          const parent = fieldPath(prefix, v.instancePath);
          return unknownKeys.map((key) => ({
            field: parent === prefix && prefix === "body" ? key : `${parent}.${key}`,
            code: "unknown_field",
          }));
        }
        return [fieldErrorOfIssue(fieldPath(prefix, v.instancePath), v)];
      });
      return sendProblem(reply, "validation_failed", { detail: describeFields(errors), errors });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, "response does not match its schema");
      return sendProblem(reply, "internal");
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) return sendProblem(reply, mapped, { detail: error.message });
    if (
      error instanceof SyntaxError ||
      (error.statusCode === 400 && !error.code?.startsWith("FST_ERR_VALIDATION"))
    ) {
      return sendProblem(reply, "malformed_request", { why: { reason: "invalid_json" } });
    }
    if (error.statusCode === 429) return sendProblem(reply, "too_many_requests", { detail: error.message });
    if (error.statusCode === 404) return sendProblem(reply, "not_found");
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, "malformed_request", { detail: error.message });
    }
    const database = databaseFailureOf(error);
    if (database === "unavailable") {
      request.log.warn({ err: error }, "database unavailable");
      reply.header("retry-after", "5");
      return sendProblem(reply, "service_unavailable", { why: { reason: "database_unavailable" } });
    }
    if (database === "storage_full") {
      request.log.error({ err: error }, "database storage full");
      return sendProblem(reply, "insufficient_storage", { why: { reason: "storage_full" } });
    }
    request.log.error({ err: error }, "unhandled error");
    return sendProblem(reply, "internal", {
      why: { reason: "internal_reference", params: { reference: request.id } },
    });
  });
};

/** How deep a JSON body may nest: our schemas need a few levels; thousands are only an attack. */
export const MAX_JSON_DEPTH = 32;
const MAX_TEXT_ERRORS = 20;

/** A key as a field name: a NUL in a key itself is shown, not sent. */
const keyName = (key: string) => key.replaceAll("\u0000", "\\0");

/** Half of a UTF-16 surrogate pair without its other half: no character at all, and refused by jsonb. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a text wherever it is sent, or nothing. */
const textError = (field: string, text: string): FieldError | null =>
  text.includes("\u0000")
    ? { field, code: "control_characters" }
    : LONE_SURROGATE.test(text)
      ? { field, code: "invalid", message: "is not valid UTF-16 text (a lone surrogate)" }
      : null;

/**
 * What no schema of ours can mean, refused before any schema or query sees the request: a body nested
 * deeper than MAX_JSON_DEPTH (400 malformed), and in any string or key of the body, the query or the path
 * a NUL character (a `control_characters` error for the field) or a lone UTF-16 surrogate (`invalid`).
 * PostgreSQL cannot store NUL in text or jsonb, nor a lone surrogate in jsonb (the audit details, the
 * webhook events): either would fail the change's transaction as a 500. The walk is iterative: a body of a
 * megabyte may nest half a million levels.
 */
export const checkInput = (request: FastifyRequest): void => {
  const errors: FieldError[] = [];
  const stack: { value: unknown; field: string; depth: number }[] = [
    { value: request.params, field: "params", depth: 0 },
    { value: request.query, field: "querystring", depth: 0 },
    { value: request.body, field: "", depth: 0 },
  ];
  while (stack.length > 0 && errors.length < MAX_TEXT_ERRORS) {
    const { value, field, depth } = stack.pop()!;
    if (typeof value === "string") {
      const error = textError(field || "body", value);
      if (error) errors.push(error);
      continue;
    }
    if (value === null || typeof value !== "object" || Buffer.isBuffer(value)) continue;
    if (depth >= MAX_JSON_DEPTH) {
      throw new AppError("malformed_request", { reason: "json_too_deep", params: { max: MAX_JSON_DEPTH } });
    }
    for (const [key, item] of Object.entries(value)) {
      const child = field ? `${field}.${keyName(key)}` : keyName(key);
      const error = textError(child, key);
      if (error) errors.push(error);
      stack.push({ value: item, field: child, depth: depth + 1 });
    }
  }
  if (errors.length > 0) {
    throw new AppError("validation_failed", undefined, errors.reverse());
  }
};

/** A read-only API token reads: any other method is refused, whatever the user's role. */
export const checkTokenScope = (request: FastifyRequest): void => {
  if (!request.actor?.readOnly) return;
  if (["GET", "HEAD", "OPTIONS"].includes(request.method)) return;
  throw new AppError("forbidden", { reason: "token_read_only" });
};

/** Cookie-authenticated writes must echo the session's CSRF token; bearer tokens are not sent by browsers. */
export const checkCsrf = (request: FastifyRequest): void => {
  const actor = request.actor;
  if (actor?.via !== "session") return;
  if (["GET", "HEAD", "OPTIONS"].includes(request.method)) return;
  const sent = request.headers["x-csrf-token"];
  const expected = actor.csrfToken ?? "";
  if (
    typeof sent !== "string" ||
    sent.length !== expected.length ||
    !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))
  ) {
    throw new AppError("csrf_failed", { reason: "csrf_token_required" });
  }
};
