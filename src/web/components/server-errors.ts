import type { FormErrors } from "@mantine/form";
import { ApiError } from "../app/api-client";
import { i18n } from "../i18n/i18n";
import { describeError } from "./notify";

/**
 * Puts the server's per-field errors on the form (`emailDomains.0` → the `emailDomains` field)
 * and returns the sentence to show above the form.
 *
 * The server words its messages in English; a conflict ("already used") is shown in the
 * viewer's language, anything else as sent (the form's own checks catch the usual mistakes first).
 */
export const applyServerErrors = (
  form: { errors: FormErrors; setErrors: (errors: FormErrors) => void },
  error: unknown,
  options: { fields: readonly string[]; rename?: Record<string, string> } = { fields: [] },
): string => {
  const general = describeError(error);
  if (!(error instanceof ApiError) || !error.problem) return general;
  const { detail, errors, code } = error.problem;
  const unplaced: string[] = [];
  const byField: Record<string, string> = {};
  for (const fieldError of errors ?? []) {
    const head = fieldError.field.split(".")[0] ?? "";
    const field = options.rename?.[head] ?? head;
    const message = code === "conflict" ? i18n.t("validation.taken") : fieldError.message;
    if (options.fields.includes(field)) {
      byField[field] =
        byField[field] && byField[field] !== message ? `${byField[field]}; ${message}` : message;
    } else {
      unplaced.push(fieldError.field ? `${fieldError.field}: ${fieldError.message}` : fieldError.message);
    }
  }
  const placed = Object.keys(byField).length > 0;
  if (placed) form.setErrors({ ...form.errors, ...byField });
  // the fields tell the story; otherwise add what the server said
  if (placed && unplaced.length === 0) return general;
  const extra = unplaced.length > 0 ? unplaced.join(" · ") : detail;
  return extra ? `${general} ${extra}` : general;
};
