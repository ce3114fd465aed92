import { Button, Group, Modal, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { notifyError } from "./notify";

/** Asks before a destructive action; a failure is reported and the dialog stays open. */
export const ConfirmModal = ({
  opened,
  title,
  message,
  confirmLabel,
  loading,
  onClose,
  onConfirm,
}: {
  opened: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  loading: boolean;
  onClose: () => void;
  /** Resolves when done; the dialog then closes. */
  onConfirm: () => Promise<void>;
}) => {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <Text size="sm" mb="lg">
        {message}
      </Text>
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose}>
          {t("common.cancel")}
        </Button>
        <Button
          color="red"
          loading={loading}
          onClick={async () => {
            try {
              await onConfirm();
              onClose();
            } catch (error) {
              notifyError(error);
            }
          }}
        >
          {confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
};
