import { BarChart } from "@mantine/charts";
import { Stack, Table } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useReportFormat } from "./report-format";
import {
  CHART_HEIGHT,
  ChartWithTable,
  LEGEND_PROPS,
  NumTd,
  NumTh,
  ReportState,
  ReportTable,
  StatGrid,
} from "./report-parts";
import { type HourBanksReport, type ReportQuery, useReport } from "./reports-api";

const SERIES = [
  { name: "soldHours", color: "brand.6" },
  { name: "usedHours", color: "teal.6" },
  { name: "expiredUnusedHours", color: "orange.5" },
] as const;

export const HourBanksBody = ({ report }: { report: HourBanksReport }) => {
  const { t } = useTranslation();
  const format = useReportFormat();
  const empty = report.soldHours === 0 && report.usedHours === 0 && report.expiredUnusedHours === 0;
  const label = (name: (typeof SERIES)[number]["name"]) => t(`reports.hourBanks.${name}`);

  return (
    <Stack gap="md">
      <StatGrid
        stats={SERIES.map((serie) => ({
          label: label(serie.name),
          value: t("reports.units.hours", { hours: format.hours(report[serie.name]) }),
        }))}
      />
      <ChartWithTable
        title={t("reports.hourBanks.byMonth")}
        description={t("reports.hourBanks.byMonthHelp")}
        empty={empty}
        chart={
          <BarChart
            h={CHART_HEIGHT}
            data={report.byMonth.map((row) => ({ ...row, month: format.monthShort(row.month) }))}
            dataKey="month"
            withLegend
            legendProps={LEGEND_PROPS}
            valueFormatter={(hours) => t("reports.units.hours", { hours: format.hours(hours) })}
            maxBarWidth={28}
            series={SERIES.map((serie) => ({ ...serie, label: label(serie.name) }))}
          />
        }
        table={
          <ReportTable
            label={t("reports.hourBanks.byMonth")}
            head={
              <>
                <Table.Th>{t("reports.month")}</Table.Th>
                {SERIES.map((serie) => (
                  <NumTh key={serie.name}>{label(serie.name)}</NumTh>
                ))}
              </>
            }
          >
            {report.byMonth.map((row) => (
              <Table.Tr key={row.month}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{format.monthLong(row.month)}</Table.Td>
                {SERIES.map((serie) => (
                  <NumTd key={serie.name}>{format.hours(row[serie.name])}</NumTd>
                ))}
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td fw={650}>{t("reports.total")}</Table.Td>
              {SERIES.map((serie) => (
                <NumTd key={serie.name} strong>
                  {format.hours(report[serie.name])}
                </NumTd>
              ))}
            </Table.Tr>
          </ReportTable>
        }
      />
    </Stack>
  );
};

/** Consulting-hour banks: hours sold, logged and expired unused, by month. */
export const HourBanksReportView = ({ query }: { query: ReportQuery }) => {
  const report = useReport("hour-banks", query);
  return <ReportState query={report}>{report.data && <HourBanksBody report={report.data} />}</ReportState>;
};
