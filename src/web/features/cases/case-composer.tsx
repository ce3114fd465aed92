import { Button, Group, Paper, Stack, Tabs, Text, Textarea } from "@mantine/core";
import { IconLock, IconMessageCircle, IconSend } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../../app/auth-context";
import { FormAlert } from "../../components/form-alert";
import { notifySuccess } from "../../components/notify";
import { useCaseErrors } from "./case-errors";
import { type Case, useAddNote, useReply } from "./cases-api";

const MAX_BODY = 50_000;
type Mode = "reply" | "note";

/** Reply to the customer (public) or leave an internal note (staff only, tinted like the notes). */
export const CaseComposer = ({ kase }: { kase: Case }) => {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const staff = user?.role !== "customer_contact";
  const canReply = can("cases:reply");
  const canNote = staff && can("cases:note");
  const [mode, setMode] = useState<Mode>(canReply ? "reply" : "note");
  const [drafts, setDrafts] = useState<Record<Mode, string>>({ reply: "", note: "" });
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const reply = useReply(kase.id);
  const note = useAddNote(kase.id);
  const describe = useCaseErrors(kase.id);
  const pending = reply.isPending || note.isPending;

  if (kase.status === "closed") {
    return (
      <Paper p="md" radius="md" bg="gray.0">
        <Text size="sm" c="dimmed">
          {t("cases.composer.closed")}
        </Text>
      </Paper>
    );
  }
  if (!canReply && !canNote) return null;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const body = drafts[mode].trim();
    if (!body) return setError(t("cases.composer.empty"));
    if (body.length > MAX_BODY) return setError(t("validation.tooLong", { max: MAX_BODY }));
    try {
      if (mode === "reply") await reply.mutateAsync(body);
      else await note.mutateAsync(body);
      setDrafts((current) => ({ ...current, [mode]: "" }));
      notifySuccess(mode === "reply" ? t("cases.composer.replySent") : t("cases.composer.noteSaved"));
    } catch (failed) {
      setFailure(describe(failed));
    }
  };

  const field = (which: Mode) => (
    <Textarea
      aria-label={which === "reply" ? t("cases.composer.replyLabel") : t("cases.composer.noteLabel")}
      placeholder={
        which === "reply"
          ? staff
            ? t("cases.composer.replyPlaceholderStaff")
            : t("cases.composer.replyPlaceholder")
          : t("cases.composer.notePlaceholder")
      }
      autosize
      minRows={4}
      maxRows={14}
      value={drafts[which]}
      error={mode === which ? error : null}
      styles={which === "note" ? { input: { background: "var(--mantine-color-yellow-0)" } } : undefined}
      onChange={(event) => {
        const value = event.currentTarget.value;
        setDrafts((current) => ({ ...current, [which]: value }));
        setError(null);
      }}
    />
  );

  return (
    <Paper
      p={{ base: "md", sm: "lg" }}
      radius="md"
      component="section"
      aria-label={t("cases.composer.title")}
      style={mode === "note" ? { borderColor: "var(--mantine-color-yellow-4)" } : undefined}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {canNote ? (
            <Tabs value={mode} onChange={(value) => value && setMode(value as Mode)}>
              <Tabs.List>
                {canReply && (
                  <Tabs.Tab value="reply" leftSection={<IconMessageCircle size={16} />}>
                    {t("cases.composer.reply")}
                  </Tabs.Tab>
                )}
                <Tabs.Tab value="note" color="yellow" leftSection={<IconLock size={16} />}>
                  {t("cases.composer.note")}
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="reply" pt="sm">
                {field("reply")}
              </Tabs.Panel>
              <Tabs.Panel value="note" pt="sm">
                <Text size="xs" c="yellow.9" mb={6}>
                  {t("cases.composer.noteHelp")}
                </Text>
                {field("note")}
              </Tabs.Panel>
            </Tabs>
          ) : (
            <>
              <Text fw={650}>{t("cases.composer.reply")}</Text>
              {field("reply")}
            </>
          )}
          <FormAlert message={failure} />
          <Group justify="space-between" gap="sm">
            <Text size="xs" c="dimmed" style={{ flex: "1 1 200px" }}>
              {mode === "reply"
                ? staff
                  ? t("cases.composer.replyHelpStaff")
                  : t("cases.composer.replyHelp")
                : t("cases.composer.noteVisibility")}
            </Text>
            <Button
              type="submit"
              loading={pending}
              color={mode === "note" ? "yellow" : undefined}
              c={mode === "note" ? "dark" : undefined}
              leftSection={mode === "note" ? <IconLock size={16} /> : <IconSend size={16} />}
            >
              {mode === "reply" ? t("cases.composer.sendReply") : t("cases.composer.saveNote")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
};
