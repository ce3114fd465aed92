import { Button, Group, Paper, Select } from "@mantine/core";
import { IconInbox, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useSearchParams } from "react-router";
import { useAuth, useCurrentUser } from "../../app/auth-context";
import { ListState, LoadMore } from "../../components/list-state";
import { PageHeader } from "../../components/page-header";
import { SearchInput } from "../../components/search-input";
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
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const rawStatus = params.get("status");
  const status = isStatus(rawStatus) ? rawStatus : null;
  const list = useCases({ q, status });
  const setFilter = (key: "q" | "status", value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const openButton = can("cases:open") ? (
    <Button component={Link} to="/open-case" leftSection={<IconPlus size={16} />}>
      {t("nav.openCase")}
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title={t("cases.mine.title")}
        description={t("cases.mine.description")}
        actions={openButton}
      />
      <Paper p={{ base: "sm", sm: "md" }} radius="md">
        <Group mb="md" gap="sm" align="flex-end">
          <SearchInput
            label={t("cases.mine.search")}
            clearLabel={t("common.clearSearch")}
            value={q}
            onSearch={(value) => setFilter("q", value)}
          />
          <Select
            aria-label={t("cases.fields.status")}
            placeholder={t("cases.console.allStatuses")}
            clearable
            value={status}
            onChange={(value) => setFilter("status", value)}
            data={CASE_STATUS_VALUES.map((value) => ({ value, label: t(`cases.status.${value}`) }))}
            style={{ flex: "1 1 180px", maxWidth: 220 }}
          />
        </Group>
        <ListState
          query={list}
          isEmpty={list.items.length === 0}
          empty={
            q || status
              ? { title: t("common.noResults"), description: t("cases.console.noResultsDescription") }
              : {
                  title: t("cases.mine.empty"),
                  description: t("cases.mine.emptyDescription"),
                  icon: <IconInbox size={28} stroke={1.5} />,
                  action: openButton,
                }
          }
        >
          <CasesTable cases={list.items} label={t("cases.mine.title")} showOrganization={false} portal />
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
