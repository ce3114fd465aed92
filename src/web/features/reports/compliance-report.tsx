import { BarChart, LineChart } from "@mantine/charts";
import { Stack, Table, useMatches } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Priority } from "../cases/cases-api";
import { PRIORITY_VALUES } from "./report-filters";
import { complianceRate, type ReportFormat, useReportFormat } from "./report-format";
import {
  CHART_HEIGHT,
  ChartWithTable,
  COUNT_AXIS,
  LEGEND_PROPS,
  NumTd,
  NumTh,
  OUTCOME_COLORS,
  PRIORITY_LINE_COLORS,
  ReportState,
  ReportTable,
  StatGrid,
} from "./report-parts";
import {
  COMPLIANCE_OUTCOME_VALUES,
  type ComplianceCounts,
  type ComplianceReport,
  type ReportQuery,
  useReport,
} from "./reports-api";

const OutcomeCells = ({ counts, format }: { counts: ComplianceCounts; format: ReportFormat }) => (
  <>
    {COMPLIANCE_OUTCOME_VALUES.map((outcome) => (
      <NumTd key={outcome}>{format.integer(counts[outcome])}</NumTd>
    ))}
    <NumTd>{format.integer(counts.total)}</NumTd>
    <NumTd strong>{format.percent(counts.rate)}</NumTd>
  </>
);

const OutcomeHead = ({ first }: { first: string }) => {
  const { t } = useTranslation();
  return (
    <>
      <Table.Th>{first}</Table.Th>
      {COMPLIANCE_OUTCOME_VALUES.map((outcome) => (
        <NumTh key={outcome}>{t(`reports.outcomes.${outcome}`)}</NumTh>
      ))}
      <NumTh>{t("reports.compliance.cases")}</NumTh>
      <NumTh>{t("reports.compliance.rate")}</NumTh>
    </>
  );
};

/** Each month's rate, overall and per priority (a priority without decided cases that month is a gap). */
const monthlyRates = (report: ComplianceReport) => {
  const months = [...new Set(report.byMonth.map((row) => row.month))].sort();
  const priorities = PRIORITY_VALUES.filter((priority) =>
    report.byMonth.some((row) => row.priority === priority && row.total > 0),
  );
  const rows = months.map((month) => {
    const ofMonth = report.byMonth.filter((row) => row.month === month);
    const sum = (key: "met" | "breached" | "openBreached" | "total") =>
      ofMonth.reduce((total, row) => total + row[key], 0);
    const byPriority = Object.fromEntries(
      priorities.map((priority) => [
        priority,
        ofMonth.find((row) => row.priority === priority)?.rate ?? null,
      ]),
    ) as Partial<Record<Priority, number | null>>;
    return {
      month,
      total: sum("total"),
      rate: complianceRate({ met: sum("met"), breached: sum("breached"), openBreached: sum("openBreached") }),
      byPriority,
    };
  });
  return { rows, priorities };
};

