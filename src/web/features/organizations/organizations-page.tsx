import { Button, Table, Text } from "@mantine/core";
import { IconBuildingCommunity, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuth } from "../../app/auth-context";
import { DataTable } from "../../components/data-table";
import { DomainList } from "../../components/domain-list";
import { ListPage, ListToolbar } from "../../components/list-page";
import { PagedList } from "../../components/paged-list";
import { useRowLink } from "../../components/row-link";
import { useUrlFilters } from "../../components/use-url-filters";
import { useOrganizations } from "./organizations-api";

export const OrganizationsPage = () => {
  const { t } = useTranslation();
  const rowLink = useRowLink();
  const { can } = useAuth();
  const filters = useUrlFilters();
  const { q } = filters;
  const list = useOrganizations({ q });
  const canWrite = can("organizations:write");

  const createButton = canWrite ? (
    <Button component={Link} to="/organizations/new" leftSection={<IconPlus size={16} />}>
      {t("organizations.new")}
    </Button>
  ) : null;

  return (
    <ListPage
      title={t("organizations.title")}
      description={t("organizations.description")}
      actions={createButton}
    >
      <ListToolbar search={{ filters, label: t("organizations.search") }} />
      <PagedList
        list={list}
        search={q}
        empty={{
          title: t("organizations.empty"),
          description: t("organizations.emptyDescription"),
          icon: <IconBuildingCommunity size={28} stroke={1.5} />,
          action: createButton,
        }}
      >
        <DataTable
          label={t("organizations.title")}
          head={
            <>
              <Table.Th>{t("organizations.fields.name")}</Table.Th>
              <Table.Th visibleFrom="sm">{t("organizations.fields.rfc")}</Table.Th>
              <Table.Th visibleFrom="md">{t("organizations.fields.emailDomains")}</Table.Th>
              <Table.Th visibleFrom="sm">{t("organizations.fields.accountExecutive")}</Table.Th>
            </>
          }
        >
          {list.items.map((organization) => (
            <Table.Tr key={organization.id} {...rowLink(`/organizations/${organization.id}`)}>
              <Table.Td>
                <Link className="soporte-row-link" to={`/organizations/${organization.id}`}>
                  {organization.name}
                </Link>
                <Text hiddenFrom="sm" size="xs" c="dimmed">
                  {[organization.rfc, organization.accountExecutive?.name].filter(Boolean).join(" · ")}
                </Text>
              </Table.Td>
              <Table.Td visibleFrom="sm" ff="monospace" fz="sm">
                {organization.rfc ?? "—"}
              </Table.Td>
              <Table.Td visibleFrom="md">
                <DomainList domains={organization.emailDomains} />
              </Table.Td>
              <Table.Td visibleFrom="sm">
                {organization.accountExecutive?.name ?? (
                  <Text span c="dimmed" inherit>
                    {t("organizations.noAccountExecutive")}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </PagedList>
    </ListPage>
  );
};
