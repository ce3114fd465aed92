import { Anchor, Badge, Collapse, Group, List, Paper, Stack, Text, ThemeIcon } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconAlertTriangle, IconCircleCheck, IconClock } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { DetailList } from "../../components/detail-list";
import { isOpenStatus } from "./case-rules";
import type { Case } from "./cases-api";
import { isBusinessCalendar, useDurationFormat, useNow, useSlaFormat } from "./sla-format";

type Sla = Case["sla"];
/** What a list's case says of its target (the case summary's `sla`). */
type SlaSummary = Pick<Sla, "dueAt" | "metAt" | "breached">;
type SlaState = "met" | "metLate" | "breached" | "running";

export const slaStateOf = (sla: SlaSummary): SlaState => {
  if (sla.metAt) return sla.breached ? "metLate" : "met";
  return sla.breached ? "breached" : "running";
};

/** "4 horas hábiles" / "4 horas (24×7)". */
export const useTargetText = () => {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  return (sla: Pick<Sla, "targetMinutes" | "calendarId">) => {
    const hours = sla.targetMinutes / 60;
    const options = { count: hours, hours: number.format(hours) };
    return isBusinessCalendar(sla.calendarId)
      ? t("cases.sla.targetBusiness", options)
      : t("cases.sla.targetClock", options);
  };
};

/** The calendar's name in the viewer's language when it is one of the defaults. */
export const useCalendarLabel = () => {
  const { t } = useTranslation();
  return (sla: Pick<Sla, "calendarId" | "calendarName">) =>
    sla.calendarId === "cdmx-habil" || sla.calendarId === "24x7"
      ? t(`plans.calendars.${sla.calendarId}`)
      : sla.calendarName;
};

const STATE_COLORS: Record<SlaState, string> = {
  met: "teal",
  metLate: "orange",
  breached: "red",
  running: "brand",
};

export const SlaStateBadge = ({ sla }: { sla: SlaSummary }) => {
  const { t } = useTranslation();
  const state = slaStateOf(sla);
  return (
    <Badge
      miw="max-content"
      variant="light"
      color={STATE_COLORS[state]}
      radius="sm"
      tt="none"
      fw={600}
      leftSection={
        state === "met" ? (
          <IconCircleCheck size={12} />
        ) : state === "running" ? (
          <IconClock size={12} />
        ) : (
          <IconAlertTriangle size={12} />
        )
      }
    >
      {t(`cases.sla.states.${state}`)}
    </Badge>
  );
};

/** Wall time to the due instant (or since it passed). Not business time: the note says so. */
export const TimeLeft = ({ sla, size = "sm" }: { sla: SlaSummary; size?: "xs" | "sm" }) => {
  const { t } = useTranslation();
  const now = useNow();
  const duration = useDurationFormat();
  if (sla.metAt) return null;
  const left = new Date(sla.dueAt).getTime() - now;
  return left > 0 ? (
    <Text size={size} c={left < 2 * 3_600_000 ? "orange.8" : "dimmed"} fw={500} component="span">
      {t("cases.sla.left", { time: duration(left) })}
    </Text>
  ) : (
    <Text size={size} c="red.8" fw={600} component="span">
      {t("cases.sla.overdue", { time: duration(-left) })}
    </Text>
  );
};

