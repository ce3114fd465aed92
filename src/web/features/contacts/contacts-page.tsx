import { Group, Paper, Table, Text } from "@mantine/core";
import { IconUsersGroup } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ListState, LoadMore } from "../../components/list-state";
import { PageHeader } from "../../components/page-header";
import { ActiveBadge } from "../../components/role-badge";
import { useRowLink } from "../../components/row-link";
import { SearchInput } from "../../components/search-input";
import { OrganizationPicker } from "../organizations/organization-picker";
import { useContacts } from "./contacts-api";

export const ContactsPage = () => {
  const { t } = useTranslation();
  const rowLink = useRowLink();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const organizationId = params.get("organizationId");
  const list = useContacts({ q, organizationId });

  const setFilter = (key: "q" | "organizationId", value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const filtered = Boolean(q || organizationId);

  return (
    <>
      <PageHeader title={t("contacts.title")} description={t("contacts.description")} />
      <Paper p={{ base: "sm", sm: "md" }} radius="md">
        <Group mb="md" align="flex-end" gap="sm">
          <SearchInput
            label={t("contacts.search")}
            clearLabel={t("common.clearSearch")}
            value={q}
            onSearch={(value) => setFilter("q", value)}
          />
          <OrganizationPicker
            label=""
            placeholder={t("contacts.filterByOrganization")}
            value={organizationId}
            onChange={(value) => setFilter("organizationId", value)}
          />
        </Group>
        <ListState
          query={list}
          isEmpty={list.items.length === 0}
          empty={
            filtered
              ? { title: t("common.noResults"), description: t("contacts.noResultsDescription") }
              : {
                  title: t("contacts.empty"),
                  description: t("contacts.emptyDescription"),
                  icon: <IconUsersGroup size={28} stroke={1.5} />,
                }
          }
        >
          <Table.ScrollContainer minWidth={320}>
            <Table className="soporte-table" aria-label={t("contacts.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th miw={170}>{t("contacts.fields.name")}</Table.Th>
                  <Table.Th visibleFrom="sm">{t("contacts.fields.organization")}</Table.Th>
                  <Table.Th visibleFrom="md">{t("contacts.fields.email")}</Table.Th>
                  <Table.Th visibleFrom="lg">{t("contacts.fields.phone")}</Table.Th>
                  <Table.Th visibleFrom="sm">{t("contacts.fields.status")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((contact) => (
                  <Table.Tr key={contact.id} {...rowLink(`/contacts/${contact.id}`)}>
                    <Table.Td>
                      <Link className="soporte-row-link" to={`/contacts/${contact.id}`}>
                        {contact.name}
                      </Link>
                      <Text hiddenFrom="md" size="xs" c="dimmed">
                        {contact.email}
                      </Text>
                      <Text hiddenFrom="sm" size="xs" c="dimmed">
                        {contact.active
                          ? contact.organizationName
                          : `${contact.organizationName} · ${t("common.inactive")}`}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      <Link
                        className="soporte-row-link"
                        style={{ fontWeight: 400 }}
                        to={`/organizations/${contact.organizationId}`}
                      >
                        {contact.organizationName}
                      </Link>
                    </Table.Td>
                    <Table.Td visibleFrom="md">{contact.email}</Table.Td>
                    <Table.Td visibleFrom="lg" style={{ whiteSpace: "nowrap" }}>
                      {contact.phone ?? "—"}
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      <ActiveBadge active={contact.active} />
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
