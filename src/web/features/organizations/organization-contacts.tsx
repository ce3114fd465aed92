import { Button, Group, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconUserPlus, IconUsersGroup } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuth } from "../../app/auth-context";
import { ListState, LoadMore } from "../../components/list-state";
import { ActiveBadge } from "../../components/role-badge";
import { useRowLink } from "../../components/row-link";
import { ContactFormModal } from "../contacts/contact-form-modal";
import { useOrganizationContacts } from "../contacts/contacts-api";

export const OrganizationContacts = ({ organizationId }: { organizationId: string }) => {
  const { t } = useTranslation();
  const rowLink = useRowLink();
  const { can } = useAuth();
  const list = useOrganizationContacts(organizationId);
  const [adding, { open, close }] = useDisclosure(false);
  const canWrite = can("contacts:write");
  const addButton = canWrite ? (
    <Button variant="light" size="sm" leftSection={<IconUserPlus size={16} />} onClick={open}>
      {t("contacts.add")}
    </Button>
  ) : null;

  return (
    <>
      {list.items.length > 0 && addButton && (
        <Group justify="flex-end" mb="sm">
          {addButton}
        </Group>
      )}
      <ListState
        query={list}
        isEmpty={list.items.length === 0}
        rows={3}
        compact
        empty={{
          title: t("contacts.emptyForOrganization"),
          description: t("contacts.emptyForOrganizationDescription"),
          icon: <IconUsersGroup size={28} stroke={1.5} />,
          action: addButton,
        }}
      >
        <Table.ScrollContainer minWidth={320}>
          <Table className="soporte-table" aria-label={t("contacts.title")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("contacts.fields.name")}</Table.Th>
                <Table.Th visibleFrom="sm">{t("contacts.fields.email")}</Table.Th>
                <Table.Th visibleFrom="md">{t("contacts.fields.phone")}</Table.Th>
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
                    <Text hiddenFrom="sm" size="xs" c="dimmed">
                      {contact.active ? contact.email : `${contact.email} · ${t("common.inactive")}`}
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">{contact.email}</Table.Td>
                  <Table.Td visibleFrom="md" style={{ whiteSpace: "nowrap" }}>
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
      <ContactFormModal opened={adding} onClose={close} organizationId={organizationId} />
    </>
  );
};
