import type { TFunction } from "i18next";
import { nearestKnownPath, placeFieldErrors } from "../../components/server-errors";
import type { Priority } from "../cases/cases-api";
import { PRIORITY_VALUES } from "../cases/cases-api";
import type { EscalationSettings, EscalationStep } from "./escalation-api";
import type { EscalationAudience } from "./escalation-text";

/**
 * The escalation plans as the editor holds them: inputs may be empty or half-typed, rows have stable keys.
 * Errors are keyed by the same paths the server uses ("default.1.percent", "byPlan.extendido.P1").
 */
export interface StepDraft {
  key: string;
  level: number | string;
  percent: number | string;
  audiences: EscalationAudience[];
}

export interface OverrideDraft {
  planId: string;
  priority: Priority;
  steps: StepDraft[];
}

export interface EscalationDraft {
  default: StepDraft[];
  overrides: OverrideDraft[];
}

export type DraftErrors = Record<string, string>;

export const STEP_FIELDS = ["level", "percent", "audiences"] as const;
export type StepField = (typeof STEP_FIELDS)[number];

export const MAX_LEVEL = 10;
export const MAX_PERCENT = 1_000;

let lastKey = 0;
const newKey = () => {
  lastKey += 1;
  return `step-${lastKey}`;
};

export const overridePath = (planId: string, priority: Priority) => `byPlan.${planId}.${priority}`;
export const DEFAULT_PATH = "default";
export const stepPath = (planPath: string, index: number, field: StepField) =>
  `${planPath}.${index}.${field}`;

const toDraftSteps = (steps: readonly EscalationStep[]): StepDraft[] =>
  steps.map((step) => ({
    key: newKey(),
    level: step.level,
    percent: step.percent,
    audiences: [...step.audiences],
  }));

/** Copies of steps with fresh keys (a new override starts from the default plan). */
export const copySteps = (steps: readonly StepDraft[]): StepDraft[] =>
  steps.map((step) => ({ ...step, key: newKey(), audiences: [...step.audiences] }));

/** Overrides in a steady order: by the server's plan order, then P1…P4. */
const sortOverrides = (overrides: OverrideDraft[], planIds: readonly string[]) =>
  [...overrides].sort(
    (a, b) =>
      (planIds.indexOf(a.planId) + 1 || Number.MAX_SAFE_INTEGER) -
        (planIds.indexOf(b.planId) + 1 || Number.MAX_SAFE_INTEGER) ||
      a.planId.localeCompare(b.planId) ||
      PRIORITY_VALUES.indexOf(a.priority) - PRIORITY_VALUES.indexOf(b.priority),
  );

export const draftOf = (settings: EscalationSettings, planIds: readonly string[]): EscalationDraft => {
  const overrides: OverrideDraft[] = [];
  for (const [planId, byPriority] of Object.entries(settings.byPlan)) {
    for (const priority of PRIORITY_VALUES) {
      const steps = byPriority[priority];
      if (steps) overrides.push({ planId, priority, steps: toDraftSteps(steps) });
    }
  }
  return { default: toDraftSteps(settings.default), overrides: sortOverrides(overrides, planIds) };
};

export const addOverride = (
  draft: EscalationDraft,
  override: OverrideDraft,
  planIds: readonly string[],
): EscalationDraft => ({ ...draft, overrides: sortOverrides([...draft.overrides, override], planIds) });

/** A new step after the last: the next level, half a target later. */
export const nextStep = (steps: readonly StepDraft[]): StepDraft => {
  const levels = steps.map((s) => Number(s.level)).filter(Number.isFinite);
  const percents = steps.map((s) => Number(s.percent)).filter(Number.isFinite);
  const level = levels.length ? Math.min(Math.max(...levels) + 1, MAX_LEVEL) : 0;
  const percent = percents.length ? Math.min(Math.max(...percents) + 50, MAX_PERCENT) : 75;
  return { key: newKey(), level, percent, audiences: [] };
};

const numberOrNaN = (value: number | string) => (typeof value === "number" ? value : Number.NaN);

