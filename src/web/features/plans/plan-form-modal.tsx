import {
  Checkbox,
  Fieldset,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import type { Plan } from "../../../api/contracts";
import { formatHundredths, parseHundredths } from "../../components/decimal-amount";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { notifySuccess } from "../../components/notify";
import { useFormSubmit } from "../../components/use-form-submit";
import { useCalendars } from "../calendars/calendars-api";
import {
  isKnownCalendar,
  KNOWN_CALENDARS,
  PRIORITY_KEYS,
  type PriorityKey,
  useUpdatePlan,
} from "./plans-api";

interface PlanFormModalProps {
  opened: boolean;
  onClose: () => void;
  plan: Plan;
}

type ClockValues = Record<PriorityKey, { hours: string; calendarId: string }>;
interface PlanFormValues {
  name: string;
  maxAuthorizedContacts: number | string;
  outOfHoursDaysPerYear: number | string;
  feeRate: string;
  minimumFee: string;
  phoneP1AnyHour: boolean;
  clocks: ClockValues;
  applyToCurrentContracts: boolean;
}

/** Hours with up to two decimals → whole minutes, or null when not a whole number of minutes. */
const hoursToMinutes = (text: string): number | null => {
  const hundredths = parseHundredths(text);
  if (hundredths === null || hundredths === 0 || (hundredths * 60) % 100 !== 0) return null;
  return (hundredths * 60) / 100;
};
const minutesToHours = (minutes: number): string => formatHundredths(Math.round((minutes * 100) / 60));

export const PlanFormModal = (props: PlanFormModalProps) => {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={t("plans.editTitle", { name: props.plan.name })}
      size="xl"
    >
      {props.opened && <PlanForm {...props} />}
    </Modal>
  );
};

