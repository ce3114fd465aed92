import { Anchor, Avatar, Badge, Box, Group, Paper, Stack, Text, ThemeIcon } from "@mantine/core";
import {
  IconAlertTriangle,
  IconArrowsExchange,
  IconCircleCheck,
  IconFlag,
  IconFlame,
  IconLock,
  IconMail,
  IconMailPause,
  IconMailX,
  IconMessageCircle,
  IconPaperclip,
  IconPoint,
  IconSparkles,
  IconUserShare,
  IconUsersGroup,
} from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuth } from "../../app/auth-context";
import { formatBytes, useFormatters } from "../../components/formatters";
import { ListState } from "../../components/list-state";
import { isPermanentBounce } from "../../components/mail-delivery";
import { OriginalHeadersLink } from "../email-intake/original-headers-link";
import { useEscalationText } from "../escalation/escalation-text";
import { isOutboxKind } from "../notifications/outbox-api";
import {
  type Attachment,
  attachmentUrl,
  CASE_STATUS_VALUES,
  type Case,
  type CaseEvent,
  type CaseStatus,
  type Channel,
  PRIORITY_VALUES,
  type Priority,
  useAssignableStaff,
  useCaseAttachments,
  useCaseTimeline,
} from "./cases-api";
import { useSlaFormat } from "./sla-format";

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const isPriority = (value: unknown): value is Priority =>
  (PRIORITY_VALUES as readonly unknown[]).includes(value);
const isStatus = (value: unknown): value is CaseStatus =>
  (CASE_STATUS_VALUES as readonly unknown[]).includes(value);
const CHANNELS: readonly Channel[] = ["portal", "email", "phone", "api"];
const isChannel = (value: unknown): value is Channel => (CHANNELS as readonly unknown[]).includes(value);
const cameByEmail = (event: CaseEvent) => event.data.channel === "email";

/** A small "by email" mark on what arrived as a message to the support address. */
const ByEmailBadge = () => {
  const { t } = useTranslation();
  return (
    <Badge
      size="xs"
      variant="outline"
      color="gray"
      radius="sm"
      tt="none"
      fw={500}
      miw="max-content"
      leftSection={<IconMail size={11} aria-hidden />}
    >
      {t("cases.timeline.byEmail")}
    </Badge>
  );
};

/** Staff on the desk: the original headers of the message the event came from. */
const EmailOrigin = ({ caseId, event, mt }: { caseId: string; event: CaseEvent; mt?: number }) => {
  const { can } = useAuth();
  const mailId = text(event.data.inboundMailId);
  if (!mailId || !can("inbound-mail:read")) return null;
  return (
    <Box mt={mt}>
      <OriginalHeadersLink caseId={caseId} mailId={mailId} />
    </Box>
  );
};

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join("");

/** A reply or an internal note: a message with its author; notes are tinted and labelled. */
const Message = ({
  event,
  viewerIsStaff,
  caseId,
}: {
  event: CaseEvent;
  viewerIsStaff: boolean;
  caseId: string;
}) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const internal = event.visibility === "internal";
  const name = event.actor?.name ?? t("cases.timeline.system");
  const fromStaff = event.actor?.staff ?? false;
  return (
    <Paper
      p="md"
      radius="md"
      bg={internal ? "yellow.0" : fromStaff ? "brand.0" : "white"}
      style={internal ? { borderColor: "var(--mantine-color-yellow-4)", borderStyle: "dashed" } : undefined}
      component="article"
      aria-label={
        internal ? t("cases.timeline.internalNoteBy", { name }) : t("cases.timeline.replyBy", { name })
      }
    >
      <Group justify="space-between" gap="xs" mb={6} wrap="nowrap" align="flex-start">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Avatar size={30} radius="xl" color={fromStaff ? "brand" : "gray"}>
            {initials(name)}
          </Avatar>
          <Box style={{ minWidth: 0 }}>
            <Group gap={6}>
              <Text size="sm" fw={600}>
                {name}
              </Text>
              {fromStaff && !internal && (
                <Badge size="xs" variant="light" radius="sm" tt="none">
                  {viewerIsStaff ? t("cases.timeline.staff") : t("cases.timeline.supportTeam")}
                </Badge>
              )}
              {cameByEmail(event) && <ByEmailBadge />}
            </Group>
            <Text size="xs" c="dimmed">
              {format.dateTime(event.at)}
            </Text>
          </Box>
        </Group>
        {internal && (
          <Badge
            miw="max-content"
            color="yellow"
            variant="filled"
            radius="sm"
            tt="none"
            c="dark"
            leftSection={<IconLock size={12} />}
          >
            {t("cases.timeline.internalNote")}
          </Badge>
        )}
      </Group>
      <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {event.body}
      </Text>
      {viewerIsStaff && <EmailOrigin caseId={caseId} event={event} mt={6} />}
    </Paper>
  );
};

