import { Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { z } from "zod";
import { parseHundredths } from "../../components/decimal-amount";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { useFormatters } from "../../components/formatters";
import { isLocalDate, oneYearTermEnd, todayLocalDate } from "../../components/local-date";
import { notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { applyServerErrors } from "../../components/server-errors";
import { OrganizationPicker } from "../organizations/organization-picker";
import { reasonOf, useCreateStsService, useEngineerOptions } from "./sts-api";

/** Largest price the API accepts: 10 billion USD. */
const MAX_PRICE_CENTS = 1_000_000_000_000;
const FIELDS = [
  "organizationId",
  "engineerId",
  "startDate",
  "endDate",
  "purchaseOrder",
  "price",
  "notes",
] as const;

const createSchema = (t: TFunction) =>
  z
    .object({
      organizationId: z.string().nullable().refine(Boolean, t("validation.required")),
      engineerId: z.string().nullable().refine(Boolean, t("validation.required")),
      startDate: z.string().refine(isLocalDate, t("catalog.validation.date")),
      endDate: z.string().refine((value) => !value || isLocalDate(value), t("catalog.validation.date")),
      purchaseOrder: z
        .string()
        .refine((value) => value.trim().length > 0, t("validation.required"))
        .refine((value) => value.trim().length <= 100, t("validation.tooLong", { max: 100 })),
      price: z.string().refine((value) => {
        const cents = parseHundredths(value);
        return cents !== null && cents <= MAX_PRICE_CENTS;
      }, t("contracts.validation.money")),
      notes: z
        .string()
        .refine((value) => value.trim().length <= 2000, t("validation.tooLong", { max: 2000 })),
    })
    .superRefine((values, context) => {
      if (values.endDate && isLocalDate(values.startDate) && values.endDate < values.startDate) {
        context.addIssue({
          code: "custom",
          path: ["endDate"],
          message: t("fieldErrors.before", { other: t("fieldNames.startDate") }),
        });
      }
    });
type CreateValues = z.infer<ReturnType<typeof createSchema>>;

/** Staff: "Vender servicio STS" — the organization, its engineer, the service year, purchase order and price. */
export const StsServiceCreatePage = () => {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => createSchema(t), [t, i18n.language]);
  const create = useCreateStsService();
  const engineers = useEngineerOptions();
  const form = useForm<CreateValues>({
    initialValues: {
      organizationId: params.get("organizationId"),
      engineerId: null,
      startDate: todayLocalDate(),
      endDate: "",
      purchaseOrder: "",
      price: "",
      notes: "",
    },
    validate: schemaResolver(schema, { sync: true }),
    validateInputOnBlur: ["startDate", "endDate", "purchaseOrder", "price"],
  });
  const { values } = form;
  const defaultEnd = isLocalDate(values.startDate) ? oneYearTermEnd(values.startDate) : null;
  // technical staff first: the usual engineers
  const engineerOptions = [...(engineers.data ?? [])]
    .sort((a, b) => Number(b.role === "technical_staff") - Number(a.role === "technical_staff"))
    .map((person) => ({
      value: person.id,
      label: `${person.name} · ${t(`roles.${person.role}`)}`,
    }));

  const [generalError, setGeneralError] = useState<string | null>(null);
  const submit = form.onSubmit(async (input) => {
    setGeneralError(null);
    try {
      const created = await create.mutateAsync({
        organizationId: input.organizationId ?? "",
        engineerId: input.engineerId ?? "",
        startDate: input.startDate,
        ...(input.endDate ? { endDate: input.endDate } : {}),
        purchaseOrder: input.purchaseOrder.trim(),
        priceCents: parseHundredths(input.price) ?? 0,
        notes: input.notes.trim(),
      });
      notifySuccess(
        t("sts.create.done", { organization: created.organizationName, count: created.visits.length }),
      );
      navigate(`/sts/services/${created.id}`);
    } catch (error) {
      // the fields show what is wrong with each; the reason says why the sale is refused
      const general = applyServerErrors(form, error, { fields: FIELDS, rename: { priceCents: "price" } });
      setGeneralError(reasonOf(error) ?? general);
    }
  });

  return (
    <>
      <PageHeader
        title={t("sts.create.title")}
        description={t("sts.create.description")}
        back={{ to: "/sts/services", label: t("sts.servicesTitle") }}
      />
      <Paper p={{ base: "md", sm: "xl" }} radius="md">
        <form onSubmit={submit} noValidate aria-label={t("sts.create.title")}>
          <Stack gap="lg">
            <Text size="sm" c="dimmed">
              {t("sts.create.rule")}
            </Text>
            <FormAlert message={generalError} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
              <OrganizationPicker
                label={t("sts.fields.organization")}
                placeholder={t("contracts.placeholders.organization")}
                required
                clearable={false}
                error={form.errors.organizationId as string | undefined}
                value={values.organizationId}
                onChange={(value) => form.setFieldValue("organizationId", value)}
              />
              <Select
                label={t("sts.fields.engineer")}
                description={t("sts.create.engineerHelp")}
                required
                searchable
                data={engineerOptions}
                nothingFoundMessage={engineers.isPending ? t("common.loading") : t("common.noMatches")}
                {...form.getInputProps("engineerId")}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
              <TextInput
                type="date"
                label={t("sts.fields.startDate")}
                description={isLocalDate(values.startDate) ? format.localDateLong(values.startDate) : " "}
                required
                {...form.getInputProps("startDate")}
              />
              <TextInput
                type="date"
                label={t("sts.fields.endDate")}
                description={
                  isLocalDate(values.endDate)
                    ? format.localDateLong(values.endDate)
                    : defaultEnd
                      ? t("sts.create.endDateHelp", { date: format.localDate(defaultEnd) })
                      : t("sts.create.endDateHelpPlain")
                }
                min={isLocalDate(values.startDate) ? values.startDate : undefined}
                {...form.getInputProps("endDate")}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
              <TextInput
                label={t("sts.fields.purchaseOrder")}
                maxLength={100}
                required
                {...form.getInputProps("purchaseOrder")}
              />
              <TextInput
                label={t("sts.fields.price")}
                placeholder="38,000.00"
                inputMode="decimal"
                required
                leftSection={
                  <Text size="sm" c="dimmed">
                    USD
                  </Text>
                }
                leftSectionWidth={48}
                {...form.getInputProps("price")}
              />
            </SimpleGrid>
            <Textarea
              label={t("sts.fields.notes")}
              autosize
              minRows={2}
              maxRows={6}
              {...form.getInputProps("notes")}
            />
            <Text size="sm" c="dimmed">
              {t("sts.create.schedulePreview")}
            </Text>
            <FormButtons
              onCancel={() => navigate("/sts/services")}
              submitLabel={t("sts.create.submit")}
              loading={form.submitting}
            />
          </Stack>
        </form>
      </Paper>
    </>
  );
};
