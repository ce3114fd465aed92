import { Anchor, Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconCalendarDue } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Contract } from "../../../api/contracts";
import { useFormatters } from "../../components/formatters";
import { QueryError } from "../../components/list-state";
import { daysBetween } from "../../components/local-date";
import { RenewedBadge } from "./contract-status-badge";
import { useRenewalPipeline, useRenewedContractIds } from "./contracts-api";

const SHOWN = 6;
const BUCKETS = [
  { key: "within30", days: 30, color: "red" },
  { key: "within60", days: 60, color: "orange" },
  { key: "within90", days: 90, color: "yellow" },
] as const;

const PipelineItem = ({
  contract,
  today,
  successor,
}: {
  contract: Contract;
  today: string;
  successor: Contract | undefined;
}) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const days = daysBetween(today, contract.endDate);
  return (
    <Stack gap={0} py={6} style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
      <Group justify="space-between" gap={6} wrap="nowrap">
        <Anchor
          component={Link}
          to={`/contracts/${contract.id}`}
          className="soporte-row-link"
          size="sm"
          style={{ minWidth: 0, overflowWrap: "anywhere" }}
        >
          {contract.organizationName}
        </Anchor>
        {successor ? (
          <RenewedBadge />
        ) : (
          <Text size="xs" fw={600} c={days <= 30 ? "red.8" : "dimmed"} style={{ whiteSpace: "nowrap" }}>
            {t("contracts.pipeline.inDays", { count: days })}
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {contract.systemName} · {contract.planName} ·{" "}
        <Text span inherit style={{ whiteSpace: "nowrap" }}>
          {contract.number}
        </Text>
      </Text>
      <Text size="xs" c="dimmed">
        {t("contracts.endsOn", { date: format.localDate(contract.endDate) })} ·{" "}
        {format.money(contract.annualFeeCents)}
      </Text>
    </Stack>
  );
};

/** Current contracts ending within 30, 31–60 and 61–90 days: the account executive's renewal work. */
export const RenewalPipeline = () => {
  const { t } = useTranslation();
  const pipeline = useRenewalPipeline();
  const successors = useRenewedContractIds();

  return (
    <Stack gap="sm" component="section" aria-label={t("contracts.pipeline.title")} mb="xl">
      <Group justify="space-between" align="flex-end" gap="xs">
        <div>
          <Title order={3} fz="lg">
            {t("contracts.pipeline.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("contracts.pipeline.description")}
          </Text>
        </div>
        <Anchor component={Link} to="/contracts?ending=90" size="sm">
          {t("contracts.pipeline.all")}
        </Anchor>
      </Group>
      {pipeline.isError ? (
        <QueryError error={pipeline.error} onRetry={pipeline.refetch} />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
          {BUCKETS.map((bucket) => {
            const items = pipeline.data?.[bucket.key] ?? [];
            return (
              <Paper
                key={bucket.key}
                p="md"
                radius="md"
                component="section"
                aria-label={t(`contracts.pipeline.${bucket.key}`)}
              >
                <Group justify="space-between" mb="xs" wrap="nowrap">
                  <Group gap={8} wrap="nowrap">
                    <IconCalendarDue size={18} color={`var(--mantine-color-${bucket.color}-7)`} aria-hidden />
                    <Text fw={650} size="sm">
                      {t(`contracts.pipeline.${bucket.key}`)}
                    </Text>
                  </Group>
                  {pipeline.data && (
                    <Badge variant="light" color={items.length ? bucket.color : "gray"} radius="sm">
                      {items.length}
                    </Badge>
                  )}
                </Group>
                {pipeline.isPending ? (
                  <Stack gap={6}>
                    <Skeleton height={34} radius="sm" />
                    <Skeleton height={34} radius="sm" />
                  </Stack>
                ) : items.length === 0 ? (
                  <Text size="sm" c="dimmed" py={6}>
                    {t("contracts.pipeline.none")}
                  </Text>
                ) : (
                  <>
                    {items.slice(0, SHOWN).map((contract) => (
                      <PipelineItem
                        key={contract.id}
                        contract={contract}
                        today={pipeline.data?.today ?? ""}
                        successor={successors.get(contract.id)}
                      />
                    ))}
                    {items.length > SHOWN && (
                      <Anchor component={Link} to={`/contracts?ending=${bucket.days}`} size="xs">
                        {t("contracts.pipeline.more", { count: items.length - SHOWN })}
                      </Anchor>
                    )}
                  </>
                )}
              </Paper>
            );
          })}
        </SimpleGrid>
      )}
    </Stack>
  );
};
