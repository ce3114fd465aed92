import {
  Alert,
  Badge,
  Button,
  NumberInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { IconInfoCircle, IconPencil, IconStairsUp } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Plan } from "../../../api/contracts";
import { useAuth } from "../../app/auth-context";
import { formatHundredths, parseHundredths } from "../../components/decimal-amount";
import { DetailList } from "../../components/detail-list";
import { useFormatters } from "../../components/formatters";
import { ListState, QueryError } from "../../components/list-state";
import { describeError, notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { Section } from "../../components/section";
import { useCalendars } from "../calendars/calendars-api";
import { useCaseSettings, useUpdateCaseSettings } from "../cases/cases-api";
import { EscalationSummary } from "../escalation/escalation-summary";
import { PlanFormModal } from "./plan-form-modal";
import {
  isKnownCalendar,
  PRIORITY_KEYS,
  useContractSettings,
  usePlans,
  useUpdateContractSettings,
} from "./plans-api";

/** "4 h" / "1.5 h": targets are whole minutes shown in hours. */
export const useHours = () => {
  const { i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  return (minutes: number) => `${number.format(minutes / 60)} h`;
};

const useCalendarName = () => {
  const { t } = useTranslation();
  const calendars = useCalendars().data?.items;
  return (id: string) =>
    isKnownCalendar(id) ? t(`plans.calendars.${id}`) : (calendars?.find((c) => c.id === id)?.name ?? id);
};

const PlanCard = ({ plan, canWrite, onEdit }: { plan: Plan; canWrite: boolean; onEdit: () => void }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const hours = useHours();
  const calendarName = useCalendarName();
  const s = plan.settings;
  return (
    <Section
      title={plan.name}
      description={t("plans.updatedAt", { date: format.dateTime(plan.updatedAt) })}
      actions={
        canWrite ? (
          <Button
            variant="default"
            size="sm"
            leftSection={<IconPencil size={16} />}
            onClick={onEdit}
            aria-label={t("plans.editNamed", { name: plan.name })}
          >
            {t("common.edit")}
          </Button>
        ) : null
      }
    >
      <DetailList
        cols={2}
        items={[
          { label: t("plans.fields.maxAuthorizedContacts"), value: s.maxAuthorizedContacts },
          { label: t("plans.fields.outOfHoursDaysPerYear"), value: s.outOfHoursDaysPerYear },
          { label: t("plans.fields.feeRate"), value: format.percentBps(s.feeRateBps) },
          { label: t("plans.fields.minimumFee"), value: format.money(s.minimumFeeCents) },
          {
            label: t("plans.fields.phoneP1AnyHour"),
            value: s.phoneP1AnyHour ? t("plans.phoneAnyHour") : t("plans.phoneBusinessHours"),
          },
        ]}
      />
      <Table.ScrollContainer minWidth={280} mt="lg">
        <Table
          className="soporte-table"
          aria-label={t("plans.targets", { name: plan.name })}
          highlightOnHover={false}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("plans.fields.priority")}</Table.Th>
              <Table.Th>{t("plans.fields.target")}</Table.Th>
              <Table.Th>{t("plans.fields.calendar")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {PRIORITY_KEYS.map((priority) => (
              <Table.Tr key={priority}>
                <Table.Td>
                  <Badge variant="light" radius="sm" color={priority === "P1" ? "red" : "gray"}>
                    {priority}
                  </Badge>
                </Table.Td>
                <Table.Td style={{ fontVariantNumeric: "tabular-nums" }}>
                  {hours(s.responseClocks[priority].targetMinutes)}
                </Table.Td>
                <Table.Td>{calendarName(s.responseClocks[priority].calendarId)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
};

/** Reinstatement penalty per lapsed year; an admin changes it here. */
const PenaltySetting = ({ canWrite }: { canWrite: boolean }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const settings = useContractSettings();
  const update = useUpdateContractSettings();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const current = settings.data?.penaltyRateBps;
  useEffect(() => {
    if (current !== undefined) setText(formatHundredths(current));
  }, [current]);

  if (settings.isError) return <QueryError error={settings.error} onRetry={settings.refetch} />;
  if (settings.isPending) return <Skeleton height={60} radius="sm" />;

  if (!canWrite) {
    return <DetailList items={[{ label: t("plans.penalty.rate"), value: format.percentBps(current) }]} />;
  }

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const bps = parseHundredths(text);
    if (bps === null || bps > 100_000) {
      setError(t("plans.validation.percent"));
      return;
    }
    setError(null);
    try {
      await update.mutateAsync({ penaltyRateBps: bps });
      notifySuccess(t("common.saved"));
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t("plans.penalty.title")}>
      <Stack gap="sm" align="flex-start">
        <TextInput
          label={t("plans.penalty.rate")}
          description={t("plans.penalty.rateHelp")}
          inputMode="decimal"
          rightSection={
            <Text size="sm" c="dimmed">
              %
            </Text>
          }
          value={text}
          error={error}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setError(null);
          }}
          w="100%"
          maw={360}
        />
        <Button type="submit" variant="light" loading={update.isPending}>
          {t("common.saveChanges")}
        </Button>
      </Stack>
    </form>
  );
};

/** How long after resolution a case may be reopened; an admin changes it here. */
const ReopenWindowSetting = ({ canWrite }: { canWrite: boolean }) => {
  const { t } = useTranslation();
  const settings = useCaseSettings();
  const update = useUpdateCaseSettings();
  const [days, setDays] = useState<number | string>("");
  const [error, setError] = useState<string | null>(null);
  const current = settings.data?.reopenWindowDays;
  useEffect(() => {
    if (current !== undefined) setDays(current);
  }, [current]);

  if (settings.isError) return <QueryError error={settings.error} onRetry={settings.refetch} />;
  if (settings.isPending) return <Skeleton height={60} radius="sm" />;
  if (!canWrite) {
    return (
      <DetailList
        items={[{ label: t("plans.reopen.days"), value: t("plans.reopen.value", { count: current ?? 0 }) }]}
      />
    );
  }

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const value = typeof days === "number" ? days : Number.NaN;
    if (!Number.isInteger(value) || value < 0 || value > 365) {
      setError(t("plans.reopen.invalid"));
      return;
    }
    setError(null);
    try {
      await update.mutateAsync({ reopenWindowDays: value });
      notifySuccess(t("common.saved"));
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t("plans.reopen.title")}>
      <Stack gap="sm" align="flex-start">
        <NumberInput
          label={t("plans.reopen.days")}
          description={t("plans.reopen.daysHelp")}
          min={0}
          max={365}
          allowDecimal={false}
          value={days}
          error={error}
          onChange={(value) => {
            setDays(value);
            setError(null);
          }}
          w="100%"
          maw={360}
        />
        <Button type="submit" variant="light" loading={update.isPending}>
          {t("common.saveChanges")}
        </Button>
      </Stack>
    </form>
  );
};

/** Plans (limits, targets, fees) and the reinstatement penalty; admins edit, other staff read. */
export const PlansPage = () => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const plans = usePlans();
  const [editing, setEditing] = useState<Plan | null>(null);
  const canWrite = can("plans:write");
  const items = plans.data?.items ?? [];

  return (
    <>
      <PageHeader title={t("plans.title")} description={t("plans.description")} />
      <Stack gap="lg">
        {!canWrite && (
          <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />}>
            {t("plans.readOnly")}
          </Alert>
        )}
        <ListState query={plans} isEmpty={items.length === 0} rows={4} empty={{ title: t("plans.empty") }}>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
            {items.map((plan) => (
              <PlanCard key={plan.id} plan={plan} canWrite={canWrite} onEdit={() => setEditing(plan)} />
            ))}
          </SimpleGrid>
        </ListState>
        {can("escalation:read") && (
          <Section
            title={t("plans.escalation.title")}
            description={t("plans.escalation.description")}
            actions={
              <Button
                component={Link}
                to="/escalation"
                variant="default"
                size="sm"
                leftSection={<IconStairsUp size={16} />}
              >
                {can("escalation:write") ? t("plans.escalation.edit") : t("plans.escalation.view")}
              </Button>
            }
          >
            <EscalationSummary />
          </Section>
        )}
        <Section title={t("plans.penalty.title")} description={t("plans.penalty.description")}>
          <PenaltySetting canWrite={canWrite} />
        </Section>
        <Section title={t("plans.reopen.title")} description={t("plans.reopen.description")}>
          <ReopenWindowSetting canWrite={canWrite} />
        </Section>
      </Stack>
      {editing && <PlanFormModal opened onClose={() => setEditing(null)} plan={editing} />}
    </>
  );
};
