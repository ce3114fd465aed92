import { Anchor, Button, FileButton, Group, Paper, Stack, Text } from "@mantine/core";
import { IconTrash, IconUpload } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Article, MAX_ARTICLE_FILE_BYTES } from "../../../api/support-center";
import { FormAlert } from "../../components/form-alert";
import { formatBytes } from "../../components/formatters";
import { describeProblem, notifySuccess } from "../../components/notify";
import { RowAction } from "../../components/row-action";
import { articleFileUrl, useArticleFiles } from "./support-center-api";

/** An article's files: images to show in it, documents to download. SVG, HTML and scripts are refused. */
export const ArticleFilesEditor = ({ article }: { article: Article }) => {
  const { t, i18n } = useTranslation();
  const { upload, remove } = useArticleFiles(article.id);
  const [failure, setFailure] = useState<string | null>(null);
  const resetRef = useRef<() => void>(null);

  const send = async (file: File | null) => {
    if (!file) return;
    setFailure(null);
    try {
      if (file.size > MAX_ARTICLE_FILE_BYTES) {
        setFailure(
          t("supportCenter.files.tooLarge", {
            name: file.name,
            max: formatBytes(MAX_ARTICLE_FILE_BYTES, i18n.language),
          }),
        );
        return;
      }
      await upload.mutateAsync(file);
      notifySuccess(t("supportCenter.files.added", { name: file.name }));
    } catch (error) {
      setFailure(describeProblem(error));
    } finally {
      resetRef.current?.();
    }
  };

  return (
    <Paper p={{ base: "md", sm: "lg" }} radius="md">
      <Text fw={650} mb={4}>
        {t("supportCenter.fields.files")}
      </Text>
      <Text size="xs" c="dimmed" mb="sm">
        {t("supportCenter.files.help")}
      </Text>
      <Stack gap="sm">
        <FormAlert message={failure} />
        {article.files.map((file) => (
          <Group key={file.id} justify="space-between" wrap="nowrap" gap="xs">
            <div style={{ minWidth: 0 }}>
              <Anchor href={articleFileUrl(article.id, file)} size="sm" style={{ overflowWrap: "anywhere" }}>
                {file.filename}
              </Anchor>
              <Text size="xs" c="dimmed">
                {formatBytes(file.sizeBytes, i18n.language)}
              </Text>
            </div>
            <RowAction
              tooltip={t("supportCenter.files.remove")}
              label={t("supportCenter.files.removeNamed", { name: file.filename })}
              onClick={() =>
                remove.mutate(file.id, {
                  onSuccess: () => notifySuccess(t("supportCenter.files.removed", { name: file.filename })),
                  onError: (error) => setFailure(describeProblem(error)),
                })
              }
            >
              <IconTrash size={15} />
            </RowAction>
          </Group>
        ))}
        <FileButton onChange={send} resetRef={resetRef}>
          {(props) => (
            <Button
              {...props}
              variant="light"
              size="xs"
              leftSection={<IconUpload size={14} />}
              loading={upload.isPending}
              w="fit-content"
            >
              {t("supportCenter.files.add")}
            </Button>
          )}
        </FileButton>
      </Stack>
    </Paper>
  );
};
