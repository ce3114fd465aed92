import { Alert, Anchor, Badge, Code, Group, Paper, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import { IconDownload, IconLock, IconPackages } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { CustomerSystem, SystemRelease } from "../../../api/catalog";
import { DataTable } from "../../components/data-table";
import { EnvironmentBadge } from "../../components/environment-badge";
import { formatBytes, useFormatters } from "../../components/formatters";
import { ListState, LoadMore } from "../../components/list-state";
import { PageHeader } from "../../components/page-header";
import { ReleaseKindBadge } from "../../components/release-kind-badge";
import { SupportStatusBadge } from "../../components/support-status-badge";
import { releaseFileUrl, useSystemReleases } from "../catalog/catalog-api";
import { useSystems } from "../systems/systems-api";

/**
 * The customer's "Versiones": each of the organization's systems, where its installed version stands in the
 * support policy, and the releases its contracts entitle it to download (SPEC §7, the brochure's "derecho a
 * nuevas versiones"); later releases say they need a current contract.
 */
export const VersionsPage = () => {
  const { t } = useTranslation();
  const systems = useSystems({});
  return (
    <>
      <PageHeader title={t("versions.title")} description={t("versions.description")} />
      <ListState
        query={systems}
        isEmpty={systems.items.length === 0}
        empty={{
          title: t("versions.empty"),
          description: t("versions.emptyDescription"),
          icon: <IconPackages size={28} stroke={1.5} />,
        }}
      >
        <Stack gap="lg">
          {systems.items.map((system) => (
            <SystemVersions key={system.id} system={system} />
          ))}
        </Stack>
        <LoadMore
          shown={systems.items.length}
          hasNextPage={systems.hasNextPage}
          isFetchingNextPage={systems.isFetchingNextPage}
          fetchNextPage={systems.fetchNextPage}
        />
      </ListState>
    </>
  );
};

const SystemVersions = ({ system }: { system: CustomerSystem }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const releases = useSystemReleases(system.id);
  const items = releases.data?.items ?? [];
  const ending = system.support.status === "ending" || system.support.status === "unsupported";
  return (
    <Paper p={{ base: "md", sm: "lg" }} radius="md" component="section" aria-label={system.name}>
      <Group justify="space-between" align="flex-start" gap="sm" mb="sm">
        <Stack gap={2}>
          <Title order={3} fz="lg">
            {system.name}
          </Title>
          <Text size="sm" c="dimmed">
            {t("versions.installed", { product: system.productName, version: system.installedVersion })}
          </Text>
        </Stack>
        <Group gap="xs">
          <EnvironmentBadge environment={system.environment} />
          <SupportStatusBadge support={system.support} />
        </Group>
      </Group>
      {ending && (
        <Alert color={system.support.status === "unsupported" ? "red" : "orange"} variant="light" mb="md">
          {t(`versions.notice.${system.support.status as "ending" | "unsupported"}`, {
            version: system.installedVersion,
            date: format.localDate(system.support.endOfSupportOn),
          })}
        </Alert>
      )}
      <ListState
        query={releases}
        isEmpty={items.length === 0}
        rows={3}
        compact
        empty={{ title: t("catalog.noReleases") }}
      >
        <DataTable
          label={t("versions.releasesOf", { system: system.name })}
          head={
            <>
              <Table.Th>{t("catalog.fields.version")}</Table.Th>
              <Table.Th visibleFrom="sm">{t("catalog.fields.releaseDate")}</Table.Th>
              <Table.Th visibleFrom="sm">{t("catalog.fields.support")}</Table.Th>
              <Table.Th>{t("versions.download")}</Table.Th>
            </>
          }
        >
          {items.map((item) => (
            <ReleaseRow
              key={item.release.id}
              item={item}
              installed={item.release.version === system.installedVersion}
            />
          ))}
        </DataTable>
      </ListState>
    </Paper>
  );
};

const ReleaseRow = ({ item, installed }: { item: SystemRelease; installed: boolean }) => {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const { release, entitlement, files } = item;
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text ff="monospace" fw={600} size="sm">
            {release.version}
          </Text>
          {installed && (
            <Badge size="xs" variant="outline" radius="sm" tt="none">
              {t("versions.yourVersion")}
            </Badge>
          )}
        </Group>
        <ReleaseKindBadge kind={release.kind} />
        <Text size="xs" c="dimmed" hiddenFrom="sm" mt={2}>
          {format.localDate(release.releaseDate)}
        </Text>
        {release.notes && (
          <Text size="xs" c="dimmed" lineClamp={2} maw={320}>
            {release.notes}
          </Text>
        )}
      </Table.Td>
      <Table.Td visibleFrom="sm" style={{ whiteSpace: "nowrap" }}>
        {format.localDate(release.releaseDate)}
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <SupportStatusBadge support={release.support} />
      </Table.Td>
      <Table.Td>
        {entitlement.downloadable ? (
          files.length === 0 ? (
            <Text size="xs" c="dimmed">
              {t("versions.noFiles")}
            </Text>
          ) : (
            <Stack gap={6}>
              {files.map((file) => (
                <div key={file.id}>
                  <Anchor href={releaseFileUrl(file)} size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                    <Group gap={4} wrap="nowrap" component="span">
                      <IconDownload size={14} aria-hidden />
                      {file.filename}
                    </Group>
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {formatBytes(file.sizeBytes, i18n.language)} · sha256{" "}
                    <Code fz={10} style={{ wordBreak: "break-all" }}>
                      {file.sha256}
                    </Code>
                  </Text>
                </div>
              ))}
            </Stack>
          )
        ) : (
          <Tooltip
            multiline
            w={260}
            withArrow
            label={t(`versions.locked.${entitlement.reason ?? "no_contract"}Help`, {
              date: format.localDate(entitlement.contractEnd ?? release.releaseDate),
            })}
          >
            <Badge
              variant="light"
              color={entitlement.reason === "not_released" ? "gray" : "orange"}
              radius="sm"
              tt="none"
              h="auto"
              py={3}
              styles={{ label: { whiteSpace: "normal" } }}
              leftSection={<IconLock size={12} />}
            >
              {t(`versions.locked.${entitlement.reason ?? "no_contract"}`, {
                date: format.localDate(release.releaseDate),
              })}
            </Badge>
          </Tooltip>
        )}
      </Table.Td>
    </Table.Tr>
  );
};
