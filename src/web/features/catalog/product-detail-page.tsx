import { Box, Button, Grid, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconFileDownload, IconPencil, IconPlus, IconPuzzle, IconTag } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import type { Release } from "../../../api/catalog";
import { useAuth } from "../../app/auth-context";
import { DataTable } from "../../components/data-table";
import { useFormatters } from "../../components/formatters";
import { ListState, LoadMore, PageLoader, QueryError } from "../../components/list-state";
import { PageHeader } from "../../components/page-header";
import { ReleaseKindBadge } from "../../components/release-kind-badge";
import { RowAction } from "../../components/row-action";
import { SupportStatusBadge } from "../../components/support-status-badge";
import { useProduct, useReleases } from "./catalog-api";
import { ModuleFormModal, ProductFormModal, ReleaseFormModal } from "./catalog-forms";
import { EndOfSupportSection } from "./end-of-support";
import { ReleaseFilesModal } from "./release-files-modal";

const SectionTitle = ({ title, action }: { title: string; action?: ReactNode }) => (
  <Group justify="space-between" mb="sm" gap="xs">
    <Title order={3} fz="lg">
      {title}
    </Title>
    {action}
  </Group>
);

export const ProductDetailPage = () => {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const format = useFormatters();
  const { productId = "" } = useParams();
  const product = useProduct(productId);
  const releases = useReleases(productId);
  const canWrite = can("catalog:write");
  // the desk sees a release's files and who downloaded them; customers get them on their Versions page
  const staff = user?.role !== "customer_contact";
  const [editingProduct, productModal] = useDisclosure(false);
  const [module, setModule] = useState<{ id: string; name: string } | "new" | null>(null);
  const [release, setRelease] = useState<Release | "new" | null>(null);
  const [filesOf, setFilesOf] = useState<Release | null>(null);

  if (product.isPending) return <PageLoader />;
  if (product.isError) return <QueryError error={product.error} onRetry={product.refetch} />;
  const p = product.data;

  return (
    <>
      <PageHeader
        title={p.name}
        description={p.description || undefined}
        back={{ to: "/catalog", label: t("nav.catalog") }}
        actions={
          canWrite ? (
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={productModal.open}>
              {t("common.edit")}
            </Button>
          ) : null
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper p={{ base: "md", sm: "lg" }} radius="md">
            <SectionTitle
              title={t("catalog.fields.modules")}
              action={
                canWrite ? (
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconPlus size={14} />}
                    onClick={() => setModule("new")}
                  >
                    {t("catalog.addModule")}
                  </Button>
                ) : null
              }
            />
            {p.modules.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t("catalog.noModules")}
              </Text>
            ) : (
              <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
                {p.modules.map((item) => (
                  <Group key={item.id} component="li" justify="space-between" wrap="nowrap" py={6} gap="xs">
                    <Group gap="xs" wrap="nowrap">
                      <IconPuzzle
                        size={16}
                        color="var(--mantine-color-gray-6)"
                        style={{ flexShrink: 0 }}
                        aria-hidden
                      />
                      <Text size="sm">{item.name}</Text>
                    </Group>
                    {canWrite && (
                      <RowAction
                        tooltip={t("catalog.renameModule")}
                        label={t("catalog.renameModuleNamed", { name: item.name })}
                        onClick={() => setModule(item)}
                      >
                        <IconPencil size={15} />
                      </RowAction>
                    )}
                  </Group>
                ))}
              </Stack>
            )}
          </Paper>
          <Paper p={{ base: "md", sm: "lg" }} radius="md" mt="lg">
            <EndOfSupportSection productId={p.id} canWrite={canWrite} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper p={{ base: "md", sm: "lg" }} radius="md">
            <SectionTitle
              title={t("catalog.releases")}
              action={
                canWrite ? (
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconPlus size={14} />}
                    onClick={() => setRelease("new")}
                  >
                    {t("catalog.addRelease")}
                  </Button>
                ) : null
              }
            />
            <ListState
              query={releases}
              isEmpty={releases.items.length === 0}
              rows={3}
              compact
              empty={{
                title: t("catalog.noReleases"),
                description: t("catalog.noReleasesDescription"),
                icon: <IconTag size={28} stroke={1.5} />,
              }}
            >
              <DataTable
                label={t("catalog.releases")}
                head={
                  <>
                    <Table.Th>{t("catalog.fields.version")}</Table.Th>
                    <Table.Th visibleFrom="xl">{t("catalog.fields.kind")}</Table.Th>
                    <Table.Th>{t("catalog.fields.releaseDate")}</Table.Th>
                    <Table.Th>{t("catalog.fields.support")}</Table.Th>
                    {staff && <Table.Th w={canWrite ? 84 : 48} aria-label={t("common.actions")} />}
                  </>
                }
              >
                {releases.items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td maw={300}>
                      <Text ff="monospace" fw={600} size="sm">
                        {item.version}
                      </Text>
                      {item.notes && (
                        <Text size="xs" c="dimmed" lineClamp={2} title={item.notes}>
                          {item.notes}
                        </Text>
                      )}
                      <Box hiddenFrom="xl" mt={4}>
                        <ReleaseKindBadge kind={item.kind} />
                      </Box>
                    </Table.Td>
                    <Table.Td visibleFrom="xl">
                      <ReleaseKindBadge kind={item.kind} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{format.localDate(item.releaseDate)}</Table.Td>
                    <Table.Td>
                      <SupportStatusBadge support={item.support} />
                    </Table.Td>
                    {staff && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <RowAction
                            tooltip={t("releaseFiles.open")}
                            label={t("releaseFiles.title", { version: item.version })}
                            onClick={() => setFilesOf(item)}
                          >
                            <IconFileDownload size={15} />
                          </RowAction>
                          {canWrite && (
                            <RowAction
                              tooltip={t("common.edit")}
                              label={t("catalog.editRelease", { version: item.version })}
                              onClick={() => setRelease(item)}
                            >
                              <IconPencil size={15} />
                            </RowAction>
                          )}
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </DataTable>
              <LoadMore
                shown={releases.items.length}
                hasNextPage={releases.hasNextPage}
                isFetchingNextPage={releases.isFetchingNextPage}
                fetchNextPage={releases.fetchNextPage}
              />
            </ListState>
          </Paper>
        </Grid.Col>
      </Grid>
      <ProductFormModal opened={editingProduct} onClose={productModal.close} product={p} />
      <ModuleFormModal
        opened={module !== null}
        onClose={() => setModule(null)}
        productId={p.id}
        module={module && module !== "new" ? module : undefined}
      />
      <ReleaseFilesModal release={filesOf} onClose={() => setFilesOf(null)} />
      <ReleaseFormModal
        opened={release !== null}
        onClose={() => setRelease(null)}
        productId={p.id}
        release={release && release !== "new" ? release : undefined}
      />
    </>
  );
};
