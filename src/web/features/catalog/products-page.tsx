import { Badge, Button, Group, Paper, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPackages, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useAuth } from "../../app/auth-context";
import { ListState, LoadMore } from "../../components/list-state";
import { PageHeader } from "../../components/page-header";
import { useRowLink } from "../../components/row-link";
import { SearchInput } from "../../components/search-input";
import { useProducts } from "./catalog-api";
import { ProductFormModal } from "./catalog-forms";

export const ProductsPage = () => {
  const { t } = useTranslation();
  const rowLink = useRowLink();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const list = useProducts({ q });
  const [creating, { open, close }] = useDisclosure(false);
  const createButton = can("catalog:write") ? (
    <Button leftSection={<IconPlus size={16} />} onClick={open}>
      {t("catalog.newProduct")}
    </Button>
  ) : null;

  return (
    <>
      <PageHeader title={t("catalog.title")} description={t("catalog.description")} actions={createButton} />
      <Paper p={{ base: "sm", sm: "md" }} radius="md">
        <Group mb="md">
          <SearchInput
            label={t("catalog.search")}
            clearLabel={t("common.clearSearch")}
            value={q}
            onSearch={(value) => setParams(value ? { q: value } : {}, { replace: true })}
          />
        </Group>
        <ListState
          query={list}
          isEmpty={list.items.length === 0}
          empty={
            q
              ? { title: t("common.noResults"), description: t("common.noResultsFor", { q }) }
              : {
                  title: t("catalog.empty"),
                  description: t("catalog.emptyDescription"),
                  icon: <IconPackages size={28} stroke={1.5} />,
                  action: createButton,
                }
          }
        >
          <Table.ScrollContainer minWidth={320}>
            <Table className="soporte-table" aria-label={t("catalog.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("catalog.fields.name")}</Table.Th>
                  <Table.Th>{t("catalog.fields.modules")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((product) => (
                  <Table.Tr key={product.id} {...rowLink(`/catalog/${product.id}`)}>
                    <Table.Td maw={360}>
                      <Link className="soporte-row-link" to={`/catalog/${product.id}`}>
                        {product.name}
                      </Link>
                      {product.description && (
                        <Text size="xs" c="dimmed" lineClamp={2}>
                          {product.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {product.modules.length === 0 ? (
                        <Text c="dimmed" size="sm">
                          {t("catalog.noModules")}
                        </Text>
                      ) : (
                        <Group gap={4}>
                          {product.modules.map((module) => (
                            <Badge
                              key={module.id}
                              variant="light"
                              color="gray"
                              radius="sm"
                              tt="none"
                              fw={500}
                            >
                              {module.name}
                            </Badge>
                          ))}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore
            shown={list.items.length}
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={list.fetchNextPage}
          />
        </ListState>
      </Paper>
      <ProductFormModal
        opened={creating}
        onClose={close}
        onSaved={(product) => navigate(`/catalog/${product.id}`)}
      />
    </>
  );
};
