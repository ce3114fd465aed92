import { Alert, Anchor, Button, Grid, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconRefresh, IconX } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import "./case-layout.css";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { useAuth, useCurrentUser } from "../../app/auth-context";
import { DetailList } from "../../components/detail-list";
import { EnvironmentBadge } from "../../components/environment-badge";
import { useFormatters } from "../../components/formatters";
import { PageLoader, QueryError } from "../../components/list-state";
import { MailUndeliverableBadge } from "../../components/mail-delivery";
import { notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { CaseAttachments } from "./case-attachments";
import {
  CaseStatusBadge,
  ChannelBadge,
  EscalationBadge,
  PriorityBadge,
  VersionSupportBadge,
} from "./case-badges";
import { ChecklistState } from "./case-checklist";
import { CaseComposer } from "./case-composer";
import { CaseControls } from "./case-controls";
import { useCaseErrors } from "./case-errors";
import { CaseTimeline } from "./case-timeline";
import { type Case, useCase, useChangeStatus } from "./cases-api";
import { SlaLine, SlaPanel } from "./sla-panel";
import { TriageBox, useImpactText } from "./triage-box";

/** Shown once, right after the case was opened (the form passes it in the navigation state). */
export interface CaseOpenedState {
  opened?: boolean;
}

/** Who, what and where: the facts of the case under its title. */
const CaseSummary = ({ kase, staff }: { kase: Case; staff: boolean }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const impactText = useImpactText();
  return (
    <Paper p={{ base: "md", sm: "lg" }} radius="md" component="section" aria-label={t("cases.summary")}>
      <DetailList
        cols={3}
        items={[
          ...(staff
            ? [
                {
                  label: t("cases.fields.organization"),
                  value: (
                    <Anchor component={Link} to={`/organizations/${kase.organizationId}`} size="sm">
                      {kase.organizationName}
                    </Anchor>
                  ),
                },
              ]
            : []),
          {
            label: t("cases.fields.system"),
            value: (
              <Group gap={6}>
                <span>
                  {t("cases.systemVersion", { system: kase.systemName, version: kase.installedVersion })}
                </span>
                <EnvironmentBadge environment={kase.environment} />
                <VersionSupportBadge kase={kase} />
              </Group>
            ),
          },
          {
            label: t("cases.fields.requester"),
            value: staff ? (
              <Group gap={6}>
                <Anchor component={Link} to={`/contacts/${kase.requester.id}`} size="sm">
                  {kase.requester.name}
                </Anchor>
                {kase.requester.mailUndeliverable && (
                  <MailUndeliverableBadge tooltip={t("cases.requesterUndeliverable")} />
                )}
              </Group>
            ) : (
              kase.requester.name
            ),
          },
          { label: t("cases.fields.channel"), value: <ChannelBadge channel={kase.channel} /> },
          ...(staff ? [{ label: t("cases.fields.checklist"), value: <ChecklistState kase={kase} /> }] : []),
          {
            label: t("cases.fields.contract"),
            value: staff ? (
              <>
                {kase.planName} ·{" "}
                <Anchor component={Link} to={`/contracts/${kase.contractId}`} size="sm">
                  {kase.contractNumber}
                </Anchor>
              </>
            ) : (
              `${kase.planName} · ${kase.contractNumber}`
            ),
          },
          { label: t("cases.fields.registeredAt"), value: format.dateTime(kase.registeredAt) },
          { label: t("cases.fields.impact"), value: impactText(kase) },
          ...(staff
            ? [
                {
                  label: t("cases.fields.assignee"),
                  value: kase.assignee?.name ?? t("cases.controls.nobody"),
                },
              ]
            : []),
        ]}
      />
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" mt="lg" mb={4} style={{ letterSpacing: 0.4 }}>
        {t("cases.fields.description")}
      </Text>
      <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {kase.description || "—"}
      </Text>
    </Paper>
  );
};

const CaseTitle = ({
  kase,
  back,
  staff,
}: {
  kase: Case;
  back: { to: string; label: string };
  staff: boolean;
}) => {
  const { t } = useTranslation();
  return (
    <PageHeader
      title={kase.subject}
      back={back}
      description={
        <Group gap={8} component="span">
          <Text span fw={700} c="dark" ff="monospace" size="sm">
            {kase.number}
          </Text>
          <PriorityBadge priority={kase.priority} />
          <CaseStatusBadge status={kase.status} />
          {staff && <EscalationBadge level={kase.escalationLevel} at={kase.escalatedAt} />}
          {!kase.triaged && kase.status === "new" && (
            <Text span size="xs" c={staff ? "orange.8" : "dimmed"} fw={600}>
              {staff ? t("cases.triage.pending") : t("cases.triage.toConfirm")}
            </Text>
          )}
        </Group>
      }
    />
  );
};

/** Staff: the whole case — summary, triage, controls, SLA, timeline with notes, composer, files. */
const StaffCasePage = ({ kase }: { kase: Case }) => {
  const { t } = useTranslation();
  const { can } = useAuth();
  return (
    <>
      <CaseTitle kase={kase} back={{ to: "/cases", label: t("nav.cases") }} staff />
      {/* two columns on wide screens; on phones one column in reading order (see case-layout.css) */}
      <div className="soporte-case-layout">
        <div className="soporte-case-main">
          <div style={{ order: 2 }}>
            <CaseSummary kase={kase} staff />
          </div>
          <section aria-label={t("cases.timeline.title")} style={{ order: 4 }}>
            <Title order={3} fz="lg" mb="sm">
              {t("cases.timeline.title")}
            </Title>
            <CaseTimeline kase={kase} viewerIsStaff />
          </section>
          <div style={{ order: 5 }}>
            <CaseComposer kase={kase} />
          </div>
        </div>
        <div className="soporte-case-side">
          <div style={{ order: 1 }}>
            <SlaPanel kase={kase} />
          </div>
          {can("cases:triage") && (
            <div style={{ order: 3 }}>
              <TriageBox kase={kase} />
            </div>
          )}
          <div style={{ order: 6 }}>
            <CaseControls kase={kase} />
          </div>
          <div style={{ order: 7 }}>
            <CaseAttachments kase={kase} />
          </div>
        </div>
      </div>
    </>
  );
};

/** Customers: close a resolved case, or reopen it within the window. */
const ResolvedActions = ({ kase }: { kase: Case }) => {
  const { t } = useTranslation();
  const change = useChangeStatus(kase.id);
  const describe = useCaseErrors(kase.id);
  const [failure, setFailure] = useState<string | null>(null);
  if (kase.status !== "resolved") return null;
  const reopenable = kase.allowedStatuses.includes("open");
  const move = async (status: "closed" | "open") => {
    setFailure(null);
    try {
      await change.mutateAsync({ status, version: kase.version });
      notifySuccess(status === "closed" ? t("cases.portal.closed") : t("cases.portal.reopened"));
    } catch (error) {
      setFailure(describe(error));
    }
  };
  return (
    <Alert
      color="green"
      variant="light"
      icon={<IconCircleCheck size={18} />}
      title={t("cases.portal.resolvedTitle")}
    >
      <Text size="sm" mb="sm">
        {reopenable ? t("cases.portal.resolvedHelp") : t("cases.portal.resolvedNoReopen")}
      </Text>
      {failure && (
        <Text size="sm" c="red.8" mb="sm" role="alert">
          {failure}
        </Text>
      )}
      <Group gap="sm">
        <Button
          size="xs"
          color="green"
          leftSection={<IconX size={14} />}
          loading={change.isPending && change.variables?.status === "closed"}
          onClick={() => move("closed")}
        >
          {t("cases.portal.close")}
        </Button>
        {reopenable && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconRefresh size={14} />}
            loading={change.isPending && change.variables?.status === "open"}
            onClick={() => move("open")}
          >
            {t("cases.portal.reopen")}
          </Button>
        )}
      </Group>
    </Alert>
  );
};

