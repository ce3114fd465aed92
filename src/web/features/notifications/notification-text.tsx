import { type MantineColor, ThemeIcon } from "@mantine/core";
import {
  IconAlertTriangle,
  IconArrowsExchange,
  IconFlame,
  IconMessageCircle,
  IconSparkles,
  IconUserShare,
} from "@tabler/icons-react";
import type { ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { CASE_STATUS_VALUES, type CaseStatus } from "../cases/cases-api";
import { useEscalationText } from "../escalation/escalation-text";
import type { Notification, NotificationKind } from "./notifications-api";

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const isStatus = (value: unknown): value is CaseStatus =>
  (CASE_STATUS_VALUES as readonly unknown[]).includes(value);

const KIND_LOOKS: Record<
  NotificationKind,
  { icon: ComponentType<{ size?: number; stroke?: number }>; color: MantineColor }
> = {
  warning: { icon: IconAlertTriangle, color: "yellow" },
  escalation: { icon: IconFlame, color: "red" },
  reply: { icon: IconMessageCircle, color: "brand" },
  status_changed: { icon: IconArrowsExchange, color: "gray" },
  assigned: { icon: IconUserShare, color: "grape" },
  case_opened: { icon: IconSparkles, color: "teal" },
};

/** The round icon of a notification's kind (an escalation red, a warning yellow…). */
export const NotificationIcon = ({ kind, size = 30 }: { kind: NotificationKind; size?: number }) => {
  const look = KIND_LOOKS[kind] ?? KIND_LOOKS.status_changed;
  const Icon = look.icon;
  return (
    <ThemeIcon size={size} radius="xl" variant="light" color={look.color} aria-hidden>
      <Icon size={Math.round(size * 0.55)} stroke={1.8} />
    </ThemeIcon>
  );
};

/**
 * A notification in words: the headline ("CAS-2026-000123: escalamiento nivel 1 — tiempo de respuesta
 * vencido") and, when there is one, the case's subject under it.
 */
export const useNotificationText = () => {
  const { t } = useTranslation();
  const escalation = useEscalationText();
  return (notification: Notification): { title: string; detail: string | null } => {
    const d = notification.data;
    const number = notification.caseNumber ?? text(d.number) ?? t("notifications.caseFallback");
    const subject = text(d.subject);
    switch (notification.kind) {
      case "warning":
        return {
          title: t("notifications.text.warning", {
            number,
            state: escalation.clockState(d.clock, d.percent),
          }),
          detail: subject,
        };
      case "escalation":
        return {
          title: t("notifications.text.escalation", {
            number,
            level: escalation.level(d.level) ?? "?",
            state: escalation.clockState(d.clock, d.percent),
          }),
          detail: subject,
        };
      case "reply":
        return {
          title: t("notifications.text.reply", {
            number,
            author: text(d.author) ?? t("cases.timeline.someone"),
          }),
          detail: subject,
        };
      case "status_changed":
        return {
          title: t("notifications.text.status_changed", {
            number,
            from: isStatus(d.from) ? t(`cases.status.${d.from}`) : "—",
            to: isStatus(d.to) ? t(`cases.status.${d.to}`) : "—",
          }),
          detail: subject,
        };
      case "assigned":
        return { title: t("notifications.text.assigned", { number }), detail: subject };
      case "case_opened":
        return { title: t("notifications.text.case_opened", { number }), detail: subject };
      default:
        return { title: number, detail: subject };
    }
  };
};

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "hace 5 minutos", "ayer": how long ago, in the viewer's language. */
export const useRelativeTime = () => {
  const { t, i18n } = useTranslation();
  const format = new Intl.RelativeTimeFormat(i18n.language, { numeric: "auto" });
  return (iso: string, now: number) => {
    const elapsed = now - new Date(iso).getTime();
    if (elapsed < 60_000) return t("notifications.justNow");
    for (const [unit, size] of UNITS) {
      if (elapsed >= size) return format.format(-Math.floor(elapsed / size), unit);
    }
    return t("notifications.justNow");
  };
};
