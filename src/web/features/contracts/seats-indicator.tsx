import { Group, Progress, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** "2 de 2 contactos autorizados" with a bar that turns orange when every seat is taken. */
export const SeatsIndicator = ({
  used,
  limit,
  compact = false,
  warnWhenFull = true,
}: {
  used: number;
  limit: number;
  compact?: boolean;
  /** Staff need the nudge; a customer looking at their own contract does not. */
  warnWhenFull?: boolean;
}) => {
  const { t } = useTranslation();
  const full = warnWhenFull && used >= limit;
  const label = t("contracts.seats.label", { used, limit });
  const bar = (
    <Progress
      value={limit > 0 ? Math.min(100, (used / limit) * 100) : 0}
      color={full ? "orange" : "teal"}
      size={compact ? "sm" : "md"}
      radius="xl"
      aria-hidden
      w={compact ? 56 : "100%"}
      maw={compact ? undefined : 320}
    />
  );
  if (compact) {
    return (
      <Group gap={8} wrap="nowrap" title={label} aria-label={label}>
        {bar}
        <Text size="sm" c={full ? "orange.8" : undefined} fw={500} style={{ whiteSpace: "nowrap" }}>
          {used}/{limit}
        </Text>
      </Group>
    );
  }
  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          {label}
        </Text>
        {full && (
          <Text size="sm" c="orange.8">
            {t("contracts.seats.full")}
          </Text>
        )}
      </Group>
      {bar}
    </Stack>
  );
};
