import {
  Badge,
  Button,
  Group,
  type MantineColor,
  Paper,
  Select,
  Table,
  Tabs,
  Text,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import { IconMailbox, IconMailForward, IconSend } from "@tabler/icons-react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useAuth } from "../../app/auth-context";
import { useFormatters } from "../../components/formatters";
import { ListState, LoadMore } from "../../components/list-state";
import { notifyError, notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import {
  isOutboxKind,
  isRetryable,
  OUTBOX_STATUS_VALUES,
  type OutboxCounts,
  type OutboxMessage,
  type OutboxStatus,
  useOutbox,
  useRetryOutbox,
} from "./outbox-api";

const ALL = "all";
type StatusTab = OutboxStatus | typeof ALL;

const isStatus = (value: string | null): value is OutboxStatus =>
  (OUTBOX_STATUS_VALUES as readonly (string | null)[]).includes(value);

const STATUS_COLORS: Record<OutboxStatus, MantineColor> = {
  pending: "yellow",
  sending: "cyan",
  sent: "teal",
  failed: "red",
};

export const OutboxStatusBadge = ({ status }: { status: OutboxStatus }) => {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" variant="light" color={STATUS_COLORS[status]} radius="sm" tt="none" fw={600}>
      {t(`outbox.status.${status}`)}
    </Badge>
  );
};

const useKindLabel = () => {
  const { t } = useTranslation();
  return (kind: string) => (isOutboxKind(kind) ? t(`outbox.kinds.${kind}`) : kind);
};

const countOf = (counts: OutboxCounts | null, tab: StatusTab): number | null => {
  if (!counts) return null;
  if (tab === ALL) return counts.pending + counts.sending + counts.sent + counts.failed;
  return counts[tab];
};

/** A count next to each status; waiting and failed mail stand out. */
const CountBadge = ({ tab, count }: { tab: StatusTab; count: number | null }) => {
  if (count === null)
    return (
      <Badge size="sm" variant="light" color="gray" radius="xl" miw={24} aria-hidden>
        ·
      </Badge>
    );
  const loud = count > 0 && (tab === "failed" || tab === "pending");
  return (
    <Badge
      size="sm"
      variant={loud ? "filled" : "light"}
      color={loud ? STATUS_COLORS[tab as OutboxStatus] : "gray"}
      radius="xl"
      miw={24}
    >
      {count}
    </Badge>
  );
};

/** A creation instant on two short lines: the day, then the time. */
const useDateAndTime = () => {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" });
    const time = new Intl.DateTimeFormat(i18n.language, { timeStyle: "short" });
    return {
      date: (iso: string) => date.format(new Date(iso)),
      time: (iso: string) => time.format(new Date(iso)),
    };
  }, [i18n.language]);
};

/** The state, then when it was sent or when the next attempt is due, then how many attempts so far. */
const DeliveryState = ({ message }: { message: OutboxMessage }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <>
      <OutboxStatusBadge status={message.status} />
      {message.sentAt ? (
        <Text size="xs" c="dimmed" mt={4}>
          {format.dateTime(message.sentAt)}
        </Text>
      ) : (
        message.status === "pending" && (
          <Text size="xs" mt={4}>
            {t("outbox.nextAttemptAt", { at: format.dateTime(message.nextAttemptAt) })}
          </Text>
        )
      )}
      <Text size="xs" c="dimmed">
        {t("outbox.attempts", { count: message.attempts })}
      </Text>
    </>
  );
};

const RetryButton = ({ message }: { message: OutboxMessage }) => {
  const { t } = useTranslation();
  const retry = useRetryOutbox();
  return (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconSend size={14} />}
      loading={retry.isPending}
      aria-label={t("outbox.retryNamed", { to: message.to, subject: message.subject })}
      onClick={async () => {
        try {
          await retry.mutateAsync(message.id);
          notifySuccess(t("outbox.retried", { to: message.to }));
        } catch (error) {
          notifyError(error);
        }
      }}
    >
      {t("outbox.retry")}
    </Button>
  );
};