export const ComplianceBody = ({ report, customer }: { report: ComplianceReport; customer: boolean }) => {
  const { t } = useTranslation();
  const format = useReportFormat();
  const { total } = report;
  const trend = monthlyRates(report);
  const empty = total.total === 0;
  // the organizations' names beside their bars: narrower on a phone
  const axis = useMatches({ base: { width: 96, chars: 14 }, sm: { width: 160, chars: 26 } });

  const barData = report.byPriority.map((row) => ({
    priority: row.priority,
    met: row.met,
    breached: row.breached,
    openOnTime: row.openOnTime,
    openBreached: row.openBreached,
  }));
  const lineData = trend.rows.map((row) => ({
    month: format.monthShort(row.month),
    all: row.rate,
    ...row.byPriority,
  }));

  return (
    <Stack gap="md">
      <StatGrid
        stats={[
          { label: t("reports.compliance.rate"), value: format.percent(total.rate), color: "brand.8" },
          { label: t("reports.compliance.cases"), value: format.integer(total.total) },
          { label: t("reports.outcomes.met"), value: format.integer(total.met), color: "teal.8" },
          {
            label: t("reports.compliance.breachedAll"),
            value: format.integer(total.breached + total.openBreached),
            color: total.breached + total.openBreached > 0 ? "red.8" : undefined,
          },
        ]}
      />
      <ChartWithTable
        title={t("reports.compliance.byPriority")}
        description={t("reports.compliance.byPriorityHelp")}
        empty={empty}
        chart={
          <BarChart
            h={CHART_HEIGHT}
            data={barData}
            dataKey="priority"
            type="stacked"
            withLegend
            legendProps={LEGEND_PROPS}
            valueFormatter={format.integer}
            yAxisProps={COUNT_AXIS}
            maxBarWidth={72}
            series={COMPLIANCE_OUTCOME_VALUES.map((outcome) => ({
              name: outcome,
              label: t(`reports.outcomes.${outcome}`),
              color: OUTCOME_COLORS[outcome],
            }))}
          />
        }
        table={
          <ReportTable
            label={t("reports.compliance.byPriority")}
            head={<OutcomeHead first={t("cases.fields.priority")} />}
          >
            {report.byPriority.map((row) => (
              <Table.Tr key={row.priority}>
                <Table.Td fw={600}>{row.priority}</Table.Td>
                <OutcomeCells counts={row} format={format} />
              </Table.Tr>
            ))}
            <Table.Tr fw={650}>
              <Table.Td fw={650}>{t("reports.total")}</Table.Td>
              <OutcomeCells counts={total} format={format} />
            </Table.Tr>
          </ReportTable>
        }
      />
      <ChartWithTable
        title={t("reports.compliance.trend")}
        description={t("reports.compliance.trendHelp")}
        empty={empty}
        chart={
          <LineChart
            h={CHART_HEIGHT}
            data={lineData}
            dataKey="month"
            withLegend
            legendProps={LEGEND_PROPS}
            valueFormatter={(value) => format.percent(value)}
            yAxisProps={{ domain: [0, 1] }}
            curveType="linear"
            connectNulls={false}
            lineProps={(serie) => ({ strokeWidth: serie.name === "all" ? 3 : 1.5 })}
            series={[
              { name: "all", label: t("reports.compliance.allPriorities"), color: "brand.7" },
              ...trend.priorities.map((priority) => ({
                name: priority,
                label: priority,
                color: PRIORITY_LINE_COLORS[priority],
                strokeDasharray: "4 3",
              })),
            ]}
          />
        }
        table={
          <ReportTable
            label={t("reports.compliance.trend")}
            head={
              <>
                <Table.Th>{t("reports.month")}</Table.Th>
                <NumTh>{t("reports.compliance.cases")}</NumTh>
                <NumTh>{t("reports.compliance.allPriorities")}</NumTh>
                {trend.priorities.map((priority) => (
                  <NumTh key={priority}>{priority}</NumTh>
                ))}
              </>
            }
          >
            {trend.rows.map((row) => (
              <Table.Tr key={row.month}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{format.monthLong(row.month)}</Table.Td>
                <NumTd>{format.integer(row.total)}</NumTd>
                <NumTd strong>{format.percent(row.rate)}</NumTd>
                {trend.priorities.map((priority) => (
                  <NumTd key={priority}>{format.percent(row.byPriority[priority])}</NumTd>
                ))}
              </Table.Tr>
            ))}
          </ReportTable>
        }
      />
      {!customer && (
        <ChartWithTable
          title={t("reports.compliance.byOrganization")}
          empty={report.byOrganization.length === 0}
          chart={
            <BarChart
              h={Math.max(160, 44 * Math.min(report.byOrganization.length, 12) + 60)}
              data={report.byOrganization.slice(0, 12).map((row) => ({
                organization: row.organizationName,
                met: row.met,
                breached: row.breached,
                openOnTime: row.openOnTime,
                openBreached: row.openBreached,
              }))}
              dataKey="organization"
              type="stacked"
              orientation="vertical"
              yAxisProps={{ width: axis.width, tickFormatter: (name: string) => shorten(name, axis.chars) }}
              gridAxis="y"
              valueFormatter={format.integer}
              xAxisProps={COUNT_AXIS}
              maxBarWidth={28}
              series={COMPLIANCE_OUTCOME_VALUES.map((outcome) => ({
                name: outcome,
                label: t(`reports.outcomes.${outcome}`),
                color: OUTCOME_COLORS[outcome],
              }))}
            />
          }
          description={
            report.byOrganization.length > 12
              ? t("reports.compliance.byOrganizationTop", { count: 12 })
              : undefined
          }
          table={
            <ReportTable
              label={t("reports.compliance.byOrganization")}
              head={<OutcomeHead first={t("cases.fields.organization")} />}
              minWidth={640}
            >
              {report.byOrganization.map((row) => (
                <Table.Tr key={row.organizationId}>
                  <Table.Td>{row.organizationName}</Table.Td>
                  <OutcomeCells counts={row} format={format} />
                </Table.Tr>
              ))}
            </ReportTable>
          }
        />
      )}
    </Stack>
  );
};

/** "Universidad Tecnológica de Monte Claro" → "Universidad Tecnológica…" on a narrow axis. */
export const shorten = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

/** Response-target compliance (SPEC §9): per priority, per month, per organization (staff). */
export const ComplianceReportView = ({ query, customer }: { query: ReportQuery; customer: boolean }) => {
  const report = useReport("compliance", query);
  return (
    <ReportState query={report}>
      {report.data && <ComplianceBody report={report.data} customer={customer} />}
    </ReportState>
  );
};
