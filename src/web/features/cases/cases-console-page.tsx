import { Badge, Button, Group, Paper, Select, Tabs, Text } from "@mantine/core";
import { IconClockPause, IconInbox, IconPhoneCall } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useAuth } from "../../app/auth-context";
import { ListState, LoadMore } from "../../components/list-state";
import { PageHeader } from "../../components/page-header";
import { SearchInput } from "../../components/search-input";
import { OrganizationPicker } from "../organizations/organization-picker";
import {
  CASE_QUEUE_VALUES,
  CASE_STATUS_VALUES,
  type CaseQueue,
  type CaseStatus,
  QUEUE_COUNT_LIMIT,
  useCases,
  useQueueCounts,
} from "./cases-api";
import { CasesTable } from "./cases-table";

const ALL = "all";
type QueueTab = CaseQueue | typeof ALL;
type FilterKey = "q" | "status" | "organizationId" | "queue";

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
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const rawQueue = params.get("queue");
  const queue = isQueue(rawQueue) ? rawQueue : null;
  const rawStatus = params.get("status");
  const status = isStatus(rawStatus) ? rawStatus : null;
  const organizationId = params.get("organizationId");
  const list = useCases({ q, queue, status, organizationId });
  const counts = useQueueCounts();
  const canPhoneLog = can("cases:open") && user?.role !== "customer_contact";
  const canSeeHeld = can("held-requests:read");

  const setFilter = (key: FilterKey, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value && !(key === "queue" && value === ALL)) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const filtered = Boolean(q || status || organizationId);

  const countLabel = (value: CaseQueue) => {
    const count = counts.get(value);
    if (!count) return null;
    return count.more ? `${QUEUE_COUNT_LIMIT}+` : String(count.count);
  };
  const countBadge = (value: CaseQueue) => {
    const label = countLabel(value);
    // a placeholder of the same size while counting, so the tabs do not shift under the pointer
    if (label === null)
      return (
        <Badge size="sm" variant="light" color="gray" radius="xl" miw={24} aria-hidden>
          ·
        </Badge>
      );
    const color = label !== "0" ? COUNT_COLORS[value] : undefined;
    return (
      <Badge size="sm" variant={color ? "filled" : "light"} color={color ?? "gray"} radius="xl" miw={24}>
        {label}
      </Badge>
    );
  };
  const queueLabel = (value: QueueTab) => t(`cases.queues.${value}`);

  const phoneLogButton = canPhoneLog ? (
    <Button component={Link} to="/phone-log" leftSection={<IconPhoneCall size={16} />}>
      {t("nav.phoneLog")}
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title={t("cases.console.title")}
        description={t("cases.console.description")}
        actions={phoneLogButton}
      />
      <Paper p={{ base: "sm", sm: "md" }} radius="md">
        <Group justify="space-between" align="flex-end" gap="sm" mb="md" visibleFrom="md" wrap="nowrap">
          <Tabs
            value={queue ?? ALL}
            onChange={(value) => setFilter("queue", value)}
            variant="pills"
            radius="md"
            aria-label={t("cases.console.queues")}
          >
            <Tabs.List style={{ flexWrap: "wrap", rowGap: 6 }}>
              <Tabs.Tab value={ALL}>{queueLabel(ALL)}</Tabs.Tab>
              {CASE_QUEUE_VALUES.map((value) => (
                <Tabs.Tab key={value} value={value} rightSection={countBadge(value)}>
                  {queueLabel(value)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
          </Tabs>
          {canSeeHeld && (
            <Button
              component={Link}
              to="/held-requests"
              variant="subtle"
              size="sm"
              leftSection={<IconClockPause size={16} />}
              style={{ flexShrink: 0 }}
            >
              {t("cases.queues.held")}
            </Button>
          )}
        </Group>
        <Group hiddenFrom="md" gap="sm" mb="sm" align="flex-end">
          <Select
            aria-label={t("cases.console.queues")}
            value={queue ?? ALL}
            allowDeselect={false}
            onChange={(value) => setFilter("queue", value)}
            data={([ALL, ...CASE_QUEUE_VALUES] as QueueTab[]).map((value) => {
              const count = value === ALL ? null : countLabel(value);
              return { value, label: count === null ? queueLabel(value) : `${queueLabel(value)} (${count})` };
            })}
            style={{ flex: "1 1 200px" }}
          />
          {canSeeHeld && (
            <Button
              component={Link}
              to="/held-requests"
              variant="subtle"
              leftSection={<IconClockPause size={16} />}
            >
              {t("cases.queues.held")}
            </Button>
          )}
        </Group>
        <Group mb="md" gap="sm" align="flex-end">
          <SearchInput
            label={t("cases.console.search")}
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
          <OrganizationPicker
            label=""
            placeholder={t("contracts.filters.allOrganizations")}
            value={organizationId}
            onChange={(value) => setFilter("organizationId", value)}
          />
        </Group>
        {queue && (
          <Text size="sm" c="dimmed" mb="sm">
            {t(`cases.queueHelp.${queue}`)}
          </Text>
        )}
        <ListState
          query={list}
          isEmpty={list.items.length === 0}
          empty={
            filtered
              ? { title: t("common.noResults"), description: t("cases.console.noResultsDescription") }
              : {
                  title: queue ? t("cases.console.emptyQueue") : t("cases.console.empty"),
                  description: queue ? undefined : t("cases.console.emptyDescription"),
                  icon: <IconInbox size={28} stroke={1.5} />,
                }
          }
        >
          <CasesTable cases={list.items} label={t("cases.console.table")} />
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
