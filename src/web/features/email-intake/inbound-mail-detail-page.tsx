import { Alert, Anchor, Button, Group, Paper, Stack, Tabs, Text } from "@mantine/core";
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCode,
  IconInfoCircle,
  IconMail,
  IconRefresh,
  IconTrash,
} from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useAuth } from "../../app/auth-context";
import { ConfirmModal } from "../../components/confirm-modal";
import { type DetailItem, DetailList } from "../../components/detail-list";
import { formatBytes, useFormatters } from "../../components/formatters";
import { PageLoader, QueryError } from "../../components/list-state";
import { RawSource, SandboxedHtml } from "../../components/mail-view";
import { notifyError, notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { Section } from "../../components/section";
import { BreakableAddress } from "./breakable-address";
import {
  type InboundMail,
  isInboundOutcome,
  needsAttention,
  useDismissInboundMail,
  useInboundMail,
  useRetryInboundMail,
} from "./inbound-mail-api";
import { InboundStatusBadge, inboundStatusColor, useInboundOutcomeText } from "./inbound-mail-text";

/** The envelope fields the receivers record, in a stable order; anything else follows as it came. */
const ENVELOPE_FIELDS = ["mailFrom", "rcptTo", "remoteAddress", "helo", "mailbox", "uid"] as const;
type EnvelopeField = (typeof ENVELOPE_FIELDS)[number];
const isEnvelopeField = (key: string): key is EnvelopeField =>
  (ENVELOPE_FIELDS as readonly string[]).includes(key);

const envelopeText = (value: unknown): string => {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.map(envelopeText).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
};

/** Who handed the message over and for whom (SMTP), or where it was read (IMAP). */
const EnvelopeSection = ({ mail }: { mail: InboundMail }) => {
  const { t } = useTranslation();
  const keys = Object.keys(mail.envelope);
  const ordered = [
    ...ENVELOPE_FIELDS.filter((key) => keys.includes(key)),
    ...keys.filter((key) => !isEnvelopeField(key)),
  ];
  const items: DetailItem[] = [
    { label: t("inboundMail.fields.source"), value: t(`inboundMail.sources.${mail.source}`) },
    ...ordered.map((key) => ({
      label: isEnvelopeField(key) ? t(`inboundMail.envelope.${key}`) : key,
      value: (
        <Text span size="sm" ff="monospace">
          {key === "mailFrom" && mail.envelope[key] === "" ? (
            t("inboundMail.envelope.nullSender")
          ) : (
            <BreakableAddress value={envelopeText(mail.envelope[key])} />
          )}
        </Text>
      ),
    })),
  ];
  return (
    <Section title={t("inboundMail.envelope.title")} description={t("inboundMail.envelope.description")}>
      <DetailList cols={3} items={items} />
    </Section>
  );
};

/** What Soporte did with the message and why, with a way to the case or the held requests. */
const OutcomePanel = ({ mail }: { mail: InboundMail }) => {
  const { t } = useTranslation();
  const outcome = useInboundOutcomeText();
  const detail = outcome.detail(mail);
  const explanation = outcome.explanation(mail);
  const attention = needsAttention(mail);
  const icon = attention ? (
    <IconAlertTriangle size={18} />
  ) : mail.status === "processed" ? (
    <IconCircleCheck size={18} />
  ) : (
    <IconInfoCircle size={18} />
  );
  return (
    <Alert
      variant="light"
      color={inboundStatusColor(mail.status)}
      icon={icon}
      title={
        <Group gap="xs" component="span">
          <InboundStatusBadge status={mail.status} />
          <span>{outcome.label(mail)}</span>
        </Group>
      }
    >
      <Stack gap={6}>
        {explanation && <Text size="sm">{explanation}</Text>}
        {detail && (
          <Text size="sm">
            {t("inboundMail.detailLabel")}{" "}
            <Text
              span
              size="sm"
              ff={detail.technical ? "monospace" : undefined}
              fw={600}
              style={{ overflowWrap: "anywhere" }}
            >
              {detail.text}
            </Text>
          </Text>
        )}
        {mail.caseId && (
          <Anchor component={Link} to={`/cases/${mail.caseId}`} size="sm" fw={600}>
            {t("inboundMail.openCaseLong")}
          </Anchor>
        )}
        {mail.outcome === "held" && (
          <Anchor component={Link} to="/held-requests" size="sm" fw={600}>
            {t("nav.heldRequests")}
          </Anchor>
        )}
        {attention && (
          <Text size="sm" c="dimmed">
            {t("inboundMail.actionsHelp")}
          </Text>
        )}
      </Stack>
    </Alert>
  );
};

/** The answer to a retry, kept on the page until the next action. */
const RetryResult = ({ outcome, onClose }: { outcome: string | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const text = useInboundOutcomeText();
  const label = isInboundOutcome(outcome)
    ? text.label({ status: "processed", outcome })
    : outcome === "failed"
      ? text.label({ status: "failed", outcome: null })
      : text.label({ status: "received", outcome: null });
  // it failed again and is tried once more by itself in a few seconds
  const message =
    outcome === "retry" ? t("inboundMail.retryAgain") : t("inboundMail.retryResult", { outcome: label });
  return (
    <Alert
      variant="light"
      color="brand"
      icon={<IconRefresh size={18} />}
      withCloseButton
      closeButtonLabel={t("inboundMail.closeResult")}
      onClose={onClose}
      role="status"
    >
      {message}
    </Alert>
  );
};

const Actions = ({ mail, onRetried }: { mail: InboundMail; onRetried: (outcome: string | null) => void }) => {
  const { t } = useTranslation();
  const retry = useRetryInboundMail();
  const dismiss = useDismissInboundMail();
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <Button
        leftSection={<IconRefresh size={16} />}
        loading={retry.isPending}
        disabled={dismiss.isPending}
        onClick={async () => {
          try {
            const result = await retry.mutateAsync(mail.id);
            onRetried(result.outcome);
          } catch (error) {
            notifyError(error);
          }
        }}
      >
        {t("inboundMail.retry")}
      </Button>
      <Button
        variant="default"
        color="red"
        leftSection={<IconTrash size={16} />}
        disabled={retry.isPending}
        onClick={() => setConfirming(true)}
      >
        {t("inboundMail.dismiss")}
      </Button>
      <ConfirmModal
        opened={confirming}
        title={t("inboundMail.dismissTitle")}
        message={t("inboundMail.dismissMessage", {
          from: mail.from ?? t("inboundMail.noSender"),
          subject: mail.subject || t("inboundMail.noSubject"),
        })}
        confirmLabel={t("inboundMail.dismiss")}
        loading={dismiss.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          await dismiss.mutateAsync(mail.id);
          notifySuccess(t("inboundMail.dismissed"));
        }}
      />
    </>
  );
};

