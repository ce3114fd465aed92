import { BarChart } from "@mantine/charts";
import { Anchor, Stack, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormatters } from "../../components/formatters";
import { CaseStatusBadge, PriorityBadge } from "../cases/case-badges";
import { useReportFormat } from "./report-format";
import {
  CHART_HEIGHT,
  ChartWithTable,
  COUNT_AXIS,
  NumTd,
  NumTh,
  ReportState,
  ReportTable,
  StatGrid,
} from "./report-parts";
import { type BacklogReport, type ReportQuery, useReport } from "./reports-api";

const AGE_COLORS = {
  "0-1": "teal.5",
  "2-5": "brand.5",
  "6-10": "yellow.6",
  "11-20": "orange.6",
  "21+": "red.7",
} as const;

export const BacklogBody = ({ report }: { report: BacklogReport }) => {
  const { t } = useTranslation();
  const format = useReportFormat();
  const dates = useFormatters();
  const empty = report.total === 0;
  const share = (count: number) => format.percent(report.total ? count / report.total : null);
  const oldestAge = report.oldest[0]?.ageBusinessDays;

  return (
    <Stack gap="md">
      <StatGrid
        stats={[
          {
            label: t("reports.backlog.total"),
            value: format.integer(report.total),
            hint: t("reports.backlog.at", { date: dates.dateTime(report.at) }),
          },
          {
            label: t("reports.backlog.oldest"),
            value: oldestAge === undefined ? "—" : t("reports.backlog.days", { count: oldestAge }),
          },
        ]}
      />
      <ChartWithTable
        title={t("reports.backlog.byAge")}
        description={t("reports.backlog.byAgeHelp")}
        empty={empty}
        chart={
          <BarChart
            h={CHART_HEIGHT}
            data={report.byAge.map((row) => ({
              bucket: t(`reports.backlog.buckets.${row.bucket}`),
              count: row.count,
              color: AGE_COLORS[row.bucket],
            }))}
            dataKey="bucket"
            valueFormatter={format.integer}
            yAxisProps={COUNT_AXIS}
            maxBarWidth={64}
            series={[{ name: "count", label: t("reports.backlog.cases"), color: "brand.6" }]}
          />
        }
        table={
          <ReportTable
            label={t("reports.backlog.byAge")}
            minWidth={320}
            head={
              <>
                <Table.Th>{t("reports.backlog.age")}</Table.Th>
                <NumTh>{t("reports.backlog.cases")}</NumTh>
                <NumTh>{t("reports.responseTimes.share")}</NumTh>
              </>
            }
          >
            {report.byAge.map((row) => (
              <Table.Tr key={row.bucket}>
                <Table.Td>{t(`reports.backlog.bucketsLong.${row.bucket}`)}</Table.Td>
                <NumTd>{format.integer(row.count)}</NumTd>
                <NumTd>{share(row.count)}</NumTd>
              </Table.Tr>
            ))}
          </ReportTable>
        }
      />
      <ChartWithTable
        title={t("reports.backlog.byStatus")}
        empty={empty}
        chart={
          <BarChart
            h={CHART_HEIGHT - 40}
            data={report.byStatus.map((row) => ({
              status: t(`cases.status.${row.status}`),
              count: row.count,
            }))}
            dataKey="status"
            valueFormatter={format.integer}
            yAxisProps={COUNT_AXIS}
            maxBarWidth={64}
            series={[{ name: "count", label: t("reports.backlog.cases"), color: "teal.6" }]}
          />
        }
        table={
          <ReportTable
            label={t("reports.backlog.byStatus")}
            minWidth={320}
            head={
              <>
                <Table.Th>{t("cases.fields.status")}</Table.Th>
                <NumTh>{t("reports.backlog.cases")}</NumTh>
                <NumTh>{t("reports.responseTimes.share")}</NumTh>
              </>
            }
          >
            {report.byStatus.map((row) => (
              <Table.Tr key={row.status}>
                <Table.Td>{t(`cases.status.${row.status}`)}</Table.Td>
                <NumTd>{format.integer(row.count)}</NumTd>
                <NumTd>{share(row.count)}</NumTd>
              </Table.Tr>
            ))}
          </ReportTable>
        }
      />
      <OldestCases report={report} />
    </Stack>
  );
};

const OldestCases = ({ report }: { report: BacklogReport }) => {
  const { t } = useTranslation();
  const dates = useFormatters();
  if (report.oldest.length === 0) return null;
  return (
    <ChartWithTable
      title={t("reports.backlog.oldestCases")}
      description={t("reports.backlog.oldestCasesHelp")}
      table={
        <ReportTable
          label={t("reports.backlog.oldestCases")}
          minWidth={760}
          head={
            <>
              <Table.Th>{t("cases.fields.case")}</Table.Th>
              <Table.Th>{t("cases.fields.organization")}</Table.Th>
              <Table.Th>{t("cases.fields.priority")}</Table.Th>
              <Table.Th>{t("cases.fields.status")}</Table.Th>
              <Table.Th>{t("cases.fields.registeredAt")}</Table.Th>
              <NumTh>{t("reports.backlog.age")}</NumTh>
            </>
          }
        >
          {report.oldest.map((kase) => (
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
              <Table.Td>
                <CaseStatusBadge status={kase.status} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{dates.day(kase.registeredAt)}</Table.Td>
              <NumTd strong>{t("reports.backlog.days", { count: kase.ageBusinessDays })}</NumTd>
            </Table.Tr>
          ))}
        </ReportTable>
      }
    />
  );
};

/** The open cases now, by status and by age in business days, with the oldest ones (SPEC §9). */
export const BacklogReportView = ({ query }: { query: ReportQuery }) => {
  const report = useReport("backlog", query);
  return <ReportState query={report}>{report.data && <BacklogBody report={report.data} />}</ReportState>;
};
