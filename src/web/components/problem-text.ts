import type { Problem, ProblemField } from "../../api/errors";
import { i18n } from "../i18n/i18n";
import { isLocalDate } from "./local-date";

type Params = Record<string, string | number>;

/** How a parameter is worded, by its name: codes become their names, dates the viewer's dates. */
const WORDED: Record<string, (value: string) => string> = {
  entity: (value) => i18n.t(`entities.${value}` as "entities.case", { defaultValue: value }),
  other: (value) => i18n.t(`fieldNames.${value}` as "fieldNames.startDate", { defaultValue: value }),
  from: (value) => i18n.t(`cases.status.${value}` as "cases.status.open", { defaultValue: value }),
  to: (value) => i18n.t(`cases.status.${value}` as "cases.status.open", { defaultValue: value }),
  expected: (value) => i18n.t(`releaseKinds.${value}` as "releaseKinds.major", { defaultValue: value }),
  // why a webhook URL was refused
  problem: (value) =>
    i18n.t(`webhookUrlProblems.${value}` as "webhookUrlProblems.invalid_url", { defaultValue: value }),
};

const worded = (params: Params | undefined): Params => {
  const dates = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "UTC" });
  const out: Params = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    const word = typeof value === "string" ? WORDED[name] : undefined;
    out[name] = word
      ? word(value as string)
      : typeof value === "string" && isLocalDate(value)
        ? dates.format(new Date(`${value}T00:00:00Z`))
        : value;
  }
  // a limit is counted like a count ("1 contacto", "2 contactos")
  if (out.count === undefined && typeof out.limit === "number") out.count = out.limit;
  return out;
};

const exists = (key: string) => i18n.exists(key) || i18n.exists(`${key}_other`);

/**
 * The problem's reason in the viewer's language ("El plan Estándar permite 2 contactos…"), or null when the
 * server gave no reason this build knows. The English `detail` is for API users.
 */
export const problemText = (problem: Problem | null | undefined): string | null => {
  if (!problem?.reason || !exists(`problems.${problem.reason}`)) return null;
  return i18n.t(`problems.${problem.reason}` as "problems.not_found", worded(problem.params));
};

/** A field's error in the viewer's language; the server's English message only for a code unknown here. */
export const fieldErrorText = (error: ProblemField): string =>
  exists(`fieldErrors.${error.code}`)
    ? i18n.t(`fieldErrors.${error.code}` as "fieldErrors.required", worded(error.params))
    : error.message;
