import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconClockHour4 } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "../../components/formatters";
import { SecretValue } from "../../components/secret-value";
import type { WebhookWithSecret } from "./webhooks-api";

/**
 * The signing secret, the only time it is shown: after the endpoint is registered, or after a rotation (then
 * with how long the old secret keeps signing beside it). A click outside does not close it.
 */
export const WebhookSecretModal = ({
  created,
  kind,
  onClose,
}: {
  /** The server's answer with the secret; null: closed. */
  created: WebhookWithSecret | null;
  kind: "created" | "rotated";
  onClose: () => void;
}) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const overlapUntil = created?.previousSecretUntil ?? null;
  return (
    <Modal
      opened={created !== null}
      onClose={onClose}
      title={kind === "created" ? t("webhooks.secret.createdTitle") : t("webhooks.secret.rotatedTitle")}
      size="lg"
      closeOnClickOutside={false}
    >
      {created && (
        <Stack gap="md">
          <Alert
            color="yellow"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            title={t("webhooks.secret.onceTitle")}
          >
            {t("webhooks.secret.once")}
          </Alert>
          <SecretValue
            value={created.secret}
            label={t("webhooks.secret.label")}
            copyLabel={t("webhooks.secret.copy")}
          />
          <Text size="sm" c="dimmed">
            {t("webhooks.secret.use")}
          </Text>
          {kind === "rotated" && (
            <Alert color="blue" variant="light" icon={<IconClockHour4 size={18} />}>
              {overlapUntil
                ? t("webhooks.secret.overlap", { until: format.dateTime(overlapUntil) })
                : t("webhooks.secret.noOverlap")}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button onClick={onClose}>
              {kind === "created" ? t("webhooks.secret.doneCreated") : t("webhooks.secret.done")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
};
