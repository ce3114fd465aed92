import { IconUsersGroup } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { ListPage, ListToolbar } from "../../components/list-page";
import { PagedList } from "../../components/paged-list";
import { useUrlFilters } from "../../components/use-url-filters";
import { OrganizationFilter } from "../organizations/organization-picker";
import { useContacts } from "./contacts-api";
import { ContactsTable } from "./contacts-table";

export const ContactsPage = () => {
  const { t } = useTranslation();
  const filters = useUrlFilters();
  const { q } = filters;
  const organizationId = filters.get("organizationId");
  const list = useContacts({ q, organizationId });

  return (
    <ListPage title={t("contacts.title")} description={t("contacts.description")}>
      <ListToolbar search={{ filters, label: t("contacts.search") }}>
        <OrganizationFilter filters={filters} placeholder={t("contacts.filterByOrganization")} />
      </ListToolbar>
      <PagedList
        list={list}
        filtered={Boolean(q || organizationId)}
        noResults={{ description: t("contacts.noResultsDescription") }}
        empty={{
          title: t("contacts.empty"),
          description: t("contacts.emptyDescription"),
          icon: <IconUsersGroup size={28} stroke={1.5} />,
        }}
      >
        <ContactsTable contacts={list.items} />
      </PagedList>
    </ListPage>
  );
};