/** The server wants steps in increasing order of percent: sort them so (stable; blanks last). */
const sortSteps = (steps: readonly StepDraft[]): StepDraft[] =>
  [...steps].sort((a, b) => {
    const x = numberOrNaN(a.percent);
    const y = numberOrNaN(b.percent);
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
    return x - y;
  });

export const sortDraft = (draft: EscalationDraft): EscalationDraft => ({
  default: sortSteps(draft.default),
  overrides: draft.overrides.map((o) => ({ ...o, steps: sortSteps(o.steps) })),
});

const isWhole = (value: number | string, min: number, max: number) =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;

const validatePlan = (steps: readonly StepDraft[], planPath: string, t: TFunction, errors: DraftErrors) => {
  if (steps.length === 0) errors[planPath] = t("escalation.validation.noSteps");
  const levels = new Set<number>();
  const percents = new Set<number>();
  steps.forEach((step, index) => {
    if (!isWhole(step.level, 0, MAX_LEVEL)) {
      errors[stepPath(planPath, index, "level")] = t("escalation.validation.level", { max: MAX_LEVEL });
    } else if (levels.has(step.level as number)) {
      errors[stepPath(planPath, index, "level")] = t("escalation.validation.levelRepeated");
    } else levels.add(step.level as number);
    if (!isWhole(step.percent, 1, MAX_PERCENT)) {
      errors[stepPath(planPath, index, "percent")] = t("escalation.validation.percent", { max: MAX_PERCENT });
    } else if (percents.has(step.percent as number)) {
      errors[stepPath(planPath, index, "percent")] = t("escalation.validation.percentRepeated");
    } else percents.add(step.percent as number);
    if (step.audiences.length === 0) {
      errors[stepPath(planPath, index, "audiences")] = t("escalation.validation.audiences");
    }
  });
};

/** The browser's own check, with the server's rules and translated messages. */
export const validateDraft = (draft: EscalationDraft, t: TFunction): DraftErrors => {
  const errors: DraftErrors = {};
  validatePlan(draft.default, DEFAULT_PATH, t, errors);
  for (const o of draft.overrides) validatePlan(o.steps, overridePath(o.planId, o.priority), t, errors);
  return errors;
};

const toSteps = (steps: readonly StepDraft[]): EscalationStep[] =>
  steps.map((step) => ({
    level: numberOrNaN(step.level),
    percent: numberOrNaN(step.percent),
    audiences: [...step.audiences],
  }));

export const settingsOf = (draft: EscalationDraft): EscalationSettings => {
  const byPlan: EscalationSettings["byPlan"] = {};
  for (const o of draft.overrides) {
    byPlan[o.planId] = { ...byPlan[o.planId], [o.priority]: toSteps(o.steps) };
  }
  return { default: toSteps(draft.default), byPlan };
};

/** Two drafts that would save the same plans (row keys aside). */
export const sameSettings = (a: EscalationDraft, b: EscalationDraft) =>
  JSON.stringify(settingsOf(a)) === JSON.stringify(settingsOf(b));

/** Every path an error may sit on in this draft: each plan, and each field of each step. */
const knownPaths = (draft: EscalationDraft): Set<string> => {
  const paths = new Set<string>();
  const addPlan = (planPath: string, steps: readonly StepDraft[]) => {
    paths.add(planPath);
    steps.forEach((_, index) => {
      for (const field of STEP_FIELDS) paths.add(stepPath(planPath, index, field));
    });
  };
  addPlan(DEFAULT_PATH, draft.default);
  for (const o of draft.overrides) addPlan(overridePath(o.planId, o.priority), o.steps);
  return paths;
};

/**
 * The server's field errors, placed on the nearest field or plan of the draft ("default.0.audiences.1"
 * → the audiences of the first step); the rest come back as lines for the whole form.
 */
export const placeServerErrors = (draft: EscalationDraft, error: unknown) =>
  placeFieldErrors(error, nearestKnownPath(knownPaths(draft)));