/** One incoming message: what became of it, its envelope, its source as text and its HTML, sandboxed. */
export const InboundMailDetailPage = () => {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const { can } = useAuth();
  const { mailId = "" } = useParams();
  const query = useInboundMail(mailId);
  const [retried, setRetried] = useState<{ outcome: string | null } | null>(null);
  const back = { to: "/inbound-mail", label: t("inboundMail.title") };

  if (query.isPending) return <PageLoader />;
  if (query.isError) return <QueryError error={query.error} onRetry={query.refetch} />;
  const mail = query.data;
  const subject = mail.subject || t("inboundMail.noSubject");
  const facts: { label: string; value: ReactNode }[] = [
    {
      label: t("inboundMail.fields.from"),
      value: mail.from ? <BreakableAddress value={mail.from} /> : t("inboundMail.noSender"),
    },
    { label: t("inboundMail.fields.receivedAt"), value: format.dateTime(mail.receivedAt) },
    {
      label: t("inboundMail.fields.processedAt"),
      value: mail.processedAt ? format.dateTime(mail.processedAt) : t("inboundMail.notYet"),
    },
    { label: t("inboundMail.fields.size"), value: formatBytes(mail.sizeBytes, i18n.language) },
    {
      label: t("inboundMail.fields.attempts"),
      value: `${t("inboundMail.attempts", { count: mail.attempts })} · ${t("inboundMail.deliveries", { count: mail.deliveries })}`,
    },
    {
      label: t("inboundMail.fields.autoReplied"),
      value: mail.autoReplied ? t("inboundMail.autoRepliedYes") : t("inboundMail.autoRepliedNo"),
    },
  ];

  return (
    <>
      <PageHeader
        title={subject}
        back={back}
        actions={
          needsAttention(mail) && can("inbound-mail:write") ? (
            <Actions mail={mail} onRetried={(outcome) => setRetried({ outcome })} />
          ) : null
        }
      />
      <Stack gap="lg">
        {retried && <RetryResult outcome={retried.outcome} onClose={() => setRetried(null)} />}
        <OutcomePanel mail={mail} />
        <Paper
          p={{ base: "md", sm: "lg" }}
          radius="md"
          component="section"
          aria-label={t("inboundMail.facts")}
        >
          <Stack gap="md">
            <DetailList cols={3} items={facts} />
            {/* long and unbroken: a line of its own */}
            <DetailList
              cols={1}
              items={[
                {
                  label: t("inboundMail.fields.messageId"),
                  value: mail.messageId ? (
                    <Text span size="sm" ff="monospace">
                      <BreakableAddress value={mail.messageId} />
                    </Text>
                  ) : null,
                },
              ]}
            />
          </Stack>
        </Paper>
        <EnvelopeSection mail={mail} />
        <Paper p={{ base: "sm", sm: "md" }} radius="md">
          <Tabs defaultValue="raw" keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="raw" leftSection={<IconCode size={16} />}>
                {t("inboundMail.detailTabs.raw")}
              </Tabs.Tab>
              <Tabs.Tab value="html" leftSection={<IconMail size={16} />}>
                {t("inboundMail.detailTabs.html")}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="raw">
              <Text size="xs" c="dimmed" mb="xs">
                {t("inboundMail.rawNote")}
              </Text>
              <RawSource raw={mail.raw} maxHeight={560} />
            </Tabs.Panel>
            <Tabs.Panel value="html">
              {mail.html ? (
                // sanitized by the server already, and inert again in the sandbox
                <SandboxedHtml
                  html={mail.html}
                  title={t("inboundMail.htmlTitle", { subject })}
                  height={480}
                  note={t("inboundMail.htmlNote")}
                />
              ) : (
                <Text size="sm" c="dimmed" py="md">
                  {t("inboundMail.noHtml")}
                </Text>
              )}
            </Tabs.Panel>
          </Tabs>
        </Paper>
      </Stack>
    </>
  );
};
