import { Button } from "@mantine/core";
import { IconInbox, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, Navigate } from "react-router";
import { buildUrl } from "../../app/api-client";
import { useAuth, useCurrentUser } from "../../app/auth-context";
import { CsvMenu } from "../../components/csv-menu";
import { ListPage, ListToolbar } from "../../components/list-page";
import { PagedList } from "../../components/paged-list";
import { useUrlFilters } from "../../components/use-url-filters";
import { CaseStatusFilter } from "./case-status-filter";
import { CASE_STATUS_VALUES, type CaseStatus, useCases } from "./cases-api";
import { CasesTable } from "./cases-table";

const isStatus = (value: string | null): value is CaseStatus =>
  (CASE_STATUS_VALUES as readonly (string | null)[]).includes(value);

/** Customer portal, "Casos de mi organización": every case of the organization, newest first. */
export const MyCasesPage = () => {
  const user = useCurrentUser();
  if (user.role !== "customer_contact") return <Navigate to="/cases" replace />;
  return <MyCases />;
};

const MyCases = () => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const filters = useUrlFilters();
  const { q } = filters;
  const rawStatus = filters.get("status");
  const status = isStatus(rawStatus) ? rawStatus : null;
  const list = useCases({ q, status });
  const openButton = can("cases:open") ? (
    <Button component={Link} to="/open-case" leftSection={<IconPlus size={16} />}>
      {t("nav.openCase")}
    </Button>
  ) : null;

  return (
    <ListPage
      title={t("cases.mine.title")}
      description={t("cases.mine.description")}
      actions={
        <>
          <CsvMenu
            label={t("cases.console.exportCsv")}
            url={(separator) => buildUrl("/cases/export.csv", { q, status, separator })}
          />
          {openButton}
        </>
      }
    >
      <ListToolbar search={{ filters, label: t("cases.mine.search") }}>
        <CaseStatusFilter value={status} onChange={(value) => filters.setFilter("status", value)} />
      </ListToolbar>
      <PagedList
        list={list}
        filtered={Boolean(q || status)}
        noResults={{ description: t("cases.console.noResultsDescription") }}
        empty={{
          title: t("cases.mine.empty"),
          description: t("cases.mine.emptyDescription"),
          icon: <IconInbox size={28} stroke={1.5} />,
          action: openButton,
        }}
      >
        <CasesTable cases={list.items} label={t("cases.mine.title")} showOrganization={false} portal />
      </PagedList>
    </ListPage>
  );
};
