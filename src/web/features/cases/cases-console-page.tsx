import { Button } from "@mantine/core";
import { IconClockPause, IconInbox, IconPhoneCall } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { buildUrl } from "../../app/api-client";
import { useAuth } from "../../app/auth-context";
import { CsvMenu } from "../../components/csv-menu";
import { ListPage, ListToolbar } from "../../components/list-page";
import { PagedList } from "../../components/paged-list";
import { StatusTabs } from "../../components/status-tabs";
import { useUrlFilters } from "../../components/use-url-filters";
import { OrganizationFilter } from "../organizations/organization-picker";
import { CaseStatusFilter } from "./case-status-filter";
import {
  CASE_QUEUE_VALUES,
  CASE_STATUS_VALUES,
  type CaseQueue,
  type CaseStatus,
  useCases,
  useQueueCounts,
} from "./cases-api";
import { CasesTable } from "./cases-table";

const ALL = "all";
type QueueTab = CaseQueue | typeof ALL;
const QUEUE_TABS: readonly QueueTab[] = [ALL, ...CASE_QUEUE_VALUES];

const isQueue = (value: string | null): value is CaseQueue =>
  (CASE_QUEUE_VALUES as readonly (string | null)[]).includes(value);
const isStatus = (value: string | null): value is CaseStatus =>
  (CASE_STATUS_VALUES as readonly (string | null)[]).includes(value);

/** Queues that deserve attention get a coloured count. */
const COUNT_COLORS: Partial<Record<CaseQueue, string>> = {
  untriaged: "orange",
  escalated: "red",
  due_soon: "yellow",
  breached: "red",
};

/** Staff console: the desk's queues, search by number, subject or organization, and the cases table. */
export const CasesConsolePage = () => {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const filters = useUrlFilters({ queue: ALL });
  const { q } = filters;
  const rawQueue = filters.get("queue");
  const queue = isQueue(rawQueue) ? rawQueue : null;
  const rawStatus = filters.get("status");
  const status = isStatus(rawStatus) ? rawStatus : null;
  const organizationId = filters.get("organizationId");
  const list = useCases({ q, queue, status, organizationId });
  const counts = useQueueCounts();
  const canPhoneLog = can("cases:open") && user?.role !== "customer_contact";
  const canSeeHeld = can("held-requests:read");
  const filtered = Boolean(q || status || organizationId);

  const countLabel = (value: QueueTab) => {
    if (value === ALL) return undefined;
    return counts ? String(counts[value]) : null;
  };

  const phoneLogButton = canPhoneLog ? (
    <Button component={Link} to="/phone-log" leftSection={<IconPhoneCall size={16} />}>
      {t("nav.phoneLog")}
    </Button>
  ) : null;
  // the CSV holds the cases the list shows: the same queue, status, organization and search
  const exportMenu = (
    <CsvMenu
      label={t("cases.console.exportCsv")}
      url={(separator) => buildUrl("/cases/export.csv", { q, queue, status, organizationId, separator })}
    />
  );

  return (
    <ListPage
      title={t("cases.console.title")}
      description={t("cases.console.description")}
      actions={
        <>
          {exportMenu}
          {phoneLogButton}
        </>
      }
    >
      <StatusTabs
        label={t("cases.console.queues")}
        values={QUEUE_TABS}
        value={queue ?? ALL}
        onChange={(value) => filters.setFilter("queue", value)}
        tabLabel={(value) => t(`cases.queues.${value}`)}
        count={countLabel}
        loud={(value) => (value === ALL ? undefined : COUNT_COLORS[value])}
        breakpoint="md"
        aside={
          canSeeHeld && (
            <Button
              component={Link}
              to="/held-requests"
              variant="subtle"
              leftSection={<IconClockPause size={16} />}
              style={{ flexShrink: 0 }}
            >
              {t("cases.queues.held")}
            </Button>
          )
        }
      />
      <ListToolbar search={{ filters, label: t("cases.console.search") }}>
        <CaseStatusFilter value={status} onChange={(value) => filters.setFilter("status", value)} />
        <OrganizationFilter filters={filters} />
      </ListToolbar>
      <PagedList
        list={list}
        hint={queue && t(`cases.queueHelp.${queue}`)}
        filtered={filtered}
        noResults={{ description: t("cases.console.noResultsDescription") }}
        empty={{
          title: queue ? t("cases.console.emptyQueue") : t("cases.console.empty"),
          description: queue ? undefined : t("cases.console.emptyDescription"),
          icon: <IconInbox size={28} stroke={1.5} />,
        }}
      >
        <CasesTable cases={list.items} label={t("cases.console.table")} />
      </PagedList>
    </ListPage>
  );
};
