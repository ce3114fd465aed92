import { Anchor, Group, Paper, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormatters } from "../../components/formatters";
import { useUnreadAlerts } from "./support-center-api";
import { SeverityBadge } from "./support-center-badges";

/** The portal home's technical alerts that affect an installed version of the organization, not yet read. */
export const UnreadAlerts = () => {
  const { t } = useTranslation();
  const format = useFormatters();
  const alerts = useUnreadAlerts(true);
  const items = alerts.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Paper
      p={{ base: "md", sm: "lg" }}
      radius="md"
      mb="lg"
      withBorder
      style={{ borderColor: "var(--mantine-color-orange-3)" }}
      component="section"
      aria-label={t("supportCenter.unread.title", { count: items.length })}
    >
      <Group gap="xs" mb="sm">
        <ThemeIcon variant="light" color="orange" radius="md">
          <IconAlertTriangle size={18} />
        </ThemeIcon>
        <Text fw={650}>{t("supportCenter.unread.title", { count: items.length })}</Text>
      </Group>
      <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: "none" }}>
        {items.map((alert) => (
          <Stack key={alert.id} component="li" gap={2}>
            <Group gap="xs" wrap="wrap">
              {alert.severity && <SeverityBadge severity={alert.severity} />}
              <Anchor component={Link} to={`/support-center/articles/${alert.id}`} fw={600} size="sm">
                {alert.title}
              </Anchor>
            </Group>
            <Text size="xs" c="dimmed">
              {[
                ...alert.affectsSystems.map((s) =>
                  t("supportCenter.affectsYou.system", { version: s.installedVersion, system: s.systemName }),
                ),
                alert.publishedAt ? format.dateTime(alert.publishedAt) : null,
              ]
                .filter(Boolean)
                .join(" · ")}
            </Text>
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
};