/** Admins: every outgoing mail with its delivery state, counts by status, and a retry for stuck ones. */
export const OutboxPage = () => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const kindLabel = useKindLabel();
  const [params, setParams] = useSearchParams();
  const raw = params.get("status");
  const status = isStatus(raw) ? raw : null;
  const list = useOutbox(status);
  // the retry column only while a listed message can use it: the message takes the room otherwise
  const canRetry = can("outbox:retry") && list.items.some(isRetryable);
  const when = useDateAndTime();
  const tabs: StatusTab[] = [ALL, ...OUTBOX_STATUS_VALUES];
  const tabLabel = (tab: StatusTab) => (tab === ALL ? t("outbox.all") : t(`outbox.statusPlural.${tab}`));

  const setStatus = (value: string | null) => {
    const next = new URLSearchParams(params);
    if (value && value !== ALL) next.set("status", value);
    else next.delete("status");
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title={t("outbox.title")}
        description={t("outbox.description")}
        actions={
          can("dev-mail:read") ? (
            <Button component={Link} to="/dev-mail" variant="default" leftSection={<IconMailbox size={16} />}>
              {t("nav.devMail")}
            </Button>
          ) : null
        }
      />
      <Paper p={{ base: "sm", sm: "md" }} radius="md">
        <Tabs
          value={status ?? ALL}
          onChange={setStatus}
          variant="pills"
          radius="md"
          mb="md"
          visibleFrom="sm"
          aria-label={t("outbox.statusFilter")}
        >
          <Tabs.List style={{ flexWrap: "wrap", rowGap: 6 }}>
            {tabs.map((tab) => (
              <Tabs.Tab
                key={tab}
                value={tab}
                rightSection={<CountBadge tab={tab} count={countOf(list.counts, tab)} />}
              >
                {tabLabel(tab)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Select
          hiddenFrom="sm"
          mb="sm"
          aria-label={t("outbox.statusFilter")}
          value={status ?? ALL}
          allowDeselect={false}
          onChange={setStatus}
          data={tabs.map((tab) => {
            const count = countOf(list.counts, tab);
            return { value: tab, label: count === null ? tabLabel(tab) : `${tabLabel(tab)} (${count})` };
          })}
        />
        {status && (
          <Text size="sm" c="dimmed" mb="sm">
            {t(`outbox.statusHelp.${status}`)}
          </Text>
        )}
        <ListState
          query={list}
          isEmpty={list.items.length === 0}
          empty={{
            title: status ? t("outbox.emptyStatus") : t("outbox.empty"),
            description: status ? undefined : t("outbox.emptyDescription"),
            icon: <IconMailForward size={28} stroke={1.5} />,
          }}
        >
          <Table.ScrollContainer minWidth={640}>
            <Table className="soporte-table" aria-label={t("outbox.table")} highlightOnHover={false}>
              <Table.Thead>
                <Table.Tr>
                  {/* the narrow columns shrink to their content; the message takes the rest */}
                  <Table.Th w={1}>{t("outbox.fields.createdAt")}</Table.Th>
                  <Table.Th>{t("outbox.fields.message")}</Table.Th>
                  <Table.Th w={1}>{t("outbox.fields.case")}</Table.Th>
                  <Table.Th w={1}>{t("outbox.fields.status")}</Table.Th>
                  {canRetry && (
                    <Table.Th w={130}>
                      <VisuallyHidden>{t("common.actions")}</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((message) => (
                  <Table.Tr key={message.id} bg={message.status === "failed" ? "red.0" : undefined}>
                    <Table.Td style={{ whiteSpace: "nowrap", verticalAlign: "top" }}>
                      <Text size="sm">{when.date(message.createdAt)}</Text>
                      <Text size="xs" c="dimmed">
                        {when.time(message.createdAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ minWidth: 280, verticalAlign: "top" }}>
                      <Text size="sm" fw={600} lineClamp={2} style={{ overflowWrap: "anywhere" }}>
                        {message.subject}
                      </Text>
                      <Group gap={6} mt={2} wrap="wrap">
                        <Badge size="xs" variant="default" radius="sm" tt="none" fw={500} miw="max-content">
                          {kindLabel(message.kind)}
                        </Badge>
                        <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                          {t("outbox.to", { to: message.to })}
                        </Text>
                      </Group>
                      {message.lastError && (
                        <Tooltip
                          label={message.lastError}
                          multiline
                          w={420}
                          withArrow
                          openDelay={300}
                          position="bottom-start"
                        >
                          <Text size="xs" c="red.8" mt={4} lineClamp={2} ff="monospace">
                            {t("outbox.lastError", { error: message.lastError })}
                          </Text>
                        </Tooltip>
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap", verticalAlign: "top" }}>
                      {message.caseId && message.caseNumber ? (
                        <Link className="soporte-row-link" to={`/cases/${message.caseId}`}>
                          {message.caseNumber}
                        </Link>
                      ) : (
                        <Text size="sm" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: "top", whiteSpace: "nowrap" }}>
                      <DeliveryState message={message} />
                    </Table.Td>
                    {canRetry && (
                      <Table.Td style={{ verticalAlign: "top" }}>
                        {isRetryable(message) && <RetryButton message={message} />}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore
            shown={list.items.length}
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={list.fetchNextPage}
          />
        </ListState>
      </Paper>
    </>
  );
};
