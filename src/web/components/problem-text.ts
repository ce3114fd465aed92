import type { Problem, ProblemField } from "../../api/errors";
import { i18n } from "../i18n/i18n";

type Params = Record<string, string | number>;

/** Parameters as the catalogs word them: an entity code becomes its name ("la póliza"). */
const worded = (params: Params | undefined): Params => {
  const out = { ...params };
  if (typeof out.entity === "string" && i18n.exists(`entities.${out.entity}`)) {
    out.entity = i18n.t(`entities.${out.entity}` as "entities.case");
  }
  return out;
};

/**
 * The problem's reason in the viewer's language ("El plan Estándar permite 2 contactos…"), or null when the
 * server gave no reason this build knows; the English `detail` is for API users, never shown.
 */
export const problemText = (problem: Problem | null | undefined): string | null => {
  if (!problem?.reason || !i18n.exists(`problems.${problem.reason}`)) return null;
  return i18n.t(`problems.${problem.reason}` as "problems.not_found", worded(problem.params));
};

/** A field's error in the viewer's language; the server's English message only for a code unknown here. */
export const fieldErrorText = (error: ProblemField): string =>
  i18n.exists(`fieldErrors.${error.code}`)
    ? i18n.t(`fieldErrors.${error.code}` as "fieldErrors.required", worded(error.params))
    : error.message;
