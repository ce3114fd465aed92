import { Badge, type MantineColor } from "@mantine/core";
import { IconAlertTriangle, IconBulb, IconChecklist } from "@tabler/icons-react";
import type { ComponentType } from "react";
import { useTranslation } from "react-i18next";
import type {
  AlertSeverity,
  ArticleKind,
  ArticleStatus,
  FeatureRequestStatus,
} from "../../../api/support-center";

const SEVERITY_COLORS: Record<AlertSeverity, MantineColor> = {
  critical: "red",
  high: "orange",
  medium: "yellow",
  low: "gray",
};

export const KIND_ICONS: Record<ArticleKind, ComponentType<{ size?: number; stroke?: number }>> = {
  alert: IconAlertTriangle,
  tip: IconBulb,
  resolution: IconChecklist,
};

const ARTICLE_STATUS_COLORS: Record<ArticleStatus, MantineColor> = {
  draft: "gray",
  published: "teal",
  archived: "dark",
};

const REQUEST_STATUS_COLORS: Record<FeatureRequestStatus, MantineColor> = {
  submitted: "gray",
  under_review: "brand",
  planned: "grape",
  released: "teal",
  declined: "red",
};

const badge = { miw: "max-content", radius: "sm", tt: "none", fw: 600 } as const;

export const SeverityBadge = ({ severity }: { severity: AlertSeverity }) => {
  const { t } = useTranslation();
  return (
    <Badge
      {...badge}
      variant={severity === "critical" ? "filled" : "light"}
      color={SEVERITY_COLORS[severity]}
    >
      {t(`supportCenter.severity.${severity}`)}
    </Badge>
  );
};

export const ArticleKindBadge = ({ kind }: { kind: ArticleKind }) => {
  const { t } = useTranslation();
  const Icon = KIND_ICONS[kind];
  return (
    <Badge {...badge} variant="light" color="gray" leftSection={<Icon size={12} />}>
      {t(`supportCenter.kinds.${kind}`)}
    </Badge>
  );
};

/** Staff only: customers see published articles alone. */
export const ArticleStatusBadge = ({ status }: { status: ArticleStatus }) => {
  const { t } = useTranslation();
  return (
    <Badge {...badge} variant="dot" color={ARTICLE_STATUS_COLORS[status]}>
      {t(`supportCenter.articleStatus.${status}`)}
    </Badge>
  );
};

export const RequestStatusBadge = ({ status }: { status: FeatureRequestStatus }) => {
  const { t } = useTranslation();
  return (
    <Badge {...badge} variant="light" color={REQUEST_STATUS_COLORS[status]}>
      {t(`supportCenter.requestStatus.${status}`)}
    </Badge>
  );
};

/** "3.0.0 – 3.2.1", "desde 3.0.0", "hasta 3.2.1", or every version. */
export const useVersionRange = () => {
  const { t } = useTranslation();
  return (from: string | null, to: string | null) =>
    from && to
      ? from === to
        ? from
        : t("supportCenter.range.between", { from, to })
      : from
        ? t("supportCenter.range.from", { from })
        : to
          ? t("supportCenter.range.to", { to })
          : t("supportCenter.range.all");
};

/** Text with the words a search matched marked (the server flags them; nothing here is HTML). */
export const Highlighted = ({ parts }: { parts: { text: string; match: boolean }[] }) => (
  <>
    {parts.map((part, i) =>
      part.match ? (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
        <mark key={i} className="search-match">
          {part.text}
        </mark>
      ) : (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
        <span key={i}>{part.text}</span>
      ),
    )}
  </>
);
