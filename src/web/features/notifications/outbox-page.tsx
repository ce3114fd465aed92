import { Badge, Button, Group, type MantineColor, Table, Text, Tooltip } from "@mantine/core";
import { IconMailbox, IconMailForward, IconSend } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuth } from "../../app/auth-context";
import { ActionsHeader, DataTable } from "../../components/data-table";
import { DayAndTimeCell } from "../../components/day-and-time";
import { useFormatters } from "../../components/formatters";
import { ListPage } from "../../components/list-page";
import { isPermanentBounce } from "../../components/mail-delivery";
import { notifyError, notifySuccess } from "../../components/notify";
import { PagedList } from "../../components/paged-list";
import { StatusTabs } from "../../components/status-tabs";
import { useUrlFilters } from "../../components/use-url-filters";
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
const STATUS_TABS: readonly StatusTab[] = [ALL, ...OUTBOX_STATUS_VALUES];

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
      <BounceState message={message} />
    </>
  );
};

/** What a delivery report said after the mail left: it bounced (5.x.x) or its delivery is delayed (4.x.x). */
const BounceState = ({ message }: { message: OutboxMessage }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const bounce = message.bounce;
  if (!bounce) return null;
  const key = isPermanentBounce(bounce) ? "failed" : "delayed";
  return (
    <Tooltip
      label={t("outbox.bounce.report", { at: format.dateTime(bounce.at), recipient: bounce.recipient })}
      multiline
      w={320}
      withArrow
      openDelay={300}
      position="bottom-end"
    >
      <Text size="xs" fw={600} c={key === "failed" ? "red.8" : "orange.8"} mt={4}>
        {bounce.status
          ? t(`outbox.bounce.${key}`, { status: bounce.status })
          : t(`outbox.bounce.${key}NoStatus`)}
      </Text>
    </Tooltip>
  );
};

/** Under the message: the remote server's words of its bounce, else the last sending error. */
const DeliveryProblem = ({ message }: { message: OutboxMessage }) => {
  const { t } = useTranslation();
  const bounce = message.bounce;
  const problem = bounce
    ? bounce.diagnostic && {
        text: t("outbox.bounce.diagnostic", { diagnostic: bounce.diagnostic }),
        full: bounce.diagnostic,
        color: isPermanentBounce(bounce) ? "red.8" : "orange.8",
      }
    : message.lastError && {
        text: t("outbox.lastError", { error: message.lastError }),
        full: message.lastError,
        color: "red.8",
      };
  if (!problem) return null;
  return (
    <Tooltip label={problem.full} multiline w={420} withArrow openDelay={300} position="bottom-start">
      <Text
        size="xs"
        c={problem.color}
        mt={4}
        lineClamp={2}
        ff="monospace"
        style={{ overflowWrap: "anywhere" }}
      >
        {problem.text}
      </Text>
    </Tooltip>
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
  const filters = useUrlFilters({ status: ALL });
  const raw = filters.get("status");
  const status = isStatus(raw) ? raw : null;
  const list = useOutbox(status);
  // the retry column only while a listed message can use it: the message takes the room otherwise
  const canRetry = can("outbox:retry") && list.items.some(isRetryable);

  return (
    <ListPage
      title={t("outbox.title")}
      description={t("outbox.description")}
      actions={
        can("dev-mail:read") ? (
          <Button component={Link} to="/dev-mail" variant="default" leftSection={<IconMailbox size={16} />}>
            {t("nav.devMail")}
          </Button>
        ) : null
      }
    >
      <StatusTabs
        label={t("outbox.statusFilter")}
        values={STATUS_TABS}
        value={status ?? ALL}
        onChange={(value) => filters.setFilter("status", value)}
        tabLabel={(tab) => (tab === ALL ? t("outbox.all") : t(`outbox.statusPlural.${tab}`))}
        count={(tab) => countOf(list.counts, tab)}
        loud={(tab) => (tab === "failed" || tab === "pending" ? STATUS_COLORS[tab] : undefined)}
      />
      <PagedList
        list={list}
        hint={status && t(`outbox.statusHelp.${status}`)}
        empty={{
          title: status ? t("outbox.emptyStatus") : t("outbox.empty"),
          description: status ? undefined : t("outbox.emptyDescription"),
          icon: <IconMailForward size={28} stroke={1.5} />,
        }}
      >
        <DataTable
          label={t("outbox.table")}
          minWidth={640}
          highlightOnHover={false}
          head={
            <>
              {/* the narrow columns shrink to their content; the message takes the rest */}
              <Table.Th w={1}>{t("outbox.fields.createdAt")}</Table.Th>
              <Table.Th>{t("outbox.fields.message")}</Table.Th>
              <Table.Th w={1}>{t("outbox.fields.case")}</Table.Th>
              <Table.Th w={1}>{t("outbox.fields.status")}</Table.Th>
              {canRetry && <ActionsHeader w={130} />}
            </>
          }
        >
          {list.items.map((message) => (
            <Table.Tr key={message.id} bg={message.status === "failed" ? "red.0" : undefined}>
              <DayAndTimeCell iso={message.createdAt} />
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
                <DeliveryProblem message={message} />
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
        </DataTable>
      </PagedList>
    </ListPage>
  );
};