const PlanForm = ({ onClose, plan }: PlanFormModalProps) => {
  const { t } = useTranslation();
  const update = useUpdatePlan(plan.id);
  const s = plan.settings;
  const clocks = Object.fromEntries(
    PRIORITY_KEYS.map((priority) => [
      priority,
      {
        hours: minutesToHours(s.responseClocks[priority].targetMinutes),
        calendarId: s.responseClocks[priority].calendarId,
      },
    ]),
  ) as ClockValues;
  // every stored calendar an admin may count on; the built-in two keep their translated names
  const calendars = useCalendars();
  const stored = calendars.data?.items ?? [];
  const calendarOptions = [
    ...KNOWN_CALENDARS.map((id) => ({ value: id as string, label: t(`plans.calendars.${id}`) })),
    ...stored.filter((c) => !isKnownCalendar(c.id)).map((c) => ({ value: c.id, label: c.name })),
    ...PRIORITY_KEYS.map((priority) => s.responseClocks[priority].calendarId)
      .filter(
        (id, index, all) =>
          !isKnownCalendar(id) && all.indexOf(id) === index && !stored.some((c) => c.id === id),
      )
      .map((id) => ({ value: id, label: id })),
  ];

  const wholeNumber = (min: number, max: number) => (value: number | string) =>
    typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
      ? null
      : t("plans.validation.wholeNumber", { min, max });

  const form = useForm<PlanFormValues>({
    initialValues: {
      name: plan.name,
      maxAuthorizedContacts: s.maxAuthorizedContacts,
      outOfHoursDaysPerYear: s.outOfHoursDaysPerYear,
      feeRate: formatHundredths(s.feeRateBps),
      minimumFee: formatHundredths(s.minimumFeeCents),
      phoneP1AnyHour: s.phoneP1AnyHour,
      clocks,
      applyToCurrentContracts: false,
    },
    validate: {
      name: (value) =>
        !value.trim()
          ? t("validation.required")
          : value.trim().length > 80
            ? t("validation.tooLong", { max: 80 })
            : null,
      maxAuthorizedContacts: wholeNumber(1, 100),
      outOfHoursDaysPerYear: wholeNumber(0, 365),
      feeRate: (value) => {
        const bps = parseHundredths(value);
        return bps === null || bps > 100_000 ? t("plans.validation.percent") : null;
      },
      minimumFee: (value) => (parseHundredths(value) === null ? t("contracts.validation.money") : null),
      clocks: Object.fromEntries(
        PRIORITY_KEYS.map((priority) => [
          priority,
          { hours: (value: string) => (hoursToMinutes(value) === null ? t("plans.validation.hours") : null) },
        ]),
      ) as Record<PriorityKey, { hours: (value: string) => string | null }>,
    },
  });

  const { submit, generalError } = useFormSubmit(
    form,
    {
      fields: ["name", "maxAuthorizedContacts", "outOfHoursDaysPerYear", "feeRate", "minimumFee"],
      rename: { feeRateBps: "feeRate", minimumFeeCents: "minimumFee" },
    },
    async (values) => {
      const saved = await update.mutateAsync({
        name: values.name.trim(),
        maxAuthorizedContacts: Number(values.maxAuthorizedContacts),
        outOfHoursDaysPerYear: Number(values.outOfHoursDaysPerYear),
        feeRateBps: parseHundredths(values.feeRate) ?? 0,
        minimumFeeCents: parseHundredths(values.minimumFee) ?? 0,
        phoneP1AnyHour: values.phoneP1AnyHour,
        responseClocks: Object.fromEntries(
          PRIORITY_KEYS.map((priority) => [
            priority,
            {
              calendarId: values.clocks[priority].calendarId,
              targetMinutes: hoursToMinutes(values.clocks[priority].hours) ?? 0,
            },
          ]),
        ),
        applyToCurrentContracts: values.applyToCurrentContracts,
      });
      notifySuccess(
        values.applyToCurrentContracts
          ? t("plans.savedApplied", { count: saved.appliedToContracts })
          : t("plans.savedFuture"),
      );
      onClose();
    },
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={generalError} />
        <TextInput label={t("plans.fields.name")} required maxLength={80} {...form.getInputProps("name")} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <NumberInput
            label={t("plans.fields.maxAuthorizedContacts")}
            description={t("plans.help.maxAuthorizedContacts")}
            min={1}
            max={100}
            allowDecimal={false}
            allowNegative={false}
            required
            {...form.getInputProps("maxAuthorizedContacts")}
          />
          <NumberInput
            label={t("plans.fields.outOfHoursDaysPerYear")}
            description={t("plans.help.outOfHoursDays")}
            min={0}
            max={365}
            allowDecimal={false}
            allowNegative={false}
            required
            {...form.getInputProps("outOfHoursDaysPerYear")}
          />
          <TextInput
            label={t("plans.fields.feeRate")}
            description={t("plans.help.feeRate")}
            inputMode="decimal"
            required
            rightSection={
              <Text size="sm" c="dimmed">
                %
              </Text>
            }
            {...form.getInputProps("feeRate")}
          />
          <TextInput
            label={t("plans.fields.minimumFee")}
            description={t("plans.help.minimumFee")}
            inputMode="decimal"
            required
            leftSection={
              <Text size="sm" c="dimmed">
                USD
              </Text>
            }
            leftSectionWidth={48}
            {...form.getInputProps("minimumFee")}
          />
        </SimpleGrid>
        <Switch
          label={t("plans.fields.phoneP1AnyHour")}
          description={t("plans.help.phoneP1AnyHour")}
          {...form.getInputProps("phoneP1AnyHour", { type: "checkbox" })}
        />
        <Fieldset legend={t("plans.fields.targets")} radius="md">
          <Stack gap="sm">
            {PRIORITY_KEYS.map((priority) => (
              <SimpleGrid key={priority} cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing={6}>
                <TextInput
                  label={t("plans.targetFor", { priority })}
                  inputMode="decimal"
                  required
                  rightSection={
                    <Text size="sm" c="dimmed">
                      h
                    </Text>
                  }
                  {...form.getInputProps(`clocks.${priority}.hours`)}
                />
                <Select
                  label={t("plans.calendarFor", { priority })}
                  data={calendarOptions}
                  allowDeselect={false}
                  {...form.getInputProps(`clocks.${priority}.calendarId`)}
                />
              </SimpleGrid>
            ))}
          </Stack>
        </Fieldset>
        <Checkbox
          label={t("plans.fields.applyToCurrentContracts")}
          description={t("plans.help.applyToCurrentContracts")}
          {...form.getInputProps("applyToCurrentContracts", { type: "checkbox" })}
        />
        <FormButtons onCancel={onClose} submitLabel={t("common.saveChanges")} loading={form.submitting} />
      </Stack>
    </form>
  );
};
