import { Button } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconUserPlus, IconUsersGroup } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../../app/auth-context";
import { PagedList } from "../../components/paged-list";
import { ContactFormModal } from "../contacts/contact-form-modal";
import { useOrganizationContacts } from "../contacts/contacts-api";
import { ContactsTable } from "../contacts/contacts-table";

export const OrganizationContacts = ({ organizationId }: { organizationId: string }) => {
  const { t } = useTranslation();
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
      <PagedList
        list={list}
        compact
        addButton={addButton}
        empty={{
          title: t("contacts.emptyForOrganization"),
          description: t("contacts.emptyForOrganizationDescription"),
          icon: <IconUsersGroup size={28} stroke={1.5} />,
        }}
      >
        <ContactsTable contacts={list.items} showOrganization={false} />
      </PagedList>
      <ContactFormModal opened={adding} onClose={close} organizationId={organizationId} />
    </>
  );
};