/** A change of the case: a compact line with an icon. */
const Change = ({
  icon,
  color,
  children,
  event,
}: {
  icon: ReactNode;
  color: string;
  children: ReactNode;
  event: CaseEvent;
}) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const internal = event.visibility === "internal";
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" px={4}>
      <ThemeIcon size={28} radius="xl" variant="light" color={color}>
        {icon}
      </ThemeIcon>
      <Box style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm" component="div" style={{ overflowWrap: "anywhere" }}>
          {children}
        </Text>
        <Group gap={6} wrap="wrap">
          <Text size="xs" c="dimmed">
            {event.actor
              ? t("cases.timeline.by", { name: event.actor.name, at: format.dateTime(event.at) })
              : format.dateTime(event.at)}
            {internal && ` · ${t("cases.timeline.internalOnly")}`}
          </Text>
          {/* a case "registered by email" says so in its title already */}
          {cameByEmail(event) && event.kind !== "created" && <ByEmailBadge />}
        </Group>
      </Box>
    </Group>
  );
};

/** The case's history, oldest first: public replies, internal notes (staff only) and every change. */
export const CaseTimeline = ({ kase, viewerIsStaff }: { kase: Case; viewerIsStaff: boolean }) => {
  const { t, i18n } = useTranslation();
  const timeline = useCaseTimeline(kase.id);
  const attachments = useCaseAttachments(kase.id);
  const staff = useAssignableStaff(viewerIsStaff);
  const sla = useSlaFormat();
  const escalation = useEscalationText();
  const items = timeline.data?.items ?? [];
  const staffName = (id: unknown) =>
    id === null || id === undefined
      ? t("cases.timeline.nobody")
      : (staff.data?.find((user) => user.id === id)?.name ?? t("cases.timeline.someone"));
  const attachmentOf = (event: CaseEvent): Attachment | undefined =>
    attachments.data?.items.find(
      (item) => item.sha256 === event.data.sha256 && item.filename === event.data.filename,
    );

  const render = (event: CaseEvent): ReactNode => {
    const d = event.data;
    switch (event.kind) {
      case "reply":
      case "note":
        return <Message event={event} viewerIsStaff={viewerIsStaff} caseId={kase.id} />;
      case "created": {
        const due = text(d.responseDueAt);
        return (
          <Change event={event} icon={<IconSparkles size={16} />} color="brand">
            <Text size="sm" fw={600} span>
              {isChannel(d.channel)
                ? t(`cases.timeline.createdVia.${d.channel}`)
                : t("cases.timeline.createdVia.portal")}
            </Text>
            {text(d.heldAt) && (
              <Text size="sm" c="dimmed">
                {t("cases.timeline.createdFromHeld", { heldAt: sla.instant(text(d.heldAt)!) })}
              </Text>
            )}
            {isPriority(d.priority) && (
              <Text size="sm" c="dimmed">
                {t("cases.timeline.createdPriority", {
                  priority: d.priority,
                  due: due ? sla.instant(due) : "—",
                })}
              </Text>
            )}
            {viewerIsStaff && <EmailOrigin caseId={kase.id} event={event} />}
          </Change>
        );
      }
      case "priority_changed": {
        const due = text(d.responseDueAt);
        const reason = text(d.reason);
        return (
          <Change event={event} icon={<IconFlag size={16} />} color="orange">
            <Text size="sm" fw={600} span>
              {d.from === d.to && isPriority(d.to)
                ? t("cases.timeline.priorityConfirmed", { priority: d.to })
                : t("cases.timeline.priorityChanged", {
                    from: isPriority(d.from) ? d.from : "—",
                    to: isPriority(d.to) ? d.to : "—",
                  })}
            </Text>
            {isPriority(d.suggested) && d.suggested !== d.to && (
              <Text size="sm" c="dimmed">
                {t("cases.timeline.suggestedWas", { priority: d.suggested })}
              </Text>
            )}
            {reason && (
              <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap" }}>
                {t("cases.timeline.reason", { reason })}
              </Text>
            )}
            {due && (
              <Text size="sm" c="dimmed">
                {t("cases.timeline.newDue", { due: sla.instant(due) })}
              </Text>
            )}
          </Change>
        );
      }
      case "status_changed":
        return (
          <Change event={event} icon={<IconArrowsExchange size={16} />} color="gray">
            {t("cases.timeline.statusChanged", {
              from: isStatus(d.from) ? t(`cases.status.${d.from}`) : "—",
              to: isStatus(d.to) ? t(`cases.status.${d.to}`) : "—",
            })}
          </Change>
        );
      case "assignee_changed":
        return (
          <Change event={event} icon={<IconUserShare size={16} />} color="grape">
            {d.to ? t("cases.timeline.assigned", { name: staffName(d.to) }) : t("cases.timeline.unassigned")}
          </Change>
        );
      case "attachment_added": {
        const attachment = attachmentOf(event);
        const filename = text(d.filename) ?? "—";
        const size = typeof d.sizeBytes === "number" ? formatBytes(d.sizeBytes, i18n.language) : null;
        return (
          <Change event={event} icon={<IconPaperclip size={16} />} color="gray">
            {t("cases.timeline.attached")}{" "}
            {attachment ? (
              <Anchor href={attachmentUrl(attachment)} download={attachment.filename} size="sm">
                {filename}
              </Anchor>
            ) : (
              <Text span size="sm" fw={500}>
                {filename}
              </Text>
            )}
            {size && (
              <Text span size="sm" c="dimmed">
                {" "}
                ({size})
              </Text>
            )}
          </Change>
        );
      }
      case "warned":
      case "escalated": {
        const level = escalation.level(d.level);
        const warned = event.kind === "warned" || level === 0;
        const due = text(d.dueAt);
        const notified = Array.isArray(d.notified) ? d.notified.filter((n) => typeof n === "string") : [];
        const audiences = escalation.audiences(d.audiences);
        const state = escalation.clockState(d.clock, d.percent);
        return (
          <Change
            event={event}
            icon={warned ? <IconAlertTriangle size={16} /> : <IconFlame size={16} />}
            color={warned ? "yellow" : "red"}
          >
            <Text size="sm" fw={600} span c={warned ? "yellow.9" : "red.8"}>
              {warned
                ? t("cases.timeline.warned", { state })
                : t("cases.timeline.escalated", { level: level ?? "?", state })}
            </Text>
            {due && typeof d.percent === "number" && (
              <Text size="sm" c="dimmed">
                {t("cases.timeline.escalationDue", {
                  percent: escalation.percent(d.percent),
                  due: sla.instant(due),
                })}
              </Text>
            )}
            {audiences && (
              <Text size="sm" c="dimmed">
                {t("cases.timeline.escalationAudiences", { audiences })}
              </Text>
            )}
            <Text size="sm" c="dimmed">
              {notified.length > 0
                ? t("cases.timeline.escalationNotified", { names: notified.join(", ") })
                : t("cases.timeline.escalationNobody")}
            </Text>
          </Change>
        );
      }
      case "response_met":
        return (
          <Change
            event={event}
            icon={<IconCircleCheck size={16} />}
            color={d.breached === true ? "orange" : "teal"}
          >
            <Text size="sm" fw={600} span c={d.breached === true ? "orange.8" : "teal.8"}>
              {d.breached === true ? t("cases.timeline.responseLate") : t("cases.timeline.responseMet")}
            </Text>
          </Change>
        );
      case "mail_bounced": {
        const status = text(d.status);
        const diagnostic = text(d.diagnostic);
        const mailKind = text(d.mailKind);
        const permanent = isPermanentBounce({ action: text(d.action) ?? "", status });
        const values = {
          kind: mailKind ? (isOutboxKind(mailKind) ? t(`outbox.kinds.${mailKind}`) : mailKind) : "—",
          recipient: text(d.recipient) ?? "—",
          status,
        };
        const key = permanent ? "mailFailed" : "mailDelayed";
        return (
          <Change
            event={event}
            icon={permanent ? <IconMailX size={16} /> : <IconMailPause size={16} />}
            color={permanent ? "red" : "orange"}
          >
            <Text size="sm" fw={600} span c={permanent ? "red.8" : "orange.8"}>
              {t(`cases.timeline.${key}${status ? "" : "NoStatus"}`, values)}
            </Text>
            {diagnostic && (
              <Text size="xs" c="dimmed" ff="monospace" mt={2}>
                {diagnostic}
              </Text>
            )}
            {!permanent && (
              <Text size="sm" c="dimmed">
                {t("cases.timeline.mailDelayedHelp")}
              </Text>
            )}
          </Change>
        );
      }
      case "foreign_thread_cited": {
        const citedId = text(d.citedCaseId);
        const number = text(d.citedCaseNumber);
        return (
          <Change event={event} icon={<IconUsersGroup size={16} />} color="indigo">
            {number ? (
              <Trans
                i18nKey="cases.timeline.foreignThreadCited"
                values={{ number }}
                components={{
                  case:
                    viewerIsStaff && citedId ? (
                      <Anchor component={Link} to={`/cases/${citedId}`} size="sm" ff="monospace" fw={600} />
                    ) : (
                      <Text span size="sm" ff="monospace" fw={600} />
                    ),
                }}
              />
            ) : (
              t("cases.timeline.foreignThreadCitedUnknown")
            )}
          </Change>
        );
      }
      default:
        return (
          <Change event={event} icon={<IconPoint size={16} />} color="gray">
            {event.body || event.kind}
          </Change>
        );
    }
  };

  return (
    <ListState
      query={timeline}
      isEmpty={items.length === 0}
      rows={3}
      compact
      empty={{ title: t("cases.timeline.empty"), icon: <IconMessageCircle size={28} stroke={1.5} /> }}
    >
      <Stack
        gap="md"
        aria-label={t("cases.timeline.title")}
        component="ol"
        m={0}
        p={0}
        style={{ listStyle: "none" }}
      >
        {items.map((event) => (
          <li key={event.id}>{render(event)}</li>
        ))}
      </Stack>
    </ListState>
  );
};
