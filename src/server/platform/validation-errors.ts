import { FIELD_ERRORS, type FieldErrorCode } from "../../api/errors";
import type { FieldError } from "./errors";

/** One schema-validation issue as fastify-type-provider-zod hands it over. */
type Issue = { keyword: string; message?: string | undefined; params: Record<string, unknown> };

const isFieldCode = (value: unknown): value is FieldErrorCode =>
  typeof value === "string" && Object.hasOwn(FIELD_ERRORS, value);

const isList = (origin: unknown) => origin === "array" || origin === "set";
const smallCode = (origin: unknown) =>
  origin === "string" ? "too_short" : isList(origin) ? "too_few" : "too_small";
const bigCode = (origin: unknown) =>
  origin === "string" ? "too_long" : isList(origin) ? "too_many" : "too_big";

const asParam = (value: unknown) => (typeof value === "number" ? value : String(value));

/**
 * A zod issue as a field error with a code the web can word: the kind of mistake and its limits. The
 * English message stays zod's own (or the schema's, where it wrote one); a schema names a code of ours in
 * its refinement's `params.code`.
 */
export const fieldErrorOfIssue = (field: string, issue: Issue): FieldError => {
  const message = issue.message ?? "is not valid";
  const p = issue.params;
  switch (issue.keyword) {
    case "invalid_type":
      return /received undefined$/.test(message)
        ? { field, code: "required", message }
        : { field, code: "invalid_type", params: { expected: asParam(p.expected) }, message };
    case "too_small":
      if (p.origin === "string" && Number(p.minimum) === 1) return { field, code: "required", message };
      return { field, code: smallCode(p.origin), params: { minimum: asParam(p.minimum) }, message };
    case "too_big":
      return { field, code: bigCode(p.origin), params: { maximum: asParam(p.maximum) }, message };
    case "invalid_format":
      return { field, code: "invalid_format", params: { format: asParam(p.format) }, message };
    case "invalid_value":
      return {
        field,
        code: "invalid_option",
        params: { options: Array.isArray(p.values) ? p.values.join(", ") : "" },
        message,
      };
    case "custom": {
      const code = (p.params as { code?: unknown } | undefined)?.code;
      if (isFieldCode(code) && FIELD_ERRORS[code].length === 0) return { field, code, message } as FieldError;
      return { field, code: "invalid", message };
    }
    default:
      return { field, code: "invalid", message };
  }
};
