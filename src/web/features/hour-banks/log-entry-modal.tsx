import { Alert, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { useAuth } from "../../app/auth-context";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { isLocalDate, todayLocalDate } from "../../components/local-date";
import { notifySuccess } from "../../components/notify";
import { applyServerErrors } from "../../components/server-errors";
import { useHoursFormat } from "./hour-bank-parts";
import {
  isOverridable,
  refusalText,
  TIME_ENTRY_KIND_VALUES,
  useLogEntry,
  useOrganizationCases,
} from "./hour-banks-api";

const FIELDS = ["workedOn", "hours", "kind", "description", "caseId", "overrideReason"] as const;

const isEntryHours = (text: string) => {
  const hours = Number(text.trim());
  return text.trim() !== "" && Number.isInteger(hours * 4) && hours > 0 && hours <= 24;
};

const entryFormSchema = (t: TFunction, needsReason: boolean) =>
  z.object({
    workedOn: z
      .string()
      .refine(isLocalDate, t("catalog.validation.date"))
      .refine((value) => value <= todayLocalDate(), t("hourBanks.validation.future")),
    hours: z.string().refine(isEntryHours, t("hourBanks.validation.entryHours")),
    kind: z.enum(TIME_ENTRY_KIND_VALUES),
    description: z
      .string()
      .refine((value) => value.trim().length <= 2000, t("validation.tooLong", { max: 2000 })),
    caseId: z.string().nullable(),
    overrideReason: z
      .string()
      .refine((value) => !needsReason || value.trim().length > 0, t("hourBanks.validation.reason"))
      .refine((value) => value.trim().length <= 500, t("validation.tooLong", { max: 500 })),
  });
type EntryFormValues = z.infer<ReturnType<typeof entryFormSchema>>;

interface LogEntryModalProps {
  opened: boolean;
  onClose: () => void;
  organizationId: string;
  organizationName: string;
}

/** "Registrar horas": a consultant's time against the organization's bank (the package that expires first). */
export const LogEntryModal = (props: LogEntryModalProps) => {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={t("hourBanks.log.title", { organization: props.organizationName })}
      size="lg"
    >
      {props.opened && <LogEntryForm {...props} />}
    </Modal>
  );
};

const LogEntryForm = ({ onClose, organizationId }: LogEntryModalProps) => {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const hours = useHoursFormat();
  const logEntry = useLogEntry();
  const cases = useOrganizationCases(organizationId);
  /** Set once the server refused an entry a manager may still log with a reason. */
  const [needsReason, setNeedsReason] = useState(false);
  const [generalError, setGeneralError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => entryFormSchema(t, needsReason), [t, i18n.language, needsReason]);
  const form = useForm<EntryFormValues>({
    initialValues: {
      workedOn: todayLocalDate(),
      hours: "1",
      kind: "installation",
      description: "",
      caseId: null,
      overrideReason: "",
    },
    validate: schemaResolver(schema, { sync: true }),
    validateInputOnBlur: ["workedOn", "hours"],
  });

  const submit = form.onSubmit(async (input) => {
    setGeneralError(null);
    try {
      const entry = await logEntry.mutateAsync({
        organizationId,
        workedOn: input.workedOn,
        hours: Number(input.hours.trim()),
        kind: input.kind,
        description: input.description.trim(),
        caseId: input.caseId,
        ...(needsReason && input.overrideReason.trim()
          ? { overrideReason: input.overrideReason.trim() }
          : {}),
      });
      notifySuccess(t("hourBanks.log.done", { hours: hours(entry.hours) }));
      onClose();
    } catch (error) {
      const general = applyServerErrors(form, error, { fields: FIELDS });
      if (isOverridable(error) && can("hour-banks:override")) setNeedsReason(true);
      setGeneralError(refusalText(error) ?? general);
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label={t("hourBanks.log.submit")}>
      <Stack gap="md">
        <FormAlert message={generalError} />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <TextInput
            type="date"
            label={t("hourBanks.entries.fields.workedOn")}
            max={todayLocalDate()}
            required
            {...form.getInputProps("workedOn")}
          />
          <TextInput
            label={t("hourBanks.entries.fields.hours")}
            description={t("hourBanks.log.hoursHelp")}
            inputMode="decimal"
            required
            {...form.getInputProps("hours")}
          />
          <Select
            label={t("hourBanks.entries.fields.kind")}
            data={TIME_ENTRY_KIND_VALUES.map((kind) => ({
              value: kind,
              label: t(`hourBanks.kinds.${kind}`),
            }))}
            allowDeselect={false}
            required
            {...form.getInputProps("kind")}
          />
        </SimpleGrid>
        <Textarea
          label={t("hourBanks.entries.fields.description")}
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps("description")}
        />
        <Select
          label={t("hourBanks.entries.fields.case")}
          placeholder={t("hourBanks.log.noCase")}
          clearable
          searchable
          data={(cases.data?.items ?? []).map((item) => ({
            value: item.id,
            label: `${item.number} · ${item.subject}`,
          }))}
          nothingFoundMessage={cases.isPending ? t("common.loading") : t("common.noMatches")}
          {...form.getInputProps("caseId")}
        />
        {needsReason && (
          <>
            <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
              {t("hourBanks.log.overrideHelp")}
            </Alert>
            <Textarea
              label={t("hourBanks.entries.fields.overrideReason")}
              required
              autosize
              minRows={2}
              data-autofocus
              {...form.getInputProps("overrideReason")}
            />
          </>
        )}
        <FormButtons
          onCancel={onClose}
          submitLabel={needsReason ? t("hourBanks.log.submitOverride") : t("hourBanks.log.submit")}
          loading={logEntry.isPending}
        />
      </Stack>
    </form>
  );
};
