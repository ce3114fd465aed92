import { Checkbox, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { MAX_MAINTENANCE_TEXT } from "../../../api/out-of-hours";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { useFormatters } from "../../components/formatters";
import { addDays, isLocalDate } from "../../components/local-date";
import { notifySuccess } from "../../components/notify";
import { useFormSubmit } from "../../components/use-form-submit";
import { type OutOfHoursOverview, useBookOutOfHours } from "./out-of-hours-api";
import { contractYearLabel } from "./out-of-hours-parts";

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const formSchema = (t: TFunction, earliest: string) =>
  z.object({
    contractId: z.string().min(1, t("validation.required")),
    date: z
      .string()
      .refine(isLocalDate, t("outOfHours.validation.date"))
      .refine((value) => value >= earliest, t("outOfHours.validation.earliest")),
    startTime: z.string().regex(TIME, t("outOfHours.validation.time")),
    endTime: z.string().regex(TIME, t("outOfHours.validation.time")),
    endsNextDay: z.boolean(),
    maintenance: z
      .string()
      .refine((value) => value.trim().length > 0, t("validation.required"))
      .refine(
        (value) => value.trim().length <= MAX_MAINTENANCE_TEXT,
        t("validation.tooLong", { max: MAX_MAINTENANCE_TEXT }),
      ),
  });
type FormValues = z.infer<ReturnType<typeof formSchema>>;

/**
 * Book an out-of-hours day: the date, the hours in the zone of the organization's business calendar (a
 * window may run past midnight, up to 24 hours), and the maintenance planned. The earliest date is shown.
 */
export const BookingForm = ({
  overview,
  organizationId,
  onDone,
}: {
  overview: OutOfHoursOverview;
  /** Staff booking for an organization; a contact books for their own. */
  organizationId?: string;
  onDone: () => void;
}) => {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const book = useBookOutOfHours();
  const earliest = overview.earliestDate;
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => formSchema(t, earliest), [t, i18n.language, earliest]);
  const withDays = overview.contracts.find((c) => (c.current?.left ?? 0) > 0) ?? overview.contracts[0];
  const form = useForm<FormValues>({
    initialValues: {
      contractId: withDays?.contractId ?? "",
      date: earliest,
      startTime: "08:00",
      endTime: "20:00",
      endsNextDay: false,
      maintenance: "",
    },
    validate: schemaResolver(schema, { sync: true }),
  });
  const { submit, generalError } = useFormSubmit(
    form,
    {
      fields: ["contractId", "date", "startTime", "endTime", "maintenance"],
      // the start's problems (too soon, past, quota of its year) are the date's; the end's, the end time's
      rename: { startsAt: "date", endsAt: "endTime" },
    },
    async (values) => {
      const created = await book.mutateAsync({
        ...(organizationId ? { organizationId } : {}),
        contractId: values.contractId,
        startsAt: `${values.date}T${values.startTime}`,
        endsAt: `${values.endsNextDay ? addDays(values.date, 1) : values.date}T${values.endTime}`,
        maintenance: values.maintenance.trim(),
      });
      notifySuccess(t("outOfHours.booked", { date: format.localDate(created.localStart.slice(0, 10)) }));
      onDone();
    },
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={generalError} />
        {overview.contracts.length > 1 && (
          <Select
            label={t("outOfHours.fields.contract")}
            required
            allowDeselect={false}
            data={overview.contracts.map((c) => ({
              value: c.contractId,
              label: t("outOfHours.contractOption", {
                number: c.contractNumber,
                system: c.systemName,
                left: c.current?.left ?? 0,
                total: c.daysPerYear,
              }),
            }))}
            {...form.getInputProps("contractId")}
          />
        )}
        <TextInput
          label={t("outOfHours.fields.date")}
          description={t("outOfHours.earliest", {
            date: format.localDateLong(earliest),
            count: overview.noticeBusinessDays,
          })}
          type="date"
          required
          min={earliest}
          {...form.getInputProps("date")}
        />
        <SimpleGrid cols={2} spacing="sm">
          <TextInput
            label={t("outOfHours.fields.startTime")}
            type="time"
            required
            {...form.getInputProps("startTime")}
          />
          <TextInput
            label={t("outOfHours.fields.endTime")}
            type="time"
            required
            {...form.getInputProps("endTime")}
          />
        </SimpleGrid>
        <Group justify="space-between" gap="xs">
          <Checkbox
            label={t("outOfHours.fields.endsNextDay")}
            {...form.getInputProps("endsNextDay", { type: "checkbox" })}
          />
          <Text size="xs" c="dimmed">
            {t("outOfHours.zoneNote", { zone: overview.calendar.timeZone, calendar: overview.calendar.name })}
          </Text>
        </Group>
        <Textarea
          label={t("outOfHours.fields.maintenance")}
          placeholder={t("outOfHours.maintenancePlaceholder")}
          required
          autosize
          minRows={3}
          maxRows={8}
          {...form.getInputProps("maintenance")}
        />
        {withDays?.current && (
          <Text size="sm" c="dimmed">
            {t("outOfHours.leftThisYear", {
              left: withDays.current.left,
              total: withDays.daysPerYear,
              year: contractYearLabel(withDays.current),
            })}
          </Text>
        )}
        <FormButtons onCancel={onDone} loading={form.submitting} submitLabel={t("outOfHours.actions.book")} />
      </Stack>
    </form>
  );
};