/** "Así lo calculamos": the open intervals counted to reach the due time, in the calendar's zone. */
export const SlaExplanation = ({ sla, registeredAt }: { sla: Sla; registeredAt: string }) => {
  const { t } = useTranslation();
  const format = useSlaFormat();
  const duration = useDurationFormat();
  const targetText = useTargetText();
  const calendarLabel = useCalendarLabel();
  const zone = sla.timeZone;
  return (
    <Stack gap={6} aria-label={t("cases.sla.howWeCount")}>
      {sla.outOfHoursWindow && (
        <Text size="sm" fw={600} c="brand.8">
          {t("cases.sla.outOfHoursWindow", {
            from: format.instant(sla.outOfHoursWindow.startsAt, zone),
            to: format.instant(sla.outOfHoursWindow.endsAt, zone),
          })}
        </Text>
      )}
      <Text size="sm">
        {t("cases.sla.explanation", {
          target: targetText(sla),
          calendar: calendarLabel(sla),
          registered: format.instant(registeredAt, zone),
        })}
      </Text>
      <List size="sm" spacing={2} aria-label={t("cases.sla.countedIntervals")}>
        {sla.counted.map((interval) => (
          <List.Item key={interval.from} style={{ fontVariantNumeric: "tabular-nums" }}>
            {format.interval(interval.from, interval.to, zone)} · {duration(interval.seconds * 1000)}
          </List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed">
        {t("cases.sla.zoneNote", { zone: format.zoneName(zone), id: zone })}
      </Text>
    </Stack>
  );
};

/** Staff: the response SLA in full — due, time left, target, calendar, state and the explanation. */
export const SlaPanel = ({ kase }: { kase: Case }) => {
  const { t } = useTranslation();
  const format = useSlaFormat();
  const targetText = useTargetText();
  const calendarLabel = useCalendarLabel();
  const { sla } = kase;
  const zone = sla.timeZone;
  const state = slaStateOf(sla);
  return (
    <Paper p={{ base: "md", sm: "lg" }} radius="md" component="section" aria-label={t("cases.sla.title")}>
      <Group justify="space-between" mb="md" gap="xs">
        <Group gap="xs">
          <ThemeIcon variant="light" radius="md" color={STATE_COLORS[state]}>
            <IconClock size={18} />
          </ThemeIcon>
          <Text fw={650}>{t("cases.sla.title")}</Text>
        </Group>
        <SlaStateBadge sla={sla} />
      </Group>
      <Stack gap={2} mb="md">
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.4 }}>
          {t("cases.sla.dueAt")}
        </Text>
        <Text
          fz={20}
          fw={700}
          c={state === "breached" ? "red.8" : undefined}
          style={{ fontVariantNumeric: "tabular-nums" }}
        >
          {format.instant(sla.dueAt, zone)}
        </Text>
        {sla.metAt ? (
          <Text size="sm" c={state === "met" ? "teal.8" : "orange.8"} fw={500}>
            {t("cases.sla.metAt", { at: format.instant(sla.metAt, zone) })}
          </Text>
        ) : !isOpenStatus(kase.status) ? null : (
          <>
            <TimeLeft sla={sla} />
            <Text size="xs" c="dimmed">
              {t("cases.sla.wallClockNote")}
            </Text>
          </>
        )}
      </Stack>
      <DetailList
        cols={2}
        items={[
          { label: t("cases.sla.target"), value: targetText(sla) },
          { label: t("cases.sla.calendar"), value: calendarLabel(sla) },
        ]}
      />
      <Text fw={600} size="sm" mt="md" mb={4}>
        {t("cases.sla.howWeCount")}
      </Text>
      <SlaExplanation sla={sla} registeredAt={kase.registeredAt} />
      {kase.resolution && <ResolutionBlock resolution={kase.resolution} />}
    </Paper>
  );
};

type Resolution = NonNullable<Case["resolution"]>;

/** The optional resolution target (a plan setting beyond the brochure); it pauses while waiting on the customer. */
const ResolutionBlock = ({ resolution }: { resolution: Resolution }) => {
  const { t } = useTranslation();
  const format = useSlaFormat();
  const targetText = useTargetText();
  const zone = resolution.timeZone;
  const state = resolution.metAt
    ? resolution.breached
      ? "metLate"
      : "met"
    : resolution.paused
      ? "paused"
      : resolution.breached
        ? "breached"
        : "running";
  return (
    <Stack gap={4} mt="md" pt="md" style={{ borderTop: "1px solid var(--mantine-color-gray-3)" }}>
      <Group justify="space-between" gap="xs">
        <Text fw={600} size="sm">
          {t("cases.sla.resolution.title")}
        </Text>
        <Badge
          miw="max-content"
          variant="light"
          color={state === "paused" ? "gray" : STATE_COLORS[state]}
          radius="sm"
          tt="none"
          fw={600}
        >
          {state === "paused" ? t("cases.sla.resolution.paused") : t(`cases.sla.states.${state}`)}
        </Badge>
      </Group>
      <Text size="sm">
        {resolution.metAt
          ? t("cases.sla.resolution.metAt", { at: format.instant(resolution.metAt, zone) })
          : resolution.dueAt
            ? t("cases.sla.resolution.dueAt", { at: format.instant(resolution.dueAt, zone) })
            : t("cases.sla.resolution.pausedHelp")}
      </Text>
      <Text size="xs" c="dimmed">
        {t("cases.sla.resolution.target", { target: targetText(resolution) })}
      </Text>
    </Stack>
  );
};

/** Customers: one line — "respuesta a más tardar el … — así lo calculamos" — that unfolds the explanation. */
export const SlaLine = ({ kase, defaultOpened = false }: { kase: Case; defaultOpened?: boolean }) => {
  const { t } = useTranslation();
  const format = useSlaFormat();
  const [opened, { toggle }] = useDisclosure(defaultOpened);
  const { sla } = kase;
  const zone = sla.timeZone;
  const state = slaStateOf(sla);
  const line =
    state === "met"
      ? t("cases.sla.lineMet", { at: format.instant(sla.metAt ?? sla.dueAt, zone) })
      : state === "metLate"
        ? t("cases.sla.lineMetLate", { at: format.instant(sla.metAt ?? sla.dueAt, zone) })
        : t("cases.sla.line", { at: format.instant(sla.dueAt, zone) });
  return (
    <Paper
      p="md"
      radius="md"
      bg={state === "met" ? "teal.0" : state === "running" ? "brand.0" : "orange.0"}
      component="section"
      aria-label={t("cases.sla.title")}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" radius="xl" color={STATE_COLORS[state]} mt={2}>
          {state === "met" ? <IconCircleCheck size={18} /> : <IconClock size={18} />}
        </ThemeIcon>
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600}>
            {line}
            {" — "}
            <Anchor
              component="button"
              type="button"
              size="sm"
              fw={600}
              onClick={toggle}
              aria-expanded={opened}
            >
              {t("cases.sla.howWeCountLink")}
            </Anchor>
          </Text>
          {state === "running" && isOpenStatus(kase.status) && <TimeLeft sla={sla} size="xs" />}
          {kase.resolution && !kase.resolution.metAt && (
            <Text size="xs" c="dimmed">
              {kase.resolution.dueAt
                ? t("cases.sla.resolution.dueAt", {
                    at: format.instant(kase.resolution.dueAt, kase.resolution.timeZone),
                  })
                : t("cases.sla.resolution.pausedCustomer")}
            </Text>
          )}
        </Stack>
      </Group>
      <Collapse expanded={opened}>
        <Paper withBorder={false} bg="white" p="sm" mt="sm" radius="md">
          <SlaExplanation sla={sla} registeredAt={kase.registeredAt} />
        </Paper>
      </Collapse>
    </Paper>
  );
};
