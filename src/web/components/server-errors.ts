import type { FormErrors } from "@mantine/form";
import { ApiError } from "../app/api-client";
import { describeError } from "./notify";
import { fieldErrorText, problemText } from "./problem-text";

/**
 * The server's field errors, in the viewer's language, by the form field each belongs to: `place` names
 * the field of a server path, or null; those without one come back as lines for the whole form.
 */
export const placeFieldErrors = (
  error: unknown,
  place: (field: string) => string | null,
): { errors: Record<string, string>; unplaced: string[] } => {
  const errors: Record<string, string> = {};
  const unplaced: string[] = [];
  if (!(error instanceof ApiError)) return { errors, unplaced };
  for (const fieldError of error.problem?.errors ?? []) {
    const message = fieldErrorText(fieldError);
    const at = place(fieldError.field);
    if (at) errors[at] = errors[at] && errors[at] !== message ? `${errors[at]}; ${message}` : message;
    else unplaced.push(fieldError.field ? `${fieldError.field}: ${message}` : message);
  }
  return { errors, unplaced };
};

/** Places a server path on the longest known path it starts with ("imap.password.0" → "imap.password"). */
export const nearestKnownPath =
  (known: ReadonlySet<string>) =>
  (field: string): string | null => {
    const parts = field.split(".");
    for (; parts.length > 0; parts.pop()) {
      if (known.has(parts.join("."))) return parts.join(".");
    }
    return null;
  };

/**
 * Puts the server's per-field errors on the form (`emailDomains.0` → the `emailDomains` field)
 * and returns the sentence to show above the form: what kind of failure it was, with the errors no field
 * took, or — for a refusal about no field — the server's reason. All in the viewer's language.
 */
export const applyServerErrors = (
  form: { errors: FormErrors; setErrors: (errors: FormErrors) => void },
  error: unknown,
  options: { fields: readonly string[]; rename?: Record<string, string> } = { fields: [] },
): string => {
  const general = describeError(error);
  if (!(error instanceof ApiError) || !error.problem) return general;
  if (!error.problem.errors?.length) return problemText(error.problem) ?? general;
  const { errors: byField, unplaced } = placeFieldErrors(error, (path) => {
    const head = path.split(".")[0] ?? "";
    const field = options.rename?.[head] ?? head;
    return options.fields.includes(field) ? field : null;
  });
  const placed = Object.keys(byField).length > 0;
  if (placed) form.setErrors({ ...form.errors, ...byField });
  // the fields tell the story; what no field took is added
  return unplaced.length > 0 ? `${general} ${unplaced.join(" · ")}` : general;
};
