import { Button, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";

interface FormButtonsProps {
  onCancel: () => void;
  submitLabel: string;
  loading: boolean;
  disabled?: boolean;
}

/** The foot of a form in a dialog or a card: "cancel", then the button that submits it. */
export const FormButtons = ({ onCancel, submitLabel, loading, disabled }: FormButtonsProps) => {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" gap="sm" mt="xs">
      <Button variant="default" onClick={onCancel}>
        {t("common.cancel")}
      </Button>
      <Button type="submit" disabled={disabled} loading={loading}>
        {submitLabel}
      </Button>
    </Group>
  );
};
