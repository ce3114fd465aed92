import { Button, Group, Paper, Table, Text } from "@mantine/core";
import { IconBuildingCommunity, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useAuth } from "../../app/auth-context";
import { DomainList } from "../../components/domain-list";
import { ListState, LoadMore } from "../../components/list-state";
import { PageHeader } from "../../components/page-header";
import { useRowLink } from "../../components/row-link";
import { SearchInput } from "../../components/search-input";
import { useOrganizations } from "./organizations-api";

export const OrganizationsPage = () => {
  const { t } = useTranslation();
  const rowLink = useRowLink();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const list = useOrganizations({ q });
  const canWrite = can("organizations:write");

  const createButton = canWrite ? (
    <Button component={Link} to="/organizations/new" leftSection={<IconPlus size={16} />}>
      {t("organizations.new")}
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title={t("organizations.title")}
        description={t("organizations.description")}
        actions={createButton}
      />
      <Paper p={{ base: "sm", sm: "md" }} radius="md">
        <Group mb="md">
          <SearchInput
            label={t("organizations.search")}
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
                  title: t("organizations.empty"),
                  description: t("organizations.emptyDescription"),
                  icon: <IconBuildingCommunity size={28} stroke={1.5} />,
                  action: createButton,
                }
          }
        >
          <Table.ScrollContainer minWidth={320}>
            <Table className="soporte-table" aria-label={t("organizations.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("organizations.fields.name")}</Table.Th>
                  <Table.Th visibleFrom="sm">{t("organizations.fields.rfc")}</Table.Th>
                  <Table.Th visibleFrom="md">{t("organizations.fields.emailDomains")}</Table.Th>
                  <Table.Th visibleFrom="sm">{t("organizations.fields.accountExecutive")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
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
    </>
  );
};
