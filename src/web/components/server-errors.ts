import type { FormErrors } from "@mantine/form";
import { ApiError } from "../app/api-client";
import { describeError } from "./notify";
import { fieldErrorText, problemText } from "./problem-text";

/**
 * Puts the server's per-field errors on the form (`emailDomains.0` → the `emailDomains` field)
 * and returns the sentence to show above the form. Both are worded from the codes the server sends,
 * in the viewer's language.
 */
export const applyServerErrors = (
  form: { errors: FormErrors; setErrors: (errors: FormErrors) => void },
  error: unknown,
  options: { fields: readonly string[]; rename?: Record<string, string> } = { fields: [] },
): string => {
  const general = describeError(error);
  if (!(error instanceof ApiError) || !error.problem) return general;
  const { errors } = error.problem;
  const unplaced: string[] = [];
  const byField: Record<string, string> = {};
  for (const fieldError of errors ?? []) {
    const head = fieldError.field.split(".")[0] ?? "";
    const field = options.rename?.[head] ?? head;
    const message = fieldErrorText(fieldError);
    if (options.fields.includes(field)) {
      byField[field] =
        byField[field] && byField[field] !== message ? `${byField[field]}; ${message}` : message;
    } else {
      unplaced.push(fieldError.field ? `${fieldError.field}: ${message}` : message);
    }
  }
  const placed = Object.keys(byField).length > 0;
  if (placed) form.setErrors({ ...form.errors, ...byField });
  // the fields tell the story; otherwise add what the server said
  if (placed && unplaced.length === 0) return general;
  const extra = unplaced.length > 0 ? unplaced.join(" · ") : problemText(error.problem);
  return extra ? `${general} ${extra}` : general;
};
