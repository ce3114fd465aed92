import type { FormErrors } from "@mantine/form";
import { ApiError } from "../app/api-client";
import { describeError } from "./notify";

/**
 * Puts the server's per-field errors on the form (`emailDomains.0` → the `emailDomains` field)
 * and returns the sentence to show above the form, or null when every error found its field.
 */
export const applyServerErrors = (
  form: { errors: FormErrors; setErrors: (errors: FormErrors) => void },
  error: unknown,
  options: { fields: readonly string[]; rename?: Record<string, string> } = { fields: [] },
): string => {
  const general = describeError(error);
  if (!(error instanceof ApiError) || !error.problem) return general;
  const { detail, errors } = error.problem;
  const unplaced: string[] = [];
  const byField: Record<string, string> = {};
  for (const fieldError of errors ?? []) {
    const path = fieldError.field.split(".");
    const head = path[0] ?? "";
    const field = options.rename?.[head] ?? head;
    if (options.fields.includes(field)) {
      byField[field] = byField[field] ? `${byField[field]}; ${fieldError.message}` : fieldError.message;
    } else {
      unplaced.push(fieldError.field ? `${fieldError.field}: ${fieldError.message}` : fieldError.message);
    }
  }
  if (Object.keys(byField).length > 0) form.setErrors({ ...form.errors, ...byField });
  const extra = [detail, ...unplaced].filter(Boolean).join(" · ");
  return extra ? `${general} ${extra}` : general;
};
