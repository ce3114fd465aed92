import { Group, Text, ThemeIcon } from "@mantine/core";
import { IconLifebuoy } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

export const BrandMark = ({ size = "md" }: { size?: "md" | "lg" }) => {
  const { t } = useTranslation();
  return (
    <Group gap={10} wrap="nowrap">
      <ThemeIcon size={size === "lg" ? 42 : 32} radius="md" variant="filled" color="brand">
        <IconLifebuoy size={size === "lg" ? 26 : 20} stroke={1.8} />
      </ThemeIcon>
      <Text fw={700} fz={size === "lg" ? 26 : 19} style={{ letterSpacing: -0.3 }}>
        {t("app.name")}
      </Text>
    </Group>
  );
};
