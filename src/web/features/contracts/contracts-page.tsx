import { Button, Group, SegmentedControl, Select, Text } from "@mantine/core";
import { IconFileCertificate, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuth } from "../../app/auth-context";
import { ListPage, ListToolbar } from "../../components/list-page";
import { PagedList } from "../../components/paged-list";
import { useUrlFilters } from "../../components/use-url-filters";
import { OrganizationFilter } from "../organizations/organization-picker";
import { usePlans } from "../plans/plans-api";
import {
  CONTRACT_STATUS_VALUES,
  type ContractStatus,
  useContracts,
  useRenewedContractIds,
} from "./contracts-api";
import { ContractsTable } from "./contracts-table";

const ENDING_WINDOWS = ["30", "60", "90"] as const;
type FilterKey = "q" | "organizationId" | "planId" | "status" | "ending";

const isStatus = (value: string | null): value is ContractStatus =>
  (CONTRACT_STATUS_VALUES as readonly (string | null)[]).includes(value);

/** Staff: every contract, soonest end first, with the renewal windows as a filter. */
export const ContractsPage = () => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const filters = useUrlFilters();
  const { q } = filters;
  const organizationId = filters.get("organizationId");
  const planId = filters.get("planId");
  const rawStatus = filters.get("status");
  const status = isStatus(rawStatus) ? rawStatus : null;
  const rawEnding = filters.get("ending");
  const ending = (ENDING_WINDOWS as readonly (string | null)[]).includes(rawEnding) ? rawEnding : null;
  const list = useContracts({
    q,
    organizationId,
    planId,
    status: ending ? null : status,
    endingWithinDays: ending ? Number(ending) : null,
  });
  const plans = usePlans();
  const successors = useRenewedContractIds();

  const setFilter = (key: FilterKey, value: string | null) =>
    // "ending within" already means current contracts
    filters.setFilter(key, value, { clear: key === "ending" && value ? ["status"] : [] });
  const filtered = Boolean(q || organizationId || planId || status || ending);

  const createButton = can("contracts:write") ? (
    <Button component={Link} to="/contracts/new" leftSection={<IconPlus size={16} />}>
      {t("contracts.new")}
    </Button>
  ) : null;

  return (
    <ListPage title={t("contracts.title")} description={t("contracts.description")} actions={createButton}>
      <ListToolbar mb="sm" search={{ filters, label: t("contracts.search") }}>
        <OrganizationFilter filters={filters} />
      </ListToolbar>
      <ListToolbar align="center">
        <Select
          aria-label={t("contracts.filters.plan")}
          placeholder={t("contracts.filters.allPlans")}
          clearable
          value={planId}
          onChange={(value) => setFilter("planId", value)}
          data={(plans.data?.items ?? []).map((plan) => ({ value: plan.id, label: plan.name }))}
          style={{ flex: "1 1 200px", maxWidth: 240 }}
        />
        <Select
          aria-label={t("contracts.filters.status")}
          placeholder={t("contracts.filters.allStatuses")}
          clearable
          disabled={Boolean(ending)}
          value={ending ? "current" : status}
          onChange={(value) => setFilter("status", value)}
          data={CONTRACT_STATUS_VALUES.map((value) => ({ value, label: t(`contracts.status.${value}`) }))}
          style={{ flex: "1 1 200px", maxWidth: 240 }}
        />
        <Group gap={8} wrap="nowrap" visibleFrom="sm">
          <Text size="sm" c="dimmed" id="ending-filter-label">
            {t("contracts.filters.ending")}
          </Text>
          <SegmentedControl
            aria-labelledby="ending-filter-label"
            size="sm"
            value={ending ?? "all"}
            onChange={(value) => setFilter("ending", value === "all" ? null : value)}
            data={[
              { value: "all", label: t("contracts.filters.anyEnd") },
              ...ENDING_WINDOWS.map((days) => ({
                value: days,
                label: t("contracts.filters.days", { days }),
              })),
            ]}
          />
        </Group>
        <Select
          hiddenFrom="sm"
          aria-label={t("contracts.filters.ending")}
          placeholder={t("contracts.filters.anyEndPlaceholder")}
          clearable
          value={ending}
          onChange={(value) => setFilter("ending", value)}
          data={ENDING_WINDOWS.map((days) => ({
            value: days,
            label: t("contracts.filters.endingWithin", { days }),
          }))}
          style={{ flex: "1 1 100%" }}
        />
      </ListToolbar>
      <PagedList
        list={list}
        filtered={filtered}
        noResults={{ description: t("contracts.noResultsDescription") }}
        empty={{
          title: t("contracts.empty"),
          description: t("contracts.emptyDescription"),
          icon: <IconFileCertificate size={28} stroke={1.5} />,
          action: createButton,
        }}
      >
        <ContractsTable contracts={list.items} label={t("contracts.title")} successors={successors} />
      </PagedList>
    </ListPage>
  );
};
