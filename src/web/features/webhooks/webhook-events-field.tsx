import { Checkbox, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { CONTRACT_EXPIRING_DAYS, type WebhookEventType } from "../../../api/webhooks";
import { eventsFor, WEBHOOK_EVENT_GROUPS } from "./webhook-words";

/** An event's name in the viewer's language, with its code for whoever writes the receiver. */
export const useEventLabel = () => {
  const { t } = useTranslation();
  return (event: WebhookEventType) => t(`webhooks.events.${event}.label`);
};

/**
 * The events an endpoint receives, as checkboxes in groups, each with what it means and its code. An
 * organization's endpoint is offered only that organization's events.
 */
export const WebhookEventsField = ({
  value,
  onChange,
  organizationId,
  error,
  readOnly = false,
}: {
  value: readonly WebhookEventType[];
  onChange: (events: WebhookEventType[]) => void;
  organizationId: string | null;
  error?: React.ReactNode;
  readOnly?: boolean;
}) => {
  const { t } = useTranslation();
  const allowed = eventsFor(organizationId);
  return (
    <Checkbox.Group
      label={t("webhooks.fields.events")}
      description={
        organizationId ? t("webhooks.fields.eventsOrganizationHelp") : t("webhooks.fields.eventsHelp")
      }
      value={[...value]}
      onChange={(checked) => onChange(checked as WebhookEventType[])}
      error={error}
      required
      readOnly={readOnly}
    >
      <Stack gap="md" mt="sm">
        {WEBHOOK_EVENT_GROUPS.map((group) => {
          const events = group.events.filter((event) => allowed.includes(event));
          if (events.length === 0) return null;
          return (
            <Stack key={group.key} gap={6}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" style={{ letterSpacing: 0.4 }}>
                {t(`webhooks.eventGroups.${group.key}`)}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
                {events.map((event) => (
                  <Checkbox
                    key={event}
                    value={event}
                    disabled={readOnly}
                    label={
                      <Group gap={6} wrap="wrap" component="span">
                        <Text component="span" size="sm" fw={600}>
                          {t(`webhooks.events.${event}.label`)}
                        </Text>
                        <Text component="span" size="xs" c="dimmed" ff="monospace">
                          {event}
                        </Text>
                      </Group>
                    }
                    description={t(`webhooks.events.${event}.description`, {
                      days: CONTRACT_EXPIRING_DAYS,
                    })}
                  />
                ))}
              </SimpleGrid>
            </Stack>
          );
        })}
      </Stack>
    </Checkbox.Group>
  );
};
