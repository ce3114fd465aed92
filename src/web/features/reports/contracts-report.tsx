import { BarChart } from "@mantine/charts";
import { Anchor, Stack, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormatters } from "../../components/formatters";
import { daysBetween, todayLocalDate } from "../../components/local-date";
import { RenewedBadge } from "../contracts/contract-status-badge";
import { ratio, useReportFormat } from "./report-format";
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
import { type ContractsReport, type ReportQuery, useReport } from "./reports-api";

const ENDING_COLORS = { 30: "red.8", 60: "orange.8", 90: "yellow.9" } as const;

export const ContractsBody = ({ report }: { report: ContractsReport }) => {
  const { t } = useTranslation();
  const format = useReportFormat();
  const dates = useFormatters();
  const today = todayLocalDate();
  const won = report.renewalsByMonth.reduce((sum, row) => sum + row.won, 0);
  const lost = report.renewalsByMonth.reduce((sum, row) => sum + row.lost, 0);
  // the share of ended contracts that were renewed: won / (won + lost)
  const renewalRate = ratio(won, won + lost);

  return (
    <Stack gap="md">
      <StatGrid
        stats={report.ending.map((row) => ({
          label: t("reports.contracts.endingWithin", { days: row.withinDays }),
          value: format.integer(row.count),
          color: row.count > 0 ? ENDING_COLORS[row.withinDays] : undefined,
        }))}
      />
      <ChartWithTable
        title={t("reports.contracts.endingList")}
        description={t("reports.contracts.endingListHelp")}
        empty={report.endingContracts.length === 0}
        table={
          <ReportTable
            label={t("reports.contracts.endingList")}
            minWidth={720}
            head={
              <>
                <Table.Th>{t("reports.contracts.contract")}</Table.Th>
                <Table.Th>{t("cases.fields.organization")}</Table.Th>
                <Table.Th>{t("cases.fields.system")}</Table.Th>
                <Table.Th>{t("reports.contracts.plan")}</Table.Th>
                <Table.Th>{t("reports.contracts.endDate")}</Table.Th>
                <Table.Th>{t("reports.contracts.renewal")}</Table.Th>
              </>
            }
          >
            {report.endingContracts.map((contract) => {
              const days = daysBetween(today, contract.endDate);
              return (
                <Table.Tr key={contract.id}>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    <Anchor component={Link} to={`/contracts/${contract.id}`} fw={600} size="sm">
                      {contract.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{contract.organizationName}</Table.Td>
                  <Table.Td>{contract.systemName}</Table.Td>
                  <Table.Td>{contract.planName}</Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    {dates.localDate(contract.endDate)}
                    <Text size="xs" c={days <= 30 ? "red.8" : "dimmed"}>
                      {t("contracts.pipeline.inDays", { count: days })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {contract.renewed ? (
                      <RenewedBadge />
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t("reports.contracts.notRenewed")}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </ReportTable>
        }
      />
      <ChartWithTable
        title={t("reports.contracts.renewals")}
        description={
          renewalRate === null
            ? t("reports.contracts.renewalsHelp")
            : `${t("reports.contracts.renewalsHelp")} ${t("reports.contracts.renewalRateIs", { rate: format.percent(renewalRate) })}`
        }
        empty={won + lost === 0}
        chart={
          <BarChart
            h={CHART_HEIGHT}
            data={report.renewalsByMonth.map((row) => ({ ...row, month: format.monthShort(row.month) }))}
            dataKey="month"
            type="stacked"
            withLegend
            legendProps={LEGEND_PROPS}
            valueFormatter={format.integer}
            yAxisProps={COUNT_AXIS}
            maxBarWidth={56}
            series={[
              { name: "won", label: t("reports.contracts.won"), color: "teal.6" },
              { name: "lost", label: t("reports.contracts.lost"), color: "red.6" },
            ]}
          />
        }
        table={
          <ReportTable
            label={t("reports.contracts.renewals")}
            minWidth={360}
            head={
              <>
                <Table.Th>{t("reports.month")}</Table.Th>
                <NumTh>{t("reports.contracts.won")}</NumTh>
                <NumTh>{t("reports.contracts.lost")}</NumTh>
                <NumTh>{t("reports.contracts.renewalRate")}</NumTh>
              </>
            }
          >
            {report.renewalsByMonth.map((row) => (
              <Table.Tr key={row.month}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{format.monthLong(row.month)}</Table.Td>
                <NumTd>{format.integer(row.won)}</NumTd>
                <NumTd>{format.integer(row.lost)}</NumTd>
                <NumTd>{format.percent(ratio(row.won, row.won + row.lost))}</NumTd>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td fw={650}>{t("reports.total")}</Table.Td>
              <NumTd strong>{format.integer(won)}</NumTd>
              <NumTd strong>{format.integer(lost)}</NumTd>
              <NumTd strong>{format.percent(renewalRate)}</NumTd>
            </Table.Tr>
          </ReportTable>
        }
      />
    </Stack>
  );
};

/** Contracts ending within 30/60/90 days and renewals won or lost by month. */
export const ContractsReportView = ({ query }: { query: ReportQuery }) => {
  const report = useReport("contracts", query);
  return <ReportState query={report}>{report.data && <ContractsBody report={report.data} />}</ReportState>;
};
