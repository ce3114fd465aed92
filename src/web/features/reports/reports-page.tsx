import { Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { CsvMenu } from "../../components/csv-menu";
import { useFormatters } from "../../components/formatters";
import { PageHeader } from "../../components/page-header";
import { StatusTabs } from "../../components/status-tabs";
import { BacklogReportView } from "./backlog-report";
import { ComplianceReportView } from "./compliance-report";
import { ContractsReportView } from "./contracts-report";
import { EscalationsReportView } from "./escalations-report";
import { HourBanksReportView } from "./hour-banks-report";
import { ReportFilterBar } from "./report-filter-bar";
import { useReportFilters } from "./report-filters";
import { CUSTOMER_REPORTS, REPORT_NAME_VALUES, type ReportName, reportCsvUrl } from "./reports-api";
import { ResponseTimesReportView } from "./response-times-report";

/** Catalog keys of each report's tab and description (`reports.names.*`, `reports.descriptions.*`). */
const KEYS = {
  compliance: "compliance",
  "response-times": "responseTimes",
  backlog: "backlog",
  escalations: "escalations",
  "hour-banks": "hourBanks",
  contracts: "contracts",
} as const satisfies Record<ReportName, string>;

const ReportView = ({
  name,
  query,
  customer,
}: {
  name: ReportName;
  query: ReturnType<typeof useReportFilters>["query"];
  customer: boolean;
}) => {
  switch (name) {
    case "compliance":
      return <ComplianceReportView query={query} customer={customer} />;
    case "response-times":
      return <ResponseTimesReportView query={query} />;
    case "backlog":
      return <BacklogReportView query={query} />;
    case "escalations":
      return <EscalationsReportView query={query} customer={customer} />;
    case "hour-banks":
      return <HourBanksReportView query={query} />;
    case "contracts":
      return <ContractsReportView query={query} />;
  }
};

/**
 * The reports (SPEC §9) under one filter bar kept in the address: staff read all six, a customer contact the
 * compliance and response times of their own organization. One report is shown (and asked for) at a time.
 */
const ReportsView = ({ customer }: { customer: boolean }) => {
  const { t } = useTranslation();
  const dates = useFormatters();
  const [params, setParams] = useSearchParams();
  const filters = useReportFilters({ customer });
  const available: readonly ReportName[] = customer ? CUSTOMER_REPORTS : REPORT_NAME_VALUES;
  const first = available[0] ?? "compliance";
  const requested = params.get("report");
  const report = available.find((name) => name === requested) ?? first;
  const periodApplies = report !== "backlog";

  const selectReport = (value: string | null) => {
    const next = new URLSearchParams(params);
    if (value && value !== first) next.set("report", value);
    else next.delete("report");
    setParams(next, { replace: true });
  };

  const title = customer ? t("reports.portal.title") : t("reports.title");
  return (
    <>
      <PageHeader
        title={title}
        description={customer ? t("reports.portal.description") : t("reports.description")}
        actions={
          <CsvMenu
            url={(separator) => reportCsvUrl(report, filters.query, separator)}
            disabled={filters.problem !== null}
          />
        }
      />
      <ReportFilterBar filters={filters} customer={customer} periodApplies={periodApplies} />
      <StatusTabs
        label={t("reports.tabs")}
        values={available}
        value={report}
        onChange={selectReport}
        tabLabel={(name) => t(`reports.names.${KEYS[name]}`)}
        count={() => undefined}
        breakpoint="md"
      />
      <Stack gap="md">
        <Group justify="space-between" gap="xs" align="baseline">
          <Text size="sm" c="dimmed" style={{ flex: "1 1 320px" }}>
            {t(`reports.descriptions.${KEYS[report]}`)}
          </Text>
          {!periodApplies && (
            <Text size="sm" fw={600}>
              {t("reports.filters.periodNotApplicable")}
            </Text>
          )}
          {periodApplies && filters.problem === null && (
            <Text size="sm" fw={600} data-testid="report-period">
              {t("reports.periodRange", {
                from: dates.localDate(filters.query.from),
                to: dates.localDate(filters.query.to),
              })}
            </Text>
          )}
        </Group>
        {filters.problem === null ? (
          <ReportView name={report} query={filters.query} customer={customer} />
        ) : (
          <Text c="red.8" size="sm">
            {filters.problem === "reversed"
              ? t("reports.filters.reversed")
              : t("reports.filters.invalidDate")}
          </Text>
        )}
      </Stack>
    </>
  );
};

/** Staff: "Reportes". */
export const ReportsPage = () => <ReportsView customer={false} />;

/** The portal's "Nivel de servicio": the customer's own organization, always. */
export const ServiceLevelPage = () => <ReportsView customer />;
