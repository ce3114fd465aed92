import { Group, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Contact } from "../../../api/organizations";
import { DataTable } from "../../components/data-table";
import { MailUndeliverableBadge } from "../../components/mail-delivery";
import { ActiveBadge } from "../../components/role-badge";
import { useRowLink } from "../../components/row-link";

interface ContactsTableProps {
  contacts: readonly Contact[];
  /** Off inside an organization's page, where every contact is of that organization. */
  showOrganization?: boolean;
}

/** Contacts, each row opening the contact; on phones the name carries what the hidden columns say. */
export const ContactsTable = ({ contacts, showOrganization = true }: ContactsTableProps) => {
  const { t } = useTranslation();
  const rowLink = useRowLink();
  // with the organization's column, the email and the phone give way one screen size earlier
  const emailFrom = showOrganization ? "md" : "sm";
  const phoneFrom = showOrganization ? "lg" : "md";
  const withStatus = (text: string, active: boolean) => (active ? text : `${text} · ${t("common.inactive")}`);
  return (
    <DataTable
      label={t("contacts.title")}
      head={
        <>
          <Table.Th miw={showOrganization ? 170 : undefined}>{t("contacts.fields.name")}</Table.Th>
          {showOrganization && <Table.Th visibleFrom="sm">{t("contacts.fields.organization")}</Table.Th>}
          <Table.Th visibleFrom={emailFrom}>{t("contacts.fields.email")}</Table.Th>
          <Table.Th visibleFrom={phoneFrom}>{t("contacts.fields.phone")}</Table.Th>
          <Table.Th visibleFrom="sm">{t("contacts.fields.status")}</Table.Th>
        </>
      }
    >
      {contacts.map((contact) => (
        <Table.Tr key={contact.id} {...rowLink(`/contacts/${contact.id}`)}>
          <Table.Td>
            <Group gap={6} wrap="wrap">
              <Link className="soporte-row-link" to={`/contacts/${contact.id}`}>
                {contact.name}
              </Link>
              {contact.mailUndeliverable && <MailUndeliverableBadge />}
            </Group>
            {showOrganization && (
              <Text hiddenFrom="md" size="xs" c="dimmed">
                {contact.email}
              </Text>
            )}
            <Text hiddenFrom="sm" size="xs" c="dimmed">
              {withStatus(showOrganization ? contact.organizationName : contact.email, contact.active)}
            </Text>
          </Table.Td>
          {showOrganization && (
            <Table.Td visibleFrom="sm">
              <Link
                className="soporte-row-link"
                style={{ fontWeight: 400 }}
                to={`/organizations/${contact.organizationId}`}
              >
                {contact.organizationName}
              </Link>
            </Table.Td>
          )}
          <Table.Td visibleFrom={emailFrom}>{contact.email}</Table.Td>
          <Table.Td visibleFrom={phoneFrom} style={{ whiteSpace: "nowrap" }}>
            {contact.phone ?? "—"}
          </Table.Td>
          <Table.Td visibleFrom="sm">
            <ActiveBadge active={contact.active} />
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
};
