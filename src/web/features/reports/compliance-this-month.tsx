import {
  Anchor,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconChartBar } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { QueryError } from "../../components/list-state";
import { todayLocalDate } from "../../components/local-date";
import { PriorityBadge } from "../cases/case-badges";
import { presetPeriod } from "./report-filters";
import { useReportFormat } from "./report-format";
import { OUTCOME_COLORS } from "./report-parts";
import { type ComplianceReport, useReport } from "./reports-api";

type PriorityRow = ComplianceReport["byPriority"][number];

/** One priority: its rate, a bar of met / breached / open, and the counts in words. */
const PriorityLine = ({ row }: { row: PriorityRow }) => {
  const { t } = useTranslation();
  const format = useReportFormat();
  const share = (count: number) => (row.total ? (count / row.total) * 100 : 0);
  const segments = [
    { key: "met", count: row.met },
    { key: "breached", count: row.breached },
    { key: "openOnTime", count: row.openOnTime },
    { key: "openBreached", count: row.openBreached },
  ] as const;
  return (
    <Stack gap={4} aria-label={row.priority} component="section">
      <Group justify="space-between" gap={6} wrap="nowrap">
        <PriorityBadge priority={row.priority} size="sm" />
        <Text fw={700} size="lg" style={{ fontVariantNumeric: "tabular-nums" }}>
          {format.percent(row.rate)}
        </Text>
      </Group>
      <Progress.Root size={8} radius="xl" aria-hidden>
        {row.total === 0 ? (
          <Progress.Section value={100} color="gray.2" />
        ) : (
          segments.map((segment) =>
            segment.count > 0 ? (
              <Tooltip
                key={segment.key}
                label={`${t(`reports.outcomes.${segment.key}`)}: ${format.integer(segment.count)}`}
              >
                <Progress.Section value={share(segment.count)} color={OUTCOME_COLORS[segment.key]} />
              </Tooltip>
            ) : null,
          )
        )}
      </Progress.Root>
      <Text size="xs" c="dimmed">
        {t("reports.home.counts", {
          met: format.integer(row.met),
          breached: format.integer(row.breached + row.openBreached),
          open: format.integer(row.openOnTime),
        })}
      </Text>
    </Stack>
  );
};

/** The manager's home: this month's response-target compliance per priority, linking to the reports. */
export const ComplianceThisMonth = () => {
  const { t } = useTranslation();
  const format = useReportFormat();
  const query = presetPeriod("thisMonth", todayLocalDate());
  const report = useReport("compliance", query);
  const total = report.data?.total;

  return (
    <Stack gap="sm" component="section" aria-label={t("reports.home.title")} mb="xl">
      <Group justify="space-between" align="flex-end" gap="xs">
        <div>
          <Title order={3} fz="lg">
            {t("reports.home.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {total && total.total > 0
              ? t("reports.home.summary", { rate: format.percent(total.rate), count: total.total })
              : t("reports.home.description")}
          </Text>
        </div>
        <Anchor component={Link} to="/reports?period=thisMonth" size="sm">
          <Group gap={4} wrap="nowrap">
            <IconChartBar size={16} aria-hidden />
            {t("reports.home.all")}
          </Group>
        </Anchor>
      </Group>
      {report.isError ? (
        <QueryError error={report.error} onRetry={report.refetch} />
      ) : (
        <Paper p="md" radius="md">
          {report.isPending ? (
            <SimpleGrid cols={{ base: 2, md: 4 }} spacing="lg">
              {[1, 2, 3, 4].map((key) => (
                <Skeleton key={key} height={64} radius="sm" />
              ))}
            </SimpleGrid>
          ) : (
            <SimpleGrid cols={{ base: 2, md: 4 }} spacing="lg" verticalSpacing="md">
              {(report.data?.byPriority ?? []).map((row) => (
                <PriorityLine key={row.priority} row={row} />
              ))}
            </SimpleGrid>
          )}
        </Paper>
      )}
    </Stack>
  );
};
