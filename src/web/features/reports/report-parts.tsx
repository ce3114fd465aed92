import { Box, Center, Paper, SimpleGrid, Skeleton, Stack, Table, Text } from "@mantine/core";
import { IconChartBarOff } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { DataTable } from "../../components/data-table";
import { QueryError } from "../../components/list-state";
import { Section } from "../../components/section";

/** Outcome colours shared by the charts and the home page's bars. */
export const OUTCOME_COLORS = {
  met: "teal.6",
  breached: "red.6",
  openOnTime: "blue.4",
  openBreached: "orange.5",
} as const;

export const PRIORITY_LINE_COLORS = { P1: "red.7", P2: "orange.6", P3: "yellow.6", P4: "gray.6" } as const;

/**
 * A chart with its table below: the chart is a picture named for screen readers, the table holds the same
 * numbers for everyone (and for the phone, where it scrolls sideways while the chart shrinks).
 */
export const ChartWithTable = ({
  title,
  description,
  chart,
  table,
  empty,
}: {
  title: string;
  description?: ReactNode;
  /** None for a plain list. */
  chart?: ReactNode;
  table: ReactNode;
  /** No data for these filters: a line says so instead of an empty chart. */
  empty?: boolean;
}) => {
  const { t } = useTranslation();
  return (
    <Section title={title} description={description}>
      {empty ? (
        <Center py="lg">
          <Stack align="center" gap={6}>
            <IconChartBarOff size={28} stroke={1.5} color="var(--mantine-color-gray-5)" aria-hidden />
            <Text size="sm" c="dimmed">
              {t("reports.noData")}
            </Text>
          </Stack>
        </Center>
      ) : (
        <Stack gap="md">
          {chart && (
            <Box role="img" aria-label={t("reports.chartOf", { title })} data-chart>
              {chart}
            </Box>
          )}
          {table}
        </Stack>
      )}
    </Section>
  );
};

/** A report's table: numbers right-aligned, the first column names the row. */
export const ReportTable = ({
  label,
  head,
  children,
  minWidth = 480,
}: {
  label: string;
  head: ReactNode;
  children: ReactNode;
  minWidth?: number;
}) => (
  <DataTable label={label} head={head} minWidth={minWidth} highlightOnHover={false}>
    {children}
  </DataTable>
);

export const NumTh = ({ children }: { children: ReactNode }) => (
  <Table.Th ta="right" style={{ whiteSpace: "nowrap" }}>
    {children}
  </Table.Th>
);

export const NumTd = ({ children, strong }: { children: ReactNode; strong?: boolean }) => (
  <Table.Td
    ta="right"
    fw={strong ? 650 : undefined}
    style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}
  >
    {children}
  </Table.Td>
);

/** Big numbers at the top of a report. */
export const StatGrid = ({
  stats,
}: {
  stats: { label: string; value: ReactNode; hint?: ReactNode; color?: string }[];
}) => (
  <SimpleGrid cols={{ base: 2, sm: Math.min(stats.length, 4) }} spacing="sm">
    {stats.map((stat) => (
      <Paper key={stat.label} p="md" radius="md" component="section" aria-label={stat.label}>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.3 }}>
          {stat.label}
        </Text>
        <Text
          fz={{ base: 20, sm: 26 }}
          fw={700}
          c={stat.color}
          style={{ fontVariantNumeric: "tabular-nums" }}
        >
          {stat.value}
        </Text>
        {stat.hint && (
          <Text size="xs" c="dimmed">
            {stat.hint}
          </Text>
        )}
      </Paper>
    ))}
  </SimpleGrid>
);

/** The usual chart height: tall enough to read, short enough for a phone's screen. */
export const CHART_HEIGHT = 260;

/** The legend under the chart, in the order of the series (not sorted by name). */
export const LEGEND_PROPS = {
  verticalAlign: "bottom",
  itemSorter: null,
  wrapperStyle: { paddingTop: 8 },
} as const;

/** An axis of counts: whole numbers only (no "1, 1, 2, 2" from rounded halves). */
export const COUNT_AXIS = { allowDecimals: false } as const;

/** A report's figures: a skeleton while the first answer comes, the error with a retry, then the body. */
export const ReportState = ({
  query,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  children: ReactNode;
}) => {
  const { t } = useTranslation();
  if (query.isPending)
    return (
      <Stack gap="md" aria-busy="true" aria-label={t("common.loading")}>
        <Skeleton height={88} radius="md" />
        <Skeleton height={CHART_HEIGHT + 120} radius="md" />
      </Stack>
    );
  if (query.isError) return <QueryError error={query.error} onRetry={query.refetch} />;
  return <>{children}</>;
};
