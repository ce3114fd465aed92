import { Badge, type MantineColor } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ReleaseKind } from "../../api/catalog";

const COLORS: Record<ReleaseKind, MantineColor> = { major: "grape", minor: "brand", patch: "gray" };

export const ReleaseKindBadge = ({ kind }: { kind: ReleaseKind }) => {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" variant="light" color={COLORS[kind]} radius="sm" tt="none" fw={600}>
      {t(`releaseKinds.${kind}`)}
    </Badge>
  );
};
