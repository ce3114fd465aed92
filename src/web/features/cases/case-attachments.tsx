import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  FileButton,
  Group,
  Paper,
  Stack,
  Text,
  ThemeIcon,
} from "@mantine/core";
import { IconLock, IconPaperclip, IconUpload } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../../app/auth-context";
import { FormAlert } from "../../components/form-alert";
import { formatBytes, useFormatters } from "../../components/formatters";
import { ListState } from "../../components/list-state";
import { notifySuccess } from "../../components/notify";
import { useCaseErrors } from "./case-errors";
import {
  attachmentUrl,
  type Case,
  MAX_ATTACHMENT_BYTES,
  useCaseAttachments,
  useUploadAttachment,
} from "./cases-api";

/** The case's files (download links) and an upload button; staff may keep a file internal. */
export const CaseAttachments = ({ kase }: { kase: Case }) => {
  const { t, i18n } = useTranslation();
  const { can, user } = useAuth();
  const format = useFormatters();
  const staff = user?.role !== "customer_contact";
  const list = useCaseAttachments(kase.id);
  const upload = useUploadAttachment(kase.id);
  const describe = useCaseErrors(kase.id);
  const [internal, setInternal] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // lets the same file be chosen again after a failed upload
  const resetRef = useRef<() => void>(null);
  const busy = useRef(false);
  const canAttach = can("cases:attach") && kase.status !== "closed";
  const items = list.data?.items ?? [];

  const send = async (file: File | null) => {
    // one upload per choice, even if the browser reports the choice twice
    if (!file || busy.current) return;
    busy.current = true;
    setFailure(null);
    try {
      if (file.size > MAX_ATTACHMENT_BYTES) {
        setFailure(t("cases.attachments.tooLarge", { name: file.name, max: "10 MB" }));
        return;
      }
      await upload.mutateAsync({ file, internal: staff && internal });
      notifySuccess(t("cases.attachments.added", { name: file.name }));
    } catch (error) {
      setFailure(describe(error));
    } finally {
      busy.current = false;
      resetRef.current?.();
    }
  };

  return (
    <Paper
      p={{ base: "md", sm: "lg" }}
      radius="md"
      component="section"
      aria-label={t("cases.attachments.title")}
    >
      <Group gap="xs" mb="md">
        <ThemeIcon variant="light" radius="md" color="gray">
          <IconPaperclip size={18} />
        </ThemeIcon>
        <Text fw={650}>{t("cases.attachments.title")}</Text>
      </Group>
      <Stack gap="sm">
        {list.isSuccess && items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("cases.attachments.empty")}
          </Text>
        )}
        <ListState query={list} isEmpty={false} rows={2} compact empty={{ title: "" }}>
          <Stack gap={8} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
            {items.map((attachment) => (
              <li key={attachment.id}>
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <IconPaperclip size={16} style={{ marginTop: 3, flexShrink: 0 }} aria-hidden />
                  <div style={{ minWidth: 0 }}>
                    <Anchor
                      href={attachmentUrl(attachment)}
                      download={attachment.filename}
                      size="sm"
                      fw={500}
                      style={{ overflowWrap: "anywhere" }}
                    >
                      {attachment.filename}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {formatBytes(attachment.sizeBytes, i18n.language)} · {attachment.uploadedBy ?? "—"} ·{" "}
                      {format.dateTime(attachment.createdAt)}
                    </Text>
                    {attachment.visibility === "internal" && (
                      <Badge
                        size="xs"
                        color="yellow"
                        variant="light"
                        radius="sm"
                        tt="none"
                        leftSection={<IconLock size={10} />}
                      >
                        {t("cases.attachments.internal")}
                      </Badge>
                    )}
                  </div>
                </Group>
              </li>
            ))}
          </Stack>
        </ListState>
        <FormAlert message={failure} />
        {canAttach && (
          <Group gap="sm" justify="space-between">
            {staff && (
              <Checkbox
                size="xs"
                label={t("cases.attachments.internalOption")}
                checked={internal}
                onChange={(event) => setInternal(event.currentTarget.checked)}
              />
            )}
            <FileButton onChange={send} resetRef={resetRef}>
              {(props) => (
                <Button
                  {...props}
                  variant="light"
                  size="xs"
                  loading={upload.isPending}
                  leftSection={<IconUpload size={14} />}
                >
                  {t("cases.attachments.add")}
                </Button>
              )}
            </FileButton>
          </Group>
        )}
        {canAttach && (
          <Text size="xs" c="dimmed">
            {t("cases.attachments.help", { max: "10 MB" })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
};
