import { Modal, NumberInput, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { describeProblem } from "../../components/notify";
import { useRotateWebhookSecret, type WebhookEndpoint, type WebhookWithSecret } from "./webhooks-api";

const DEFAULT_OVERLAP_HOURS = 24;
const MAX_OVERLAP_HOURS = 168;

/** A new signing secret, with how long the old one keeps signing beside it so receivers switch without a gap. */
export const WebhookRotateModal = ({
  endpoint,
  opened,
  onClose,
  onRotated,
}: {
  endpoint: WebhookEndpoint;
  opened: boolean;
  onClose: () => void;
  onRotated: (rotated: WebhookWithSecret) => void;
}) => {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("webhooks.rotate.title")} size="lg">
      {opened && <RotateForm endpoint={endpoint} onClose={onClose} onRotated={onRotated} />}
    </Modal>
  );
};

const RotateForm = ({
  endpoint,
  onClose,
  onRotated,
}: {
  endpoint: WebhookEndpoint;
  onClose: () => void;
  onRotated: (rotated: WebhookWithSecret) => void;
}) => {
  const { t } = useTranslation();
  const rotate = useRotateWebhookSecret(endpoint.id);
  const [hours, setHours] = useState<number | string>(DEFAULT_OVERLAP_HOURS);
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const overlapHours = typeof hours === "number" ? hours : Number.NaN;
    if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > MAX_OVERLAP_HOURS) {
      setError(t("webhooks.rotate.overlapInvalid", { max: MAX_OVERLAP_HOURS }));
      return;
    }
    setFailure(null);
    try {
      const rotated = await rotate.mutateAsync({ overlapHours });
      onClose();
      onRotated(rotated);
    } catch (caught) {
      setFailure(describeProblem(caught));
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={failure} />
        <Text size="sm">{t("webhooks.rotate.explain")}</Text>
        <NumberInput
          label={t("webhooks.rotate.overlap")}
          suffix={` ${t("webhooks.rotate.hoursSuffix")}`}
          min={0}
          max={MAX_OVERLAP_HOURS}
          allowDecimal={false}
          allowNegative={false}
          maw={220}
          data-autofocus
          value={hours}
          error={error}
          onChange={(value) => {
            setHours(value);
            setError(null);
          }}
        />
        <Text size="sm" c="dimmed">
          {typeof hours === "number" && hours === 0
            ? t("webhooks.rotate.noOverlapWarning")
            : t("webhooks.rotate.overlapExplain", { count: typeof hours === "number" ? hours : 0 })}
        </Text>
        <FormButtons
          onCancel={onClose}
          submitLabel={t("webhooks.rotate.submit")}
          loading={rotate.isPending}
        />
      </Stack>
    </form>
  );
};
