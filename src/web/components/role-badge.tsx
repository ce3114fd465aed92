import { Badge, type MantineColor } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Role } from "../../api/roles";

const ROLE_COLORS: Record<Role, MantineColor> = {
  admin: "grape",
  manager: "indigo",
  specialist: "blue",
  technical_staff: "cyan",
  account_executive: "teal",
  customer_contact: "gray",
};

export const RoleBadge = ({ role }: { role: Role }) => {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" variant="light" color={ROLE_COLORS[role]} radius="sm" tt="none" fw={600}>
      {t(`roles.${role}`)}
    </Badge>
  );
};

export const ActiveBadge = ({ active }: { active: boolean }) => {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" variant="dot" color={active ? "teal" : "gray"} radius="sm" tt="none" fw={500}>
      {active ? t("common.active") : t("common.inactive")}
    </Badge>
  );
};
