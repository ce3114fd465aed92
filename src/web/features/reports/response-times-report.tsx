import { BarChart, LineChart } from "@mantine/charts";
import { Stack, Table } from "@mantine/core";
import { useTranslation } from "react-i18next";
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
import { type ReportQuery, type ResponseTimesReport, useReport } from "./reports-api";

const STAT_SERIES = [
  { name: "median", color: "brand.6" },
  { name: "p90", color: "orange.5" },
  { name: "max", color: "red.7" },
] as const;

export const ResponseTimesBody = ({ report }: { report: ResponseTimesReport }) => {
  const { t } = useTranslation();
  const format = useReportFormat();
  const { total } = report;
  const empty = total.count === 0;
  const answered = report.distribution.reduce((sum, row) => sum + row.count, 0);

  const series = STAT_SERIES.map((serie) => ({ ...serie, label: t(`reports.responseTimes.${serie.name}`) }));
  const byPriority = report.byPriority.map((row) => ({
    priority: row.priority,
    median: format.businessHoursValue(row.medianSeconds),
    p90: format.businessHoursValue(row.p90Seconds),
    max: format.businessHoursValue(row.maxSeconds),
  }));
  const byMonth = report.byMonth.map((row) => ({
    month: format.monthShort(row.month),
    median: format.businessHoursValue(row.medianSeconds),
    p90: format.businessHoursValue(row.p90Seconds),
  }));

  const statsHead = (first: string) => (
    <>
      <Table.Th>{first}</Table.Th>
      <NumTh>{t("reports.responseTimes.answered")}</NumTh>
      <NumTh>{t("reports.responseTimes.median")}</NumTh>
      <NumTh>{t("reports.responseTimes.p90")}</NumTh>
      <NumTh>{t("reports.responseTimes.max")}</NumTh>
    </>
  );
  const statsCells = (row: ResponseTimesReport["total"], strong = false) => (
    <>
      <NumTd strong={strong}>{format.integer(row.count)}</NumTd>
      <NumTd strong={strong}>{format.businessTime(row.medianSeconds)}</NumTd>
      <NumTd strong={strong}>{format.businessTime(row.p90Seconds)}</NumTd>
      <NumTd strong={strong}>{format.businessTime(row.maxSeconds)}</NumTd>
    </>
  );

  return (
    <Stack gap="md">
      <StatGrid
        stats={[
          { label: t("reports.responseTimes.answered"), value: format.integer(total.count) },
          {
            label: t("reports.responseTimes.median"),
            value: format.businessTime(total.medianSeconds),
            color: "brand.8",
          },
          { label: t("reports.responseTimes.p90"), value: format.businessTime(total.p90Seconds) },
          { label: t("reports.responseTimes.max"), value: format.businessTime(total.maxSeconds) },
        ]}
      />
      <ChartWithTable
        title={t("reports.responseTimes.byPriority")}
        description={t("reports.responseTimes.businessHoursHelp")}
        empty={empty}
        chart={
          <BarChart
            h={CHART_HEIGHT}
            data={byPriority}
            dataKey="priority"
            withLegend
            legendProps={LEGEND_PROPS}
            valueFormatter={format.hoursAxis}
            maxBarWidth={36}
            series={series}
          />
        }
        table={
          <ReportTable
            label={t("reports.responseTimes.byPriority")}
            head={statsHead(t("cases.fields.priority"))}
          >
            {report.byPriority.map((row) => (
              <Table.Tr key={row.priority}>
                <Table.Td fw={600}>{row.priority}</Table.Td>
                {statsCells(row)}
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td fw={650}>{t("reports.total")}</Table.Td>
              {statsCells(total, true)}
            </Table.Tr>
          </ReportTable>
        }
      />
      <ChartWithTable
        title={t("reports.responseTimes.distribution")}
        description={t("reports.responseTimes.distributionHelp")}
        empty={answered === 0}
        chart={
          <BarChart
            h={CHART_HEIGHT}
            data={report.distribution.map((row) => ({
              bucket: t(`reports.responseTimes.bucketsShort.${row.bucket}`),
              count: row.count,
            }))}
            dataKey="bucket"
            valueFormatter={format.integer}
            yAxisProps={COUNT_AXIS}
            maxBarWidth={56}
            series={[{ name: "count", label: t("reports.responseTimes.cases"), color: "brand.6" }]}
          />
        }
        table={
          <ReportTable
            label={t("reports.responseTimes.distribution")}
            minWidth={360}
            head={
              <>
                <Table.Th>{t("reports.responseTimes.bucket")}</Table.Th>
                <NumTh>{t("reports.responseTimes.cases")}</NumTh>
                <NumTh>{t("reports.responseTimes.share")}</NumTh>
              </>
            }
          >
            {report.distribution.map((row) => (
              <Table.Tr key={row.bucket}>
                <Table.Td>{t(`reports.responseTimes.buckets.${row.bucket}`)}</Table.Td>
                <NumTd>{format.integer(row.count)}</NumTd>
                <NumTd>{format.percent(answered ? row.count / answered : null)}</NumTd>
              </Table.Tr>
            ))}
          </ReportTable>
        }
      />
      <ChartWithTable
        title={t("reports.responseTimes.trend")}
        empty={empty}
        chart={
          <LineChart
            h={CHART_HEIGHT}
            data={byMonth}
            dataKey="month"
            withLegend
            legendProps={LEGEND_PROPS}
            valueFormatter={format.hoursAxis}
            curveType="linear"
            connectNulls={false}
            series={series.filter((serie) => serie.name !== "max")}
          />
        }
        table={
          <ReportTable label={t("reports.responseTimes.trend")} head={statsHead(t("reports.month"))}>
            {report.byMonth.map((row) => (
              <Table.Tr key={row.month}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{format.monthLong(row.month)}</Table.Td>
                {statsCells(row)}
              </Table.Tr>
            ))}
          </ReportTable>
        }
      />
    </Stack>
  );
};

/** First-response times in business hours of each case's own calendar (SPEC §9). */
export const ResponseTimesReportView = ({ query }: { query: ReportQuery }) => {
  const report = useReport("response-times", query);
  return (
    <ReportState query={report}>{report.data && <ResponseTimesBody report={report.data} />}</ReportState>
  );
};
