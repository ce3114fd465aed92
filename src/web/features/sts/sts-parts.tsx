import { Badge, type MantineColor } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { todayLocalDate } from "../../components/local-date";
import type { StsServiceStatus, StsVisit } from "./sts-api";

const badge = { miw: "max-content", variant: "light", radius: "sm", tt: "none", fw: 600 } as const;

/** Revisión de negocio / afinación anual. */
export const VisitKindBadge = ({ kind }: { kind: StsVisit["kind"] }) => {
  const { t } = useTranslation();
  return (
    <Badge {...badge} color={kind === "business_review" ? "brand" : "grape"}>
      {t(`sts.kinds.${kind}`)}
    </Badge>
  );
};

/** Whether a visit not yet held is past its day. */
export const isOverdue = (visit: Pick<StsVisit, "status" | "scheduledOn">, today = todayLocalDate()) =>
  visit.status === "scheduled" && visit.scheduledOn < today;

/** Programada / realizada / vencida (programada, con su día ya pasado). */
export const VisitStatusBadge = ({ visit }: { visit: Pick<StsVisit, "status" | "scheduledOn"> }) => {
  const { t } = useTranslation();
  const status = isOverdue(visit) ? "overdue" : visit.status;
  const color: MantineColor = status === "held" ? "teal" : status === "overdue" ? "red" : "blue";
  return (
    <Badge {...badge} color={color}>
      {t(`sts.visitStatus.${status}`)}
    </Badge>
  );
};

const SERVICE_COLORS: Record<StsServiceStatus, MantineColor> = {
  current: "teal",
  upcoming: "brand",
  ended: "gray",
};

export const ServiceStatusBadge = ({ status }: { status: StsServiceStatus }) => {
  const { t } = useTranslation();
  return (
    <Badge {...badge} color={SERVICE_COLORS[status]}>
      {t(`sts.serviceStatus.${status}`)}
    </Badge>
  );
};

/** "Revisión de negocio 2", "Afinación anual 1". */
export const useVisitName = () => {
  const { t } = useTranslation();
  return (visit: Pick<StsVisit, "kind" | "sequence">) =>
    t("sts.visitName", { kind: t(`sts.kinds.${visit.kind}`), sequence: visit.sequence });
};
