import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormatters } from "../../components/formatters";
import { WEBHOOK_STATE_COLORS, webhookState } from "./webhook-words";
import type { WebhookEndpoint } from "./webhooks-api";

/** On, failing since when, or off (by an admin, or after a day of failures). */
export const WebhookStateBadge = ({ endpoint }: { endpoint: WebhookEndpoint }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const state = webhookState(endpoint);
  return (
    <Badge
      variant="light"
      color={WEBHOOK_STATE_COLORS[state]}
      radius="sm"
      tt="none"
      fw={600}
      // "Con fallas desde …" is long: it wraps in a narrow column instead of being cut off
      h="auto"
      py={2}
      styles={{ label: { whiteSpace: "normal", overflow: "visible", lineHeight: 1.35 } }}
    >
      {state === "failing"
        ? t("webhooks.state.failing", { since: format.dateTime(endpoint.failingSince) })
        : t(`webhooks.state.${state}`)}
    </Badge>
  );
};
