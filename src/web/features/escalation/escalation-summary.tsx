import { Group, Skeleton, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { QueryError } from "../../components/list-state";
import { useEscalationSettings } from "./escalation-api";
import { StepBadge } from "./escalation-steps-editor";
import { useEscalationText } from "./escalation-text";

/** The default escalation plan in one line (for the plans page): each step with its share of the target. */
export const EscalationSummary = () => {
  const { t } = useTranslation();
  const text = useEscalationText();
  const settings = useEscalationSettings();
  if (settings.isPending) return <Skeleton height={28} radius="sm" />;
  if (settings.isError) return <QueryError error={settings.error} onRetry={settings.refetch} />;
  const overrides = Object.values(settings.data.byPlan).reduce(
    (sum, byPriority) => sum + Object.keys(byPriority).length,
    0,
  );
  return (
    <>
      <Group gap="md" aria-label={t("escalation.default.title")}>
        {settings.data.default.map((step) => (
          <Group key={step.level} gap={6} wrap="nowrap">
            <StepBadge level={step.level} />
            <Text size="sm" c="dimmed">
              {t("escalation.summary.at", { percent: text.percent(step.percent) })}
            </Text>
          </Group>
        ))}
      </Group>
      <Text size="xs" c="dimmed" mt="sm">
        {t("escalation.summary.overrides", { count: overrides })}
      </Text>
    </>
  );
};
