import { Badge, Button, Group, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPackages, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useAuth } from "../../app/auth-context";
import { DataTable } from "../../components/data-table";
import { ListPage, ListToolbar } from "../../components/list-page";
import { PagedList } from "../../components/paged-list";
import { useRowLink } from "../../components/row-link";
import { useUrlFilters } from "../../components/use-url-filters";
import { useProducts } from "./catalog-api";
import { ProductFormModal } from "./catalog-forms";

export const ProductsPage = () => {
  const { t } = useTranslation();
  const rowLink = useRowLink();
  const { can } = useAuth();
  const navigate = useNavigate();
  const filters = useUrlFilters();
  const { q } = filters;
  const list = useProducts({ q });
  const [creating, { open, close }] = useDisclosure(false);
  const createButton = can("catalog:write") ? (
    <Button leftSection={<IconPlus size={16} />} onClick={open}>
      {t("catalog.newProduct")}
    </Button>
  ) : null;

  return (
    <>
      <ListPage title={t("catalog.title")} description={t("catalog.description")} actions={createButton}>
        <ListToolbar search={{ filters, label: t("catalog.search") }} />
        <PagedList
          list={list}
          search={q}
          empty={{
            title: t("catalog.empty"),
            description: t("catalog.emptyDescription"),
            icon: <IconPackages size={28} stroke={1.5} />,
            action: createButton,
          }}
        >
          <DataTable
            label={t("catalog.title")}
            head={
              <>
                <Table.Th>{t("catalog.fields.name")}</Table.Th>
                <Table.Th>{t("catalog.fields.modules")}</Table.Th>
              </>
            }
          >
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
                        <Badge key={module.id} variant="light" color="gray" radius="sm" tt="none" fw={500}>
                          {module.name}
                        </Badge>
                      ))}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </PagedList>
      </ListPage>
      <ProductFormModal
        opened={creating}
        onClose={close}
        onSaved={(product) => navigate(`/catalog/${product.id}`)}
      />
    </>
  );
};
