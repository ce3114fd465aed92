import { Alert, Button, Modal, Select, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { IconInfoCircle, IconSpeakerphone } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { type EndOfSupportList, EOL_NOTICE_MONTHS } from "../../../api/catalog";
import { localDateSchema } from "../../../api/common";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { valid } from "../../components/form-validation";
import { useFormatters } from "../../components/formatters";
import { QueryError } from "../../components/list-state";
import { addMonths, todayLocalDate } from "../../components/local-date";
import { notifySuccess } from "../../components/notify";
import { useFormSubmit } from "../../components/use-form-submit";
import { useAnnounceEndOfSupport, useEndOfSupport } from "./catalog-api";

type Announceable = EndOfSupportList["announceable"][number];

/** A product's announced ends of support, and the dialog that announces one (SPEC §2). */
export const EndOfSupportSection = ({ productId, canWrite }: { productId: string; canWrite: boolean }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const query = useEndOfSupport(productId);
  const [announcing, setAnnouncing] = useState(false);
  const announceable = query.data?.announceable ?? [];

  return (
    <>
      <Title order={3} fz="lg" mb={4}>
        {t("endOfSupport.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("endOfSupport.policy", { months: EOL_NOTICE_MONTHS })}
      </Text>
      {query.isError ? (
        <QueryError error={query.error} onRetry={query.refetch} />
      ) : query.data && query.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("endOfSupport.none")}
        </Text>
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: "none" }}>
          {query.data?.items.map((a) => (
            <Stack key={a.id} component="li" gap={2}>
              <Text size="sm" fw={600}>
                {t("endOfSupport.item", { line: `${a.major}.x`, date: format.localDate(a.endOfSupportOn) })}
              </Text>
              <Text size="xs" c="dimmed">
                {t("endOfSupport.itemDetail", {
                  announcedOn: format.localDate(a.announcedOn),
                  count: a.systemsNotified,
                })}
              </Text>
              {a.note && (
                <Text size="xs" style={{ whiteSpace: "pre-wrap" }}>
                  {a.note}
                </Text>
              )}
            </Stack>
          ))}
        </Stack>
      )}
      {canWrite &&
        query.isSuccess &&
        (announceable.length > 0 ? (
          <Button
            mt="md"
            size="xs"
            variant="light"
            leftSection={<IconSpeakerphone size={14} />}
            onClick={() => setAnnouncing(true)}
          >
            {t("endOfSupport.announce")}
          </Button>
        ) : (
          <Text size="xs" c="dimmed" mt="md">
            {t("endOfSupport.nothingToAnnounce")}
          </Text>
        ))}
      <Modal opened={announcing} onClose={() => setAnnouncing(false)} title={t("endOfSupport.dialogTitle")}>
        {announcing && (
          <AnnounceForm productId={productId} lines={announceable} onClose={() => setAnnouncing(false)} />
        )}
      </Modal>
    </>
  );
};

const formSchema = (t: TFunction, earliest: string) =>
  z.object({
    major: z.string().min(1, t("validation.required")),
    endOfSupportOn: z
      .string()
      .refine(valid(localDateSchema), t("catalog.validation.date"))
      .refine((date) => date >= earliest, t("fieldErrors.earliest_end_of_support", { earliest })),
    note: z.string().max(2000, t("validation.tooLong", { max: 2000 })),
  });
type FormValues = { major: string; endOfSupportOn: string; note: string };

const AnnounceForm = ({
  productId,
  lines,
  onClose,
}: {
  productId: string;
  lines: Announceable[];
  onClose: () => void;
}) => {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const earliest = addMonths(todayLocalDate(), EOL_NOTICE_MONTHS);
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => formSchema(t, format.localDate(earliest)), [t, i18n.language, earliest]);
  const announce = useAnnounceEndOfSupport(productId);
  const form = useForm<FormValues>({
    initialValues: { major: String(lines[0]?.major ?? ""), endOfSupportOn: earliest, note: "" },
    validate: schemaResolver(schema, { sync: true }),
  });
  const chosen = lines.find((l) => String(l.major) === form.values.major);
  const { submit, generalError } = useFormSubmit(
    form,
    { fields: ["major", "endOfSupportOn", "note"] },
    async (values) => {
      await announce.mutateAsync({
        major: Number(values.major),
        endOfSupportOn: values.endOfSupportOn,
        note: values.note.trim(),
      });
      notifySuccess(t("endOfSupport.announced", { line: `${values.major}.x` }));
      onClose();
    },
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={generalError} />
        <Select
          label={t("endOfSupport.fields.line")}
          required
          allowDeselect={false}
          data={lines.map((l) => ({
            value: String(l.major),
            label: t("endOfSupport.lineOption", { line: `${l.major}.x`, count: l.systems }),
          }))}
          {...form.getInputProps("major")}
        />
        <TextInput
          label={t("endOfSupport.fields.endOfSupportOn")}
          description={t("endOfSupport.earliestHelp", { date: format.localDate(earliest) })}
          type="date"
          required
          min={earliest}
          {...form.getInputProps("endOfSupportOn")}
        />
        <Textarea
          label={t("endOfSupport.fields.note")}
          placeholder={t("endOfSupport.notePlaceholder")}
          autosize
          minRows={3}
          maxRows={8}
          {...form.getInputProps("note")}
        />
        {chosen && (
          <Alert variant="light" color="orange" icon={<IconInfoCircle size={18} />}>
            {t("endOfSupport.whoIsTold", { line: `${chosen.major}.x`, count: chosen.systems })}
          </Alert>
        )}
        <FormButtons onCancel={onClose} loading={form.submitting} submitLabel={t("endOfSupport.submit")} />
      </Stack>
    </form>
  );
};
