import { Badge, type MantineColor } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Environment } from "../../api/catalog";

const COLORS: Record<Environment, MantineColor> = { production: "teal", test: "yellow", development: "gray" };

export const EnvironmentBadge = ({ environment }: { environment: Environment }) => {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" variant="light" color={COLORS[environment]} radius="sm" tt="none" fw={600}>
      {t(`environments.${environment}`)}
    </Badge>
  );
};
