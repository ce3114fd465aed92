import { BarChart } from "@mantine/charts";
import { Anchor, Stack, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormatters } from "../../components/formatters";
import { PriorityBadge } from "../cases/case-badges";
import { useReportFormat } from "./report-format";
import {
  CHART_HEIGHT,
  ChartWithTable,
  COUNT_AXIS,
  LEGEND_PROPS,
  NumTd,
  NumTh,
  ReportState,
  ReportTable,
  StatGrid,
} from "./report-parts";
import { type EscalationsReport, type ReportQuery, useReport } from "./reports-api";

const LEVEL_COLORS = ["yellow.5", "orange.6", "red.6", "red.8", "grape.7", "violet.8"] as const;
const levelColor = (level: number) => LEVEL_COLORS[Math.min(level, LEVEL_COLORS.length - 1)] ?? "red.8";

/** Level 0 is the warning before the target; 1 and up are escalations. */
const useLevelName = () => {
  const { t } = useTranslation();
  return (level: number) =>
    level === 0 ? t("reports.escalations.warning") : t("reports.escalations.level", { level });
};

export const EscalationsBody = ({ report, customer }: { report: EscalationsReport; customer: boolean }) => {
  const { t } = useTranslation();
  const format = useReportFormat();
  const dates = useFormatters();
  const levelName = useLevelName();
  const empty = report.total === 0;
  const levels = [...new Set([...report.byLevel, ...report.byMonth].map((row) => row.level))].sort(
    (a, b) => a - b,
  );
  const months = [...new Set(report.byMonth.map((row) => row.month))].sort();
  const countOf = (month: string, level: number) =>
    report.byMonth.find((row) => row.month === month && row.level === level)?.count ?? 0;
  const escalated = report.byLevel.filter((row) => row.level > 0).reduce((sum, row) => sum + row.count, 0);

  return (
    <Stack gap="md">
      <StatGrid
        stats={[
          { label: t("reports.escalations.total"), value: format.integer(report.total) },
          {
            label: t("reports.escalations.warnings"),
            value: format.integer(report.byLevel.find((row) => row.level === 0)?.count ?? 0),
          },
          {
            label: t("reports.escalations.escalated"),
            value: format.integer(escalated),
            color: escalated > 0 ? "red.8" : undefined,
          },
          { label: t("reports.escalations.casesCount"), value: format.integer(report.cases.length) },
        ]}
      />
      <ChartWithTable
        title={t("reports.escalations.byLevel")}
        description={t("reports.escalations.byLevelHelp")}
        empty={empty}
        chart={
          <BarChart
            h={CHART_HEIGHT - 20}
            data={report.byLevel.map((row) => ({
              level: levelName(row.level),
              count: row.count,
              color: levelColor(row.level),
            }))}
            dataKey="level"
            valueFormatter={format.integer}
            yAxisProps={COUNT_AXIS}
            maxBarWidth={64}
            series={[{ name: "count", label: t("reports.escalations.fired"), color: "orange.6" }]}
          />
        }
        table={
          <ReportTable
            label={t("reports.escalations.byLevel")}
            minWidth={300}
            head={
              <>
                <Table.Th>{t("reports.escalations.levelColumn")}</Table.Th>
                <NumTh>{t("reports.escalations.fired")}</NumTh>
              </>
            }
          >
            {report.byLevel.map((row) => (
              <Table.Tr key={row.level}>
                <Table.Td>{levelName(row.level)}</Table.Td>
                <NumTd>{format.integer(row.count)}</NumTd>
              </Table.Tr>
            ))}
          </ReportTable>
        }
      />
      <ChartWithTable
        title={t("reports.escalations.byMonth")}
        empty={empty}
        chart={
          <BarChart
            h={CHART_HEIGHT}
            data={months.map((month) => ({
              month: format.monthShort(month),
              ...Object.fromEntries(levels.map((level) => [`level${level}`, countOf(month, level)])),
            }))}
            dataKey="month"
            type="stacked"
            withLegend
            legendProps={LEGEND_PROPS}
            valueFormatter={format.integer}
            yAxisProps={COUNT_AXIS}
            maxBarWidth={56}
            series={levels.map((level) => ({
              name: `level${level}`,
              label: levelName(level),
              color: levelColor(level),
            }))}
          />
        }
        table={
          <ReportTable
            label={t("reports.escalations.byMonth")}
            head={
              <>
                <Table.Th>{t("reports.month")}</Table.Th>
                {levels.map((level) => (
                  <NumTh key={level}>{levelName(level)}</NumTh>
                ))}
              </>
            }
          >
            {months.map((month) => (
              <Table.Tr key={month}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{format.monthLong(month)}</Table.Td>
                {levels.map((level) => (
                  <NumTd key={level}>{format.integer(countOf(month, level))}</NumTd>
                ))}
              </Table.Tr>
            ))}
          </ReportTable>
        }
      />
      {!customer && report.byOrganization.length > 0 && (
        <ChartWithTable
          title={t("reports.escalations.byOrganization")}
          table={
            <ReportTable
              label={t("reports.escalations.byOrganization")}
              minWidth={360}
              head={
                <>
                  <Table.Th>{t("cases.fields.organization")}</Table.Th>
                  <NumTh>{t("reports.escalations.fired")}</NumTh>
                </>
              }
            >
              {report.byOrganization.map((row) => (
                <Table.Tr key={row.organizationId}>
                  <Table.Td>{row.organizationName}</Table.Td>
                  <NumTd>{format.integer(row.count)}</NumTd>
                </Table.Tr>
              ))}
            </ReportTable>
          }
        />
      )}
      {report.cases.length > 0 && (
        <ChartWithTable
          title={t("reports.escalations.cases")}
          table={
            <ReportTable
              label={t("reports.escalations.cases")}
              minWidth={720}
              head={
                <>
                  <Table.Th>{t("cases.fields.case")}</Table.Th>
                  <Table.Th>{t("cases.fields.organization")}</Table.Th>
                  <Table.Th>{t("cases.fields.priority")}</Table.Th>
                  <Table.Th>{t("reports.escalations.highest")}</Table.Th>
                  <Table.Th>{t("reports.escalations.lastFired")}</Table.Th>
                </>
              }
            >
              {report.cases.map((kase) => (
                <Table.Tr key={kase.id}>
                  <Table.Td maw={320}>
                    <Anchor component={Link} to={`/cases/${kase.id}`} fw={600} size="sm">
                      {kase.number}
                    </Anchor>
                    <Text size="sm" lineClamp={2}>
                      {kase.subject}
                    </Text>
                  </Table.Td>
                  <Table.Td>{kase.organizationName}</Table.Td>
                  <Table.Td>
                    <PriorityBadge priority={kase.priority} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{levelName(kase.highestLevel)}</Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{dates.dateTime(kase.lastFiredAt)}</Table.Td>
                </Table.Tr>
              ))}
            </ReportTable>
          }
        />
      )}
    </Stack>
  );
};

/** Warnings and escalations fired in the period, by level, month and organization, with the cases. */
export const EscalationsReportView = ({ query, customer }: { query: ReportQuery; customer: boolean }) => {
  const report = useReport("escalations", query);
  return (
    <ReportState query={report}>
      {report.data && <EscalationsBody report={report.data} customer={customer} />}
    </ReportState>
  );
};
