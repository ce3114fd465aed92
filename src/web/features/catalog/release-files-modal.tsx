import { Anchor, Button, Code, FileButton, Group, Modal, Stack, Table, Tabs, Text } from "@mantine/core";
import { IconDownload, IconTrash, IconUpload } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Release } from "../../../api/catalog";
import { useAuth } from "../../app/auth-context";
import { DataTable } from "../../components/data-table";
import { FormAlert } from "../../components/form-alert";
import { formatBytes, useFormatters } from "../../components/formatters";
import { ListState } from "../../components/list-state";
import { describeProblem, notifySuccess } from "../../components/notify";
import { RowAction } from "../../components/row-action";
import { releaseFileUrl, useReleaseDownloads, useReleaseFileChanges, useReleaseFiles } from "./catalog-api";

/** A release's downloadable files (installers, notes) with their sha256, and who downloaded them. */
export const ReleaseFilesModal = ({ release, onClose }: { release: Release | null; onClose: () => void }) => {
  const { t } = useTranslation();
  return (
    <Modal
      opened={release !== null}
      onClose={onClose}
      size="xl"
      title={release ? t("releaseFiles.title", { version: release.version }) : ""}
    >
      {release && <ReleaseFiles release={release} />}
    </Modal>
  );
};

const ReleaseFiles = ({ release }: { release: Release }) => {
  const { t } = useTranslation();
  const { can } = useAuth();
  return (
    <Tabs defaultValue="files" keepMounted={false}>
      <Tabs.List mb="md">
        <Tabs.Tab value="files">{t("releaseFiles.files")}</Tabs.Tab>
        {can("releases:downloads") && <Tabs.Tab value="downloads">{t("releaseFiles.downloads")}</Tabs.Tab>}
      </Tabs.List>
      <Tabs.Panel value="files">
        <FilesPanel release={release} canWrite={can("catalog:write")} />
      </Tabs.Panel>
      <Tabs.Panel value="downloads">
        <DownloadsPanel release={release} />
      </Tabs.Panel>
    </Tabs>
  );
};

const FilesPanel = ({ release, canWrite }: { release: Release; canWrite: boolean }) => {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const files = useReleaseFiles(release.id);
  const { upload, remove } = useReleaseFileChanges(release.id);
  const [failure, setFailure] = useState<string | null>(null);
  const resetRef = useRef<() => void>(null);
  const items = files.data?.items ?? [];

  const send = async (file: File | null) => {
    if (!file) return;
    setFailure(null);
    try {
      await upload.mutateAsync(file);
      notifySuccess(t("releaseFiles.added", { name: file.name }));
    } catch (error) {
      setFailure(describeProblem(error));
    } finally {
      resetRef.current?.();
    }
  };

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t("releaseFiles.help")}
      </Text>
      <FormAlert message={failure} />
      <ListState
        query={files}
        isEmpty={items.length === 0}
        rows={2}
        compact
        empty={{ title: t("releaseFiles.empty"), description: t("releaseFiles.emptyDescription") }}
      >
        <DataTable
          label={t("releaseFiles.files")}
          head={
            <>
              <Table.Th>{t("releaseFiles.fields.file")}</Table.Th>
              <Table.Th>{t("releaseFiles.fields.sha256")}</Table.Th>
              <Table.Th visibleFrom="sm">{t("releaseFiles.fields.addedAt")}</Table.Th>
              {canWrite && <Table.Th w={48} aria-label={t("common.actions")} />}
            </>
          }
        >
          {items.map((file) => (
            <Table.Tr key={file.id}>
              <Table.Td>
                <Anchor href={releaseFileUrl(file)} size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                  {file.filename}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {formatBytes(file.sizeBytes, i18n.language)}
                </Text>
              </Table.Td>
              <Table.Td maw={260}>
                <Code style={{ overflowWrap: "anywhere", wordBreak: "break-all" }}>{file.sha256}</Code>
              </Table.Td>
              <Table.Td visibleFrom="sm" style={{ whiteSpace: "nowrap" }}>
                {format.dateTime(file.createdAt)}
              </Table.Td>
              {canWrite && (
                <Table.Td>
                  <RowAction
                    tooltip={t("releaseFiles.remove")}
                    label={t("releaseFiles.removeNamed", { name: file.filename })}
                    color="red"
                    loading={remove.isPending && remove.variables === file.id}
                    onClick={() =>
                      remove.mutate(file.id, {
                        onSuccess: () => notifySuccess(t("releaseFiles.removed", { name: file.filename })),
                        onError: (error) => setFailure(describeProblem(error)),
                      })
                    }
                  >
                    <IconTrash size={15} />
                  </RowAction>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </DataTable>
      </ListState>
      {canWrite && (
        <Group>
          <FileButton onChange={send} resetRef={resetRef}>
            {(props) => (
              <Button
                {...props}
                variant="light"
                leftSection={<IconUpload size={16} />}
                loading={upload.isPending}
              >
                {t("releaseFiles.add")}
              </Button>
            )}
          </FileButton>
        </Group>
      )}
    </Stack>
  );
};

const DownloadsPanel = ({ release }: { release: Release }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const downloads = useReleaseDownloads(release.id);
  const items = downloads.data?.items ?? [];
  return (
    <ListState
      query={downloads}
      isEmpty={items.length === 0}
      rows={2}
      compact
      empty={{ title: t("releaseFiles.noDownloads"), icon: <IconDownload size={28} stroke={1.5} /> }}
    >
      <DataTable
        label={t("releaseFiles.downloads")}
        head={
          <>
            <Table.Th>{t("releaseFiles.fields.when")}</Table.Th>
            <Table.Th>{t("releaseFiles.fields.who")}</Table.Th>
            <Table.Th>{t("releaseFiles.fields.file")}</Table.Th>
            <Table.Th visibleFrom="sm">{t("releaseFiles.fields.contract")}</Table.Th>
          </>
        }
      >
        {items.map((d) => (
          <Table.Tr key={d.id}>
            <Table.Td style={{ whiteSpace: "nowrap" }}>{format.dateTime(d.downloadedAt)}</Table.Td>
            <Table.Td>
              <Text size="sm">{d.user?.name ?? "—"}</Text>
              <Text size="xs" c="dimmed">
                {d.organization?.name ?? t("releaseFiles.staff")}
              </Text>
            </Table.Td>
            <Table.Td style={{ overflowWrap: "anywhere" }}>{d.filename}</Table.Td>
            <Table.Td visibleFrom="sm">{d.contractNumber ?? "—"}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </ListState>
  );
};