/** Customer portal: the case with its public timeline, the SLA line, reply, files, close/reopen. */
const PortalCasePage = ({ kase }: { kase: Case }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const location = useLocation();
  const navigate = useNavigate();
  // read once: the notice is for the arrival from the form, not for a reload or a later visit
  const [justOpened] = useState(() => (location.state as CaseOpenedState | null)?.opened === true);
  useEffect(() => {
    if ((location.state as CaseOpenedState | null)?.opened) navigate(".", { replace: true, state: null });
  }, [location.state, navigate]);
  return (
    <>
      <CaseTitle kase={kase} back={{ to: "/my-cases", label: t("nav.myCases") }} staff={false} />
      <Stack gap="lg">
        {justOpened && (
          <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} role="status">
            {t("cases.portal.openedNotice", { number: kase.number })}
          </Alert>
        )}
        {kase.versionSupport?.status === "unsupported" && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
            {t("cases.versionSupport.portalNotice", {
              version: kase.installedVersion,
              date: format.localDate(kase.versionSupport.endOfSupportOn),
            })}
          </Alert>
        )}
        <SlaLine kase={kase} defaultOpened={justOpened} />
        <ResolvedActions kase={kase} />
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="lg">
              <CaseSummary kase={kase} staff={false} />
              <section aria-label={t("cases.timeline.title")}>
                <Title order={3} fz="lg" mb="sm">
                  {t("cases.timeline.title")}
                </Title>
                <CaseTimeline kase={kase} viewerIsStaff={false} />
              </section>
              <CaseComposer kase={kase} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <CaseAttachments kase={kase} />
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
};

export const CaseDetailPage = () => {
  const { caseId = "" } = useParams();
  const user = useCurrentUser();
  const query = useCase(caseId);
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <QueryError error={query.error} onRetry={query.refetch} />;
  return user.role === "customer_contact" ? (
    <PortalCasePage kase={query.data} />
  ) : (
    <StaffCasePage kase={query.data} />
  );
};
