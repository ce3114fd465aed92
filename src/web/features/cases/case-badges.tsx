import { Badge, type BadgeProps, type MantineColor, Tooltip } from "@mantine/core";
import { IconAlertTriangle, IconFlame } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "../../components/formatters";
import type { Case, CaseStatus, Channel, Priority } from "./cases-api";

const PRIORITY_COLORS: Record<Priority, MantineColor> = { P1: "red", P2: "orange", P3: "yellow", P4: "gray" };

/** P1 red … P4 gray, with the priority's meaning as a tooltip. */
export const PriorityBadge = ({ priority, size }: { priority: Priority; size?: BadgeProps["size"] }) => {
  const { t } = useTranslation();
  return (
    <Tooltip label={t(`cases.priorities.${priority}`)} withArrow openDelay={300}>
      <Badge
        miw="max-content"
        variant={priority === "P1" ? "filled" : "light"}
        color={PRIORITY_COLORS[priority]}
        radius="sm"
        fw={700}
        size={size}
        aria-label={`${priority} · ${t(`cases.priorities.${priority}`)}`}
      >
        {priority}
      </Badge>
    </Tooltip>
  );
};

const STATUS_COLORS: Record<CaseStatus, MantineColor> = {
  new: "brand",
  open: "teal",
  waiting_on_customer: "yellow",
  resolved: "green",
  closed: "gray",
  held: "orange",
};

export const CaseStatusBadge = ({ status }: { status: CaseStatus }) => {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" variant="light" color={STATUS_COLORS[status]} radius="sm" tt="none" fw={600}>
      {t(`cases.status.${status}`)}
    </Badge>
  );
};

export const ChannelBadge = ({ channel }: { channel: Channel }) => {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" variant="default" radius="sm" tt="none" fw={500}>
      {t(`cases.channels.${channel}`)}
    </Badge>
  );
};

/**
 * Staff only: how far the case has escalated — the warning (level 0) in yellow, "Escalado N" in red.
 * Nothing when it never warned (and always for customers: the API sends them null).
 */
export const EscalationBadge = ({
  level,
  at,
  size = "sm",
}: {
  level: number | null;
  at?: string | null;
  size?: BadgeProps["size"];
}) => {
  const { t } = useTranslation();
  const format = useFormatters();
  if (level === null) return null;
  const warned = level === 0;
  const label = warned ? t("escalation.badge.warned") : t("escalation.badge.escalated", { level });
  const help = at
    ? t(warned ? "escalation.badge.warnedHelpAt" : "escalation.badge.escalatedHelpAt", {
        level,
        at: format.dateTime(at),
      })
    : t(warned ? "escalation.badge.warnedHelp" : "escalation.badge.escalatedHelp", { level });
  return (
    <Tooltip label={help} withArrow openDelay={300} multiline maw={280}>
      <Badge
        miw="max-content"
        size={size}
        variant={warned ? "light" : "filled"}
        color={warned ? "yellow" : "red"}
        c={warned ? "yellow.9" : undefined}
        radius="sm"
        tt="none"
        fw={700}
        leftSection={warned ? <IconAlertTriangle size={12} /> : <IconFlame size={12} />}
        aria-label={help}
      >
        {label}
      </Badge>
    </Tooltip>
  );
};

/**
 * The support of the case's version when it was registered: "Versión sin soporte" in red, an announced end in
 * orange; nothing for a supported version.
 */
export const VersionSupportBadge = ({
  kase,
}: {
  kase: Pick<Case, "versionSupport" | "installedVersion">;
}) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const support = kase.versionSupport;
  if (!support || (support.status !== "unsupported" && support.status !== "ending")) return null;
  const values = { version: kase.installedVersion, date: format.localDate(support.endOfSupportOn) };
  return (
    <Tooltip label={t(`cases.versionSupport.help.${support.status}`, values)} multiline w={280} withArrow>
      <Badge
        miw="max-content"
        variant="light"
        color={support.status === "unsupported" ? "red" : "orange"}
        radius="sm"
        tt="none"
        fw={600}
      >
        {t(`cases.versionSupport.labels.${support.status}`, values)}
      </Badge>
    </Tooltip>
  );
};
