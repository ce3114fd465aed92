import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Code,
  Collapse,
  Group,
  type MantineColor,
  Stack,
  Table,
  Text,
  Tooltip,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChevronDown, IconChevronRight, IconSend, IconWebhook } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ActionsHeader, DataTable } from "../../components/data-table";
import { DayAndTimeCell } from "../../components/day-and-time";
import { useFormatters } from "../../components/formatters";
import { notifyError, notifySuccess } from "../../components/notify";
import { PagedList } from "../../components/paged-list";
import { StatusTabs } from "../../components/status-tabs";
import { useUrlFilters } from "../../components/use-url-filters";
import { useEventLabel } from "./webhook-events-field";
import { isDeliveryErrorCode } from "./webhook-words";
import {
  useRedeliverWebhook,
  useWebhookDeliveries,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookDeliveryStatus,
  type WebhookEndpoint,
} from "./webhooks-api";

const DELIVERY_STATUSES = [
  "pending",
  "sending",
  "delivered",
  "failed",
] as const satisfies readonly WebhookDeliveryStatus[];
const ALL = "all";
type StatusTab = WebhookDeliveryStatus | typeof ALL;
const STATUS_TABS: readonly StatusTab[] = [ALL, ...DELIVERY_STATUSES];
const isStatus = (value: string | null): value is WebhookDeliveryStatus =>
  (DELIVERY_STATUSES as readonly (string | null)[]).includes(value);

const STATUS_COLORS: Record<WebhookDeliveryStatus, MantineColor> = {
  pending: "yellow",
  sending: "cyan",
  delivered: "teal",
  failed: "red",
};
const COLUMNS = 5;

/** A failure code in words ("No se encontró el servidor…"); one this build does not know, as its code. */
const useErrorText = () => {
  const { t } = useTranslation();
  return (code: string, statusCode: number | null = null) =>
    isDeliveryErrorCode(code)
      ? t(`webhooks.errors.${code}`, { status: statusCode ?? "—" })
      : statusCode
        ? `${code} (HTTP ${statusCode})`
        : code;
};

const StatusBadge = ({ status }: { status: WebhookDeliveryStatus }) => {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" variant="light" color={STATUS_COLORS[status]} radius="sm" tt="none" fw={600}>
      {t(`webhooks.deliveries.status.${status}`)}
    </Badge>
  );
};

