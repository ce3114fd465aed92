import { timingSafeEqual } from "node:crypto";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import type { ErrorCode, Problem } from "../../api/errors";
import type { Actor } from "./actor";
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

/** One error handler: every failure leaves as RFC 9457 problem+json; 5xx never show internals. */
export const installErrorHandling = (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return sendProblem(reply, error.code, { why: error.why, errors: error.errors });
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
      return sendProblem(reply, "validation_failed", {
        detail: errors
          .map(toProblemField)
          .map((e) => `${e.field}: ${e.message}`)
          .join("; "),
        errors,
      });
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
    request.log.error({ err: error }, "unhandled error");
    return sendProblem(reply, "internal", {
      why: { reason: "internal_reference", params: { reference: request.id } },
    });
  });
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
