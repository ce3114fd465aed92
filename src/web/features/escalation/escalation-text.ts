import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { ESCALATION_AUDIENCES, ESCALATION_CLOCKS } from "../../../api/notifications";

export type EscalationAudience = (typeof ESCALATION_AUDIENCES)[number];
export type EscalationClock = (typeof ESCALATION_CLOCKS)[number];

/* The API's lists as values, checked against its types (the API's arrays would pull the domain in). */
export const ESCALATION_AUDIENCE_VALUES = [
  "assignee",
  "queue",
  "manager",
  "technical_staff",
  "account_executive",
  "director",
] as const satisfies readonly EscalationAudience[];
export const ESCALATION_CLOCK_VALUES = [
  "response",
  "resolution",
] as const satisfies readonly EscalationClock[];

export const isAudience = (value: unknown): value is EscalationAudience =>
  (ESCALATION_AUDIENCE_VALUES as readonly unknown[]).includes(value);
export const isClock = (value: unknown): value is EscalationClock =>
  (ESCALATION_CLOCK_VALUES as readonly unknown[]).includes(value);

const wholeNumber = (value: unknown): number | null =>
  typeof value === "number" && Number.isInteger(value) ? value : null;

/**
 * Words for warnings and escalation levels, shared by the bell, the case timeline and the plan editor:
 * "Escalamiento nivel 1", "tiempo de respuesta vencido", "Responsable del caso, Gerentes de soporte".
 */
export const useEscalationText = () => {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const number = new Intl.NumberFormat(language);
    return {
      /** "Aviso previo" for level 0, "Escalamiento nivel N" otherwise. */
      stepName: (level: number) =>
        level === 0 ? t("escalation.stepName.warning") : t("escalation.stepName.level", { level }),
      /** "tiempo de respuesta al 75 %", "… vencido", "… vencido (150 % del objetivo)". */
      clockState: (clock: unknown, percent: unknown) => {
        const which: EscalationClock = isClock(clock) ? clock : "response";
        const share = wholeNumber(percent);
        if (share === null) return t(`escalation.clockState.${which}.unknown`);
        const values = { percent: number.format(share) };
        if (share < 100) return t(`escalation.clockState.${which}.before`, values);
        if (share === 100) return t(`escalation.clockState.${which}.breached`);
        return t(`escalation.clockState.${which}.beyond`, values);
      },
      audience: (audience: EscalationAudience) => t(`escalation.audiences.${audience}`),
      /** The translated audiences of a step, in the plan's order. */
      audiences: (list: unknown) =>
        (Array.isArray(list) ? list : [])
          .filter(isAudience)
          .map((audience) => t(`escalation.audiences.${audience}`))
          .join(", "),
      percent: (value: number) => number.format(value),
      level: wholeNumber,
    };
  }, [t, language]);
};
