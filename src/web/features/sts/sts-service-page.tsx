import { Anchor, Button, Card, Group, List, Stack, Text, Title } from "@mantine/core";
import { IconCalendarEvent, IconCircleCheck } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { DetailList } from "../../components/detail-list";
import { useFormatters } from "../../components/formatters";
import { PageLoader, QueryError } from "../../components/list-state";
import { PageHeader } from "../../components/page-header";
import { Section } from "../../components/section";
import { type StsVisit, type StsVisitDetail, useStsService } from "./sts-api";
import { ServiceStatusBadge, useVisitName, VisitStatusBadge } from "./sts-parts";
import { HoldVisitModal, RescheduleVisitModal } from "./visit-dialogs";

/** One visit: its day, what was agreed when held, its reschedules, and the caller's actions. */
export const VisitCard = ({
  visit,
  onHold,
  onReschedule,
}: {
  visit: StsVisitDetail;
  onHold?: (visit: StsVisit) => void;
  onReschedule?: (visit: StsVisit) => void;
}) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const visitName = useVisitName();
  const held = visit.status === "held";
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-label={visitName(visit)}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: "1 1 260px" }}>
          <Group gap="xs">
            <Title order={4} fz="md">
              {visitName(visit)}
            </Title>
            <VisitStatusBadge visit={visit} />
          </Group>
          <Text size="sm" fw={500}>
            {format.localDateLong(held ? visit.heldOn : visit.scheduledOn)}
          </Text>
          {visit.scheduledOn !== visit.dueOn && (
            <Text size="xs" c="dimmed">
              {t("sts.plannedOn", { date: format.localDate(visit.dueOn) })}
            </Text>
          )}
          {!held && (
            <Text size="xs" c="dimmed">
              {visit.reminderSentAt
                ? t("sts.reminderSent", { date: format.dateTime(visit.reminderSentAt) })
                : t("sts.reminderOn", { date: format.localDate(visit.remindOn) })}
            </Text>
          )}
        </Stack>
        {visit.canManage && (onHold || onReschedule) && (
          <Group gap="xs">
            {onReschedule && (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconCalendarEvent size={14} />}
                onClick={() => onReschedule(visit)}
              >
                {t("sts.reschedule.open")}
              </Button>
            )}
            {onHold && (
              <Button size="xs" leftSection={<IconCircleCheck size={14} />} onClick={() => onHold(visit)}>
                {t("sts.hold.open")}
              </Button>
            )}
          </Group>
        )}
      </Group>
      {held && visit.minutes && (
        <Stack gap={4} mt="sm">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.4 }}>
            {t("sts.fields.minutes")}
          </Text>
          <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {visit.minutes}
          </Text>
          {visit.heldBy && (
            <Text size="xs" c="dimmed">
              {t("sts.heldBy", { name: visit.heldBy.name })}
            </Text>
          )}
        </Stack>
      )}
      {visit.reschedules.length > 0 && (
        <Stack gap={4} mt="sm">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.4 }}>
            {t("sts.history.title")}
          </Text>
          <List size="xs" spacing={2}>
            {visit.reschedules.map((move) => (
              <List.Item key={`${move.changedAt}-${move.toDate}`}>
                {t("sts.history.line", {
                  from: format.localDate(move.fromDate),
                  to: format.localDate(move.toDate),
                  who: move.changedBy?.name ?? t("sts.history.system"),
                  when: format.dateTime(move.changedAt),
                })}
                {move.reason ? ` — ${move.reason}` : ""}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Card>
  );
};

/** Staff: one on-site engineer service, its terms and its visits (held with minutes, moved, ahead). */
export const StsServicePage = () => {
  const { t } = useTranslation();
  const format = useFormatters();
  const { serviceId = "" } = useParams();
  const query = useStsService(serviceId);
  const [holding, setHolding] = useState<StsVisit | null>(null);
  const [moving, setMoving] = useState<StsVisit | null>(null);

  if (query.isPending) return <PageLoader />;
  if (query.isError) return <QueryError error={query.error} onRetry={query.refetch} />;
  const service = query.data;

  return (
    <>
      <PageHeader
        title={t("sts.detail.title", { organization: service.organizationName })}
        description={
          <Group gap="xs">
            <Anchor component={Link} to={`/organizations/${service.organizationId}`} size="sm">
              {service.organizationName}
            </Anchor>
            <ServiceStatusBadge status={service.status} />
          </Group>
        }
        back={{ to: "/sts/services", label: t("sts.servicesTitle") }}
      />
      <Stack gap="lg">
        <Section title={t("sts.detail.summary")}>
          <DetailList
            cols={3}
            items={[
              {
                label: t("sts.fields.engineer"),
                value: (
                  <>
                    {service.engineer.name}
                    <Text size="xs" c="dimmed">
                      {[service.engineer.email, service.engineer.phone].filter(Boolean).join(" · ")}
                    </Text>
                  </>
                ),
              },
              { label: t("sts.fields.accountExecutive"), value: service.accountExecutive?.name },
              {
                label: t("sts.fields.period"),
                value: t("sts.periodRange", {
                  start: format.localDate(service.startDate),
                  end: format.localDate(service.endDate),
                }),
              },
              { label: t("sts.fields.purchaseOrder"), value: service.purchaseOrder },
              { label: t("sts.fields.price"), value: format.money(service.priceCents) },
              { label: t("sts.fields.calendar"), value: service.calendar.name },
              ...(service.notes !== null ? [{ label: t("sts.fields.notes"), value: service.notes }] : []),
            ]}
          />
        </Section>
        <Section
          title={t("sts.detail.visitsTitle")}
          description={t("sts.detail.visitsDescription", { calendar: service.calendar.name })}
        >
          <Stack gap="sm">
            {service.visits.map((visit) => (
              <VisitCard key={visit.id} visit={visit} onHold={setHolding} onReschedule={setMoving} />
            ))}
          </Stack>
        </Section>
      </Stack>
      <HoldVisitModal visit={holding} onClose={() => setHolding(null)} />
      <RescheduleVisitModal visit={moving} onClose={() => setMoving(null)} />
    </>
  );
};
