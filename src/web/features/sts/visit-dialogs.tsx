import { Button, Group, Modal, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ApiError } from "../../app/api-client";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { useFormatters } from "../../components/formatters";
import { isLocalDate, todayLocalDate } from "../../components/local-date";
import { notifySuccess } from "../../components/notify";
import { applyServerErrors } from "../../components/server-errors";
import { reasonOf, type StsVisit, useHoldVisit, useRescheduleVisit } from "./sts-api";
import { useVisitName } from "./sts-parts";

interface VisitDialogProps {
  /** The visit to act on; null keeps the dialog closed. */
  visit: StsVisit | null;
  onClose: () => void;
}

const VisitHeading = ({ visit }: { visit: StsVisit }) => {
  const visitName = useVisitName();
  return (
    <Text size="sm" fw={600}>
      {visitName(visit)} · {visit.organizationName}
    </Text>
  );
};

/* ---------- held, with minutes ---------- */

const earlierOf = (a: string, b: string) => (a.localeCompare(b) <= 0 ? a : b);

const holdSchema = (t: TFunction) =>
  z.object({
    heldOn: z
      .string()
      .refine(isLocalDate, t("catalog.validation.date"))
      .refine((value) => value <= todayLocalDate(), t("fieldErrors.in_future")),
    minutes: z
      .string()
      .refine((value) => value.trim().length > 0, t("validation.required"))
      .refine((value) => value.length <= 20_000, t("validation.tooLong", { max: 20_000 })),
  });
type HoldValues = z.infer<ReturnType<typeof holdSchema>>;

/** "Registrar visita realizada": the day it was held (not in the future) and its minutes. */
export const HoldVisitModal = ({ visit, onClose }: VisitDialogProps) => {
  const { t } = useTranslation();
  return (
    <Modal opened={visit !== null} onClose={onClose} title={t("sts.hold.title")} size="lg">
      {visit && <HoldForm visit={visit} onClose={onClose} />}
    </Modal>
  );
};

const HoldForm = ({ visit, onClose }: { visit: StsVisit; onClose: () => void }) => {
  const { t, i18n } = useTranslation();
  const hold = useHoldVisit();
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => holdSchema(t), [t, i18n.language]);
  const [generalError, setGeneralError] = useState<string | null>(null);
  const today = todayLocalDate();
  const form = useForm<HoldValues>({
    initialValues: { heldOn: earlierOf(visit.scheduledOn, today), minutes: "" },
    validate: schemaResolver(schema, { sync: true }),
  });
  const submit = form.onSubmit(async (values) => {
    setGeneralError(null);
    try {
      await hold.mutateAsync({
        id: visit.id,
        body: { heldOn: values.heldOn, minutes: values.minutes.trim() },
      });
      notifySuccess(t("sts.hold.done"));
      onClose();
    } catch (error) {
      setGeneralError(reasonOf(error) ?? applyServerErrors(form, error, { fields: ["heldOn", "minutes"] }));
    }
  });
  return (
    <form onSubmit={submit} noValidate aria-label={t("sts.hold.title")}>
      <Stack gap="md">
        <VisitHeading visit={visit} />
        <FormAlert message={generalError} />
        <TextInput
          type="date"
          label={t("sts.fields.heldOn")}
          max={today}
          required
          maw={240}
          {...form.getInputProps("heldOn")}
        />
        <Textarea
          label={t("sts.fields.minutes")}
          description={t("sts.hold.minutesHelp")}
          required
          autosize
          minRows={5}
          maxRows={14}
          {...form.getInputProps("minutes")}
        />
        <FormButtons onCancel={onClose} submitLabel={t("sts.hold.submit")} loading={form.submitting} />
      </Stack>
    </form>
  );
};

/* ---------- to another business day ---------- */

const rescheduleSchema = (t: TFunction) =>
  z.object({
    date: z
      .string()
      .refine(isLocalDate, t("catalog.validation.date"))
      .refine((value) => value >= todayLocalDate(), t("fieldErrors.in_past")),
    reason: z.string().refine((value) => value.length <= 2000, t("validation.tooLong", { max: 2000 })),
  });
type RescheduleValues = z.infer<ReturnType<typeof rescheduleSchema>>;

/** "Reprogramar visita": a business day of the organization's calendar; a non-business day offers the next. */
export const RescheduleVisitModal = ({ visit, onClose }: VisitDialogProps) => {
  const { t } = useTranslation();
  return (
    <Modal opened={visit !== null} onClose={onClose} title={t("sts.reschedule.title")} size="md">
      {visit && <RescheduleForm visit={visit} onClose={onClose} />}
    </Modal>
  );
};

const RescheduleForm = ({ visit, onClose }: { visit: StsVisit; onClose: () => void }) => {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const reschedule = useRescheduleVisit();
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => rescheduleSchema(t), [t, i18n.language]);
  const [generalError, setGeneralError] = useState<string | null>(null);
  const [suggested, setSuggested] = useState<string | null>(null);
  const form = useForm<RescheduleValues>({
    initialValues: { date: "", reason: "" },
    validate: schemaResolver(schema, { sync: true }),
    onValuesChange: () => setSuggested(null),
  });
  const submit = form.onSubmit(async (values) => {
    setGeneralError(null);
    setSuggested(null);
    try {
      const moved = await reschedule.mutateAsync({
        id: visit.id,
        body: { date: values.date, reason: values.reason.trim() },
      });
      notifySuccess(t("sts.reschedule.done", { date: format.localDate(moved.scheduledOn) }));
      onClose();
    } catch (error) {
      const general = applyServerErrors(form, error, { fields: ["date", "reason"] });
      setGeneralError(reasonOf(error) ?? general);
      const next = error instanceof ApiError ? error.problem?.params?.suggested : undefined;
      if (typeof next === "string" && isLocalDate(next)) setSuggested(next);
    }
  });
  return (
    <form onSubmit={submit} noValidate aria-label={t("sts.reschedule.title")}>
      <Stack gap="md">
        <VisitHeading visit={visit} />
        <Text size="sm" c="dimmed">
          {t("sts.reschedule.current", { date: format.localDateLong(visit.scheduledOn) })}
        </Text>
        <FormAlert message={generalError} />
        <Group align="flex-end" gap="sm">
          <TextInput
            type="date"
            label={t("sts.fields.newDate")}
            description={t("sts.reschedule.dateHelp")}
            min={todayLocalDate()}
            required
            style={{ flex: "1 1 220px" }}
            {...form.getInputProps("date")}
          />
          {suggested && (
            <Button variant="light" onClick={() => form.setFieldValue("date", suggested)}>
              {t("sts.reschedule.useSuggested", { date: format.localDate(suggested) })}
            </Button>
          )}
        </Group>
        <Textarea
          label={t("sts.fields.reason")}
          description={t("sts.reschedule.reasonHelp")}
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps("reason")}
        />
        <FormButtons onCancel={onClose} submitLabel={t("sts.reschedule.submit")} loading={form.submitting} />
      </Stack>
    </form>
  );
};
