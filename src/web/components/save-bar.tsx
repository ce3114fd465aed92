import { Button, Group, Paper, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

interface SaveBarProps {
  /** Something differs from what is saved. */
  dirty: boolean;
  saving: boolean;
  /** Why the last save failed; it takes the place of the status line. */
  failure: string | null;
  onDiscard: () => void;
  /** Without it the save button submits the form the bar stands in. */
  onSave?: () => void;
}

/** The foot of a settings page: whether there are unsaved changes, "discard" and "save". */
export const SaveBar = ({ dirty, saving, failure, onDiscard, onSave }: SaveBarProps) => {
  const { t } = useTranslation();
  return (
    <Paper
      p="md"
      radius="md"
      shadow={dirty ? "md" : undefined}
      // while there is something to save, the bar stays in sight at the bottom of the window
      style={dirty ? { position: "sticky", bottom: 12, zIndex: 5 } : undefined}
    >
      <Group justify="space-between" gap="sm">
        <Text
          size="sm"
          c={failure ? "red.8" : "dimmed"}
          role={failure ? "alert" : undefined}
          style={{ flex: "1 1 260px" }}
        >
          {failure ?? (dirty ? t("common.unsaved") : t("common.upToDate"))}
        </Text>
        <Group gap="sm">
          <Button variant="default" disabled={!dirty || saving} onClick={onDiscard}>
            {t("common.discardChanges")}
          </Button>
          <Button type={onSave ? "button" : "submit"} disabled={!dirty} loading={saving} onClick={onSave}>
            {t("common.saveChanges")}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
};
