import { Badge, type MantineColor } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ContractStatus } from "./contracts-api";

const COLORS: Record<ContractStatus, MantineColor> = { upcoming: "brand", current: "teal", expired: "red" };

/** Próxima / vigente / vencida. */
export const ContractStatusBadge = ({ status }: { status: ContractStatus }) => {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" variant="light" color={COLORS[status]} radius="sm" tt="none" fw={600}>
      {t(`contracts.status.${status}`)}
    </Badge>
  );
};

/** Shown next to a contract that already has its successor (a renewal or a reinstatement). */
export const RenewedBadge = ({ number }: { number?: string }) => {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" variant="outline" color="teal" radius="sm" tt="none" fw={500}>
      {number ? t("contracts.renewedAs", { number }) : t("contracts.renewed")}
    </Badge>
  );
};