/** One attempt: when, its answer (HTTP status, or the failure in words), how long, and what came back. */
const AttemptRow = ({ attempt }: { attempt: WebhookAttempt }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const errorText = useErrorText();
  return (
    <Table.Tr style={{ verticalAlign: "top" }}>
      <Table.Td style={{ whiteSpace: "nowrap" }}>
        <Text size="xs">{format.dateTime(attempt.at)}</Text>
      </Table.Td>
      <Table.Td style={{ minWidth: 240 }}>
        {attempt.ok ? (
          <Text size="xs" fw={600} c="teal.8">
            {t("webhooks.deliveries.attemptOk", { status: attempt.statusCode ?? "—" })}
          </Text>
        ) : (
          <Text size="xs" fw={600} c="red.8">
            {errorText(attempt.error ?? "", attempt.statusCode)}
          </Text>
        )}
        {attempt.detail && (
          <Text size="xs" c="dimmed" ff="monospace" mt={2} style={{ overflowWrap: "anywhere" }}>
            {attempt.detail}
          </Text>
        )}
        {attempt.responseExcerpt && (
          <Code
            block
            mt={6}
            fz="xs"
            mah={140}
            style={{ overflow: "auto", whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
            aria-label={t("webhooks.deliveries.response")}
          >
            {attempt.responseExcerpt}
          </Code>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }} ta="right">
        <Text size="xs">{t("webhooks.deliveries.latency", { ms: attempt.latencyMs })}</Text>
      </Table.Td>
    </Table.Tr>
  );
};

const RedeliverButton = ({ endpointId, delivery }: { endpointId: string; delivery: WebhookDelivery }) => {
  const { t } = useTranslation();
  const eventLabel = useEventLabel();
  const redeliver = useRedeliverWebhook(endpointId);
  const sending = delivery.status === "sending";
  return (
    <Tooltip label={t("webhooks.deliveries.redeliverHelp")} multiline w={260} withArrow openDelay={400}>
      <Button
        size="xs"
        variant="light"
        leftSection={<IconSend size={14} />}
        loading={redeliver.isPending}
        disabled={sending}
        aria-label={t("webhooks.deliveries.redeliverNamed", { event: eventLabel(delivery.eventType) })}
        onClick={async () => {
          try {
            await redeliver.mutateAsync(delivery.id);
            notifySuccess(t("webhooks.deliveries.redelivered"));
          } catch (error) {
            notifyError(error);
          }
        }}
      >
        {t("webhooks.deliveries.redeliver")}
      </Button>
    </Tooltip>
  );
};

/** A delivery's row, and under it (when opened) its latest attempts. */
const DeliveryRows = ({ endpointId, delivery }: { endpointId: string; delivery: WebhookDelivery }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const eventLabel = useEventLabel();
  const errorText = useErrorText();
  const [opened, { toggle }] = useDisclosure(false);
  const latest = delivery.log[0];
  const attemptsId = `webhook-delivery-${delivery.id}-attempts`;
  return (
    <>
      <Table.Tr
        style={{ verticalAlign: "top", cursor: delivery.log.length > 0 ? "pointer" : undefined }}
        bg={delivery.status === "failed" ? "red.0" : undefined}
        onClick={(event) => {
          if ((event.target as HTMLElement).closest("a, button")) return;
          if (delivery.log.length > 0) toggle();
        }}
      >
        <Table.Td w={1}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            disabled={delivery.log.length === 0}
            aria-expanded={opened}
            aria-controls={attemptsId}
            aria-label={
              opened ? t("webhooks.deliveries.hideAttempts") : t("webhooks.deliveries.showAttempts")
            }
            onClick={toggle}
          >
            {opened ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        </Table.Td>
        <DayAndTimeCell iso={delivery.createdAt} />
        <Table.Td style={{ minWidth: 220 }}>
          <Text size="sm" fw={600}>
            {eventLabel(delivery.eventType)}
          </Text>
          <Group gap={8} mt={2} wrap="wrap">
            <Text size="xs" c="dimmed" ff="monospace">
              {delivery.eventType}
            </Text>
            {delivery.caseId && (
              <Anchor component={Link} to={`/cases/${delivery.caseId}`} size="xs">
                {t("webhooks.deliveries.openCase")}
              </Anchor>
            )}
          </Group>
          <Tooltip label={delivery.eventId} withArrow openDelay={400}>
            <Text size="xs" c="dimmed" ff="monospace" mt={2} w="fit-content">
              {t("webhooks.deliveries.eventId", { id: delivery.eventId.slice(0, 8) })}
            </Text>
          </Tooltip>
        </Table.Td>
        <Table.Td style={{ minWidth: 200 }}>
          <StatusBadge status={delivery.status} />
          <Text size="xs" c="dimmed" mt={4}>
            {t("webhooks.deliveries.attempts", { count: delivery.attempts })}
            {latest && ` · ${t("webhooks.deliveries.latency", { ms: latest.latencyMs })}`}
          </Text>
          {delivery.deliveredAt && (
            <Text size="xs" c="dimmed">
              {t("webhooks.deliveries.deliveredAt", { at: format.dateTime(delivery.deliveredAt) })}
            </Text>
          )}
          {delivery.nextAttemptAt && (
            <Text size="xs">
              {t("webhooks.deliveries.nextAttemptAt", { at: format.dateTime(delivery.nextAttemptAt) })}
            </Text>
          )}
          {delivery.lastError && delivery.status !== "delivered" && (
            <Text size="xs" c="red.8" mt={2}>
              {errorText(delivery.lastError, latest?.ok === false ? latest.statusCode : null)}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <RedeliverButton endpointId={endpointId} delivery={delivery} />
        </Table.Td>
      </Table.Tr>
      {delivery.log.length > 0 && (
        <Table.Tr style={{ borderTop: opened ? undefined : "none" }}>
          <Table.Td colSpan={COLUMNS} p={0}>
            <Collapse expanded={opened}>
              <Stack gap={4} px="md" pb="md" pt={4} id={attemptsId}>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" style={{ letterSpacing: 0.4 }}>
                  {delivery.attempts > delivery.log.length
                    ? t("webhooks.deliveries.latestAttempts", { count: delivery.log.length })
                    : t("webhooks.deliveries.allAttempts")}
                </Text>
                <Table
                  withTableBorder
                  verticalSpacing={6}
                  fz="xs"
                  bg="var(--mantine-color-body)"
                  aria-label={t("webhooks.deliveries.attemptsTable")}
                >
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={1}>{t("webhooks.deliveries.attemptAt")}</Table.Th>
                      <Table.Th>{t("webhooks.deliveries.attemptResult")}</Table.Th>
                      <Table.Th w={1} ta="right">
                        {t("webhooks.deliveries.attemptLatency")}
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {delivery.log.map((attempt) => (
                      <AttemptRow key={attempt.at} attempt={attempt} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Stack>
            </Collapse>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
};

/** The endpoint's delivery log, newest first, by status; each delivery opens to its attempts. */
export const WebhookDeliveries = ({ endpoint }: { endpoint: WebhookEndpoint }) => {
  const { t } = useTranslation();
  const filters = useUrlFilters({ status: ALL });
  const raw = filters.get("status");
  const status = isStatus(raw) ? raw : null;
  const list = useWebhookDeliveries(endpoint.id, status);

  return (
    <>
      <StatusTabs
        label={t("webhooks.deliveries.statusFilter")}
        values={STATUS_TABS}
        value={status ?? ALL}
        onChange={(value) => filters.setFilter("status", value)}
        tabLabel={(tab) =>
          tab === ALL ? t("webhooks.deliveries.all") : t(`webhooks.deliveries.statusPlural.${tab}`)
        }
        count={() => undefined}
      />
      <PagedList
        list={list}
        compact
        filtered={status !== null}
        hint={status && t(`webhooks.deliveries.statusHelp.${status}`)}
        noResults={{ description: t("webhooks.deliveries.emptyStatus") }}
        empty={{
          title: t("webhooks.deliveries.empty"),
          description: t("webhooks.deliveries.emptyDescription"),
          icon: <IconWebhook size={28} stroke={1.5} />,
        }}
      >
        <DataTable
          label={t("webhooks.deliveries.table")}
          minWidth={640}
          highlightOnHover={false}
          head={
            <>
              <ActionsHeader w={40} />
              <Table.Th w={1}>{t("webhooks.deliveries.createdAt")}</Table.Th>
              <Table.Th>{t("webhooks.deliveries.event")}</Table.Th>
              <Table.Th>{t("webhooks.deliveries.state")}</Table.Th>
              <ActionsHeader w={120} />
            </>
          }
        >
          {list.items.map((delivery) => (
            <DeliveryRows key={delivery.id} endpointId={endpoint.id} delivery={delivery} />
          ))}
        </DataTable>
      </PagedList>
    </>
  );
};
