import {
  Alert,
  Anchor,
  Button,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { IconInfoCircle } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { z } from "zod";
import type { Contract } from "../../../api/contracts";
import { parseHundredths } from "../../components/decimal-amount";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { useFormatters } from "../../components/formatters";
import { isLocalDate, oneYearTermEnd, todayLocalDate } from "../../components/local-date";
import { notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { applyServerErrors } from "../../components/server-errors";
import { OrganizationPicker } from "../organizations/organization-picker";
import { usePlans } from "../plans/plans-api";
import { useSystemOptions } from "../systems/systems-api";
import { useCreateContract, useOrganizationContracts } from "./contracts-api";
import { previewAnnualFee } from "./fee-preview";
import { ReinstatementModal } from "./reinstatement-modal";

/** Largest sale price the API accepts: 10 billion USD. */
const MAX_PRICE_CENTS = 1_000_000_000_000;

const contractFormSchema = (t: TFunction) =>
  z
    .object({
      organizationId: z.string().nullable().refine(Boolean, t("validation.required")),
      systemId: z.string().nullable().refine(Boolean, t("validation.required")),
      planId: z.string().nullable().refine(Boolean, t("validation.required")),
      startDate: z.string().refine(isLocalDate, t("catalog.validation.date")),
      endDate: z.string().refine((value) => !value || isLocalDate(value), t("catalog.validation.date")),
      salePrice: z.string().refine((value) => {
        const cents = parseHundredths(value);
        return cents !== null && cents <= MAX_PRICE_CENTS;
      }, t("contracts.validation.money")),
      purchaseOrder: z
        .string()
        .refine((value) => value.trim().length <= 100, t("validation.tooLong", { max: 100 })),
      notes: z
        .string()
        .refine((value) => value.trim().length <= 5000, t("validation.tooLong", { max: 5000 })),
    })
    .superRefine((values, context) => {
      if (!values.endDate || !isLocalDate(values.startDate) || !isLocalDate(values.endDate)) return;
      const minimumEnd = oneYearTermEnd(values.startDate);
      if (values.endDate < minimumEnd) {
        context.addIssue({
          code: "custom",
          path: ["endDate"],
          message: t("contracts.validation.minimumTerm"),
        });
      }
    });

type ContractFormValues = z.infer<ReturnType<typeof contractFormSchema>>;
const FIELDS = ["systemId", "planId", "startDate", "endDate", "salePrice", "purchaseOrder", "notes"] as const;

/** The contract covering or following a system on a date, if any; else its last one. */
const coverageOf = (contracts: Contract[], systemId: string) => {
  const own = contracts.filter((contract) => contract.systemId === systemId);
  const active = own.find((contract) => contract.status !== "expired");
  const last = own.reduce<Contract | null>((a, b) => (a && a.endDate >= b.endDate ? a : b), null);
  return { active: active ?? null, last };
};

export const ContractCreatePage = () => {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => contractFormSchema(t), [t, i18n.language]);
  const create = useCreateContract();
  const plans = usePlans();
  const [generalError, setGeneralError] = useState<string | null>(null);
  const [reinstating, setReinstating] = useState<{ id: string; name: string } | null>(null);

  const form = useForm<ContractFormValues>({
    initialValues: {
      organizationId: params.get("organizationId"),
      systemId: params.get("systemId"),
      planId: null,
      startDate: todayLocalDate(),
      endDate: "",
      salePrice: "",
      purchaseOrder: "",
      notes: "",
    },
    validate: schemaResolver(schema, { sync: true }),
    validateInputOnBlur: ["salePrice", "endDate", "startDate", "purchaseOrder"],
  });
  const { values } = form;
  const systems = useSystemOptions(values.organizationId);
  const contracts = useOrganizationContracts(values.organizationId);
  const plan = plans.data?.items.find((item) => item.id === values.planId) ?? null;
  const systemList = systems.data?.items ?? [];
  const selectedSystem = systemList.find((system) => system.id === values.systemId) ?? null;
  const coverage = values.systemId ? coverageOf(contracts.data?.items ?? [], values.systemId) : null;
  const lapsed = coverage && !coverage.active && coverage.last ? coverage.last : null;

  const priceCents = parseHundredths(values.salePrice);
  const fee =
    plan && priceCents !== null
      ? previewAnnualFee({
          salePriceCents: priceCents,
          feeRateBps: plan.settings.feeRateBps,
          minimumFeeCents: plan.settings.minimumFeeCents,
        })
      : null;
  const defaultEnd = isLocalDate(values.startDate) ? oneYearTermEnd(values.startDate) : null;

  const submit = form.onSubmit(async (input) => {
    setGeneralError(null);
    try {
      const created = await create.mutateAsync({
        systemId: input.systemId ?? "",
        planId: input.planId ?? "",
        startDate: input.startDate,
        ...(input.endDate ? { endDate: input.endDate } : {}),
        salePriceCents: parseHundredths(input.salePrice) ?? 0,
        ...(input.purchaseOrder.trim() ? { purchaseOrder: input.purchaseOrder.trim() } : {}),
        notes: input.notes.trim(),
      });
      notifySuccess(t("contracts.created", { number: created.number }));
      navigate(`/contracts/${created.id}`);
    } catch (error) {
      setGeneralError(
        applyServerErrors(form, error, { fields: FIELDS, rename: { salePriceCents: "salePrice" } }),
      );
    }
  });

  return (
    <>
      <PageHeader
        title={t("contracts.createTitle")}
        description={t("contracts.createDescription")}
        back={{ to: "/contracts", label: t("nav.contracts") }}
      />
      <Paper p={{ base: "md", sm: "xl" }} radius="md">
        <form onSubmit={submit} noValidate aria-label={t("contracts.createTitle")}>
          <Stack gap="lg">
            <FormAlert message={generalError} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
              <OrganizationPicker
                label={t("contracts.fields.organization")}
                placeholder={t("contracts.placeholders.organization")}
                required
                error={form.errors.organizationId as string | undefined}
                value={values.organizationId}
                clearable={false}
                onChange={(value) => {
                  form.setFieldValue("organizationId", value);
                  form.setFieldValue("systemId", null);
                }}
              />
              <Select
                label={t("contracts.fields.system")}
                placeholder={
                  values.organizationId
                    ? t("contracts.placeholders.system")
                    : t("contracts.placeholders.organizationFirst")
                }
                required
                disabled={!values.organizationId}
                data={systemList.map((system) => ({
                  value: system.id,
                  label: `${system.name} (${system.productName} ${system.installedVersion})`,
                }))}
                nothingFoundMessage={systems.isPending ? t("common.loading") : t("contracts.noSystems")}
                searchable
                {...form.getInputProps("systemId")}
              />
            </SimpleGrid>
            {coverage?.active && (
              <Alert color="orange" variant="light" icon={<IconInfoCircle size={18} />}>
                {t("contracts.create.alreadyCovered", {
                  number: coverage.active.number,
                  start: format.localDate(coverage.active.startDate),
                  end: format.localDate(coverage.active.endDate),
                })}{" "}
                <Anchor component={Link} to={`/contracts/${coverage.active.id}`} size="sm">
                  {t("contracts.open", { number: coverage.active.number })}
                </Anchor>
              </Alert>
            )}
            {lapsed && selectedSystem && (
              <Alert color="orange" variant="light" icon={<IconInfoCircle size={18} />}>
                <Text size="sm" mb="xs">
                  {t("contracts.create.lapsed", {
                    number: lapsed.number,
                    end: format.localDate(lapsed.endDate),
                  })}
                </Text>
                <Button
                  size="xs"
                  variant="white"
                  color="orange"
                  onClick={() => setReinstating({ id: selectedSystem.id, name: selectedSystem.name })}
                >
                  {t("contracts.reinstatement.open")}
                </Button>
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
              <Select
                label={t("contracts.fields.plan")}
                placeholder={t("contracts.placeholders.plan")}
                required
                data={(plans.data?.items ?? []).map((item) => ({ value: item.id, label: item.name }))}
                allowDeselect={false}
                {...form.getInputProps("planId")}
              />
              {plan && (
                <Paper withBorder p="sm" radius="md" bg="gray.0" aria-label={plan.name}>
                  <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.4 }}>
                    {plan.name}
                  </Text>
                  <Text size="sm">
                    {t("contracts.create.planSummary", {
                      count: plan.settings.maxAuthorizedContacts,
                      rate: format.percentBps(plan.settings.feeRateBps),
                      minimum: format.money(plan.settings.minimumFeeCents),
                    })}
                  </Text>
                </Paper>
              )}
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
              <TextInput
                type="date"
                label={t("contracts.fields.startDate")}
                description={isLocalDate(values.startDate) ? format.localDateLong(values.startDate) : " "}
                required
                {...form.getInputProps("startDate")}
              />
              <TextInput
                type="date"
                label={t("contracts.fields.endDate")}
                description={
                  isLocalDate(values.endDate)
                    ? format.localDateLong(values.endDate)
                    : defaultEnd
                      ? t("contracts.create.endDateHelp", { date: format.localDate(defaultEnd) })
                      : t("contracts.create.endDateHelpPlain")
                }
                min={defaultEnd ?? undefined}
                {...form.getInputProps("endDate")}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
              <TextInput
                label={t("contracts.fields.salePrice")}
                description={t("contracts.create.salePriceHelp")}
                placeholder="120,000.00"
                inputMode="decimal"
                required
                leftSection={
                  <Text size="sm" c="dimmed">
                    USD
                  </Text>
                }
                leftSectionWidth={48}
                {...form.getInputProps("salePrice")}
              />
              <Paper
                withBorder
                p="sm"
                radius="md"
                bg="gray.0"
                aria-live="polite"
                aria-label={t("contracts.create.feePreview")}
              >
                <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.4 }}>
                  {t("contracts.create.feePreview")}
                </Text>
                <Text fz={22} fw={700} style={{ fontVariantNumeric: "tabular-nums" }}>
                  {fee ? format.money(fee.feeCents) : "—"}
                </Text>
                <Text size="xs" c="dimmed">
                  {!plan || priceCents === null
                    ? t("contracts.create.feePreviewEmpty")
                    : fee?.minimumApplied
                      ? t("contracts.create.feeMinimum", {
                          minimum: format.money(plan.settings.minimumFeeCents),
                          rate: format.percentBps(plan.settings.feeRateBps),
                        })
                      : t("contracts.create.feeByRate", {
                          rate: format.percentBps(plan.settings.feeRateBps),
                          price: format.money(priceCents),
                        })}
                </Text>
              </Paper>
            </SimpleGrid>
            <TextInput
              label={t("contracts.fields.purchaseOrder")}
              description={t("contracts.create.purchaseOrderHelp")}
              maxLength={100}
              maw={{ sm: "50%" }}
              {...form.getInputProps("purchaseOrder")}
            />
            <Textarea
              label={t("contracts.fields.notes")}
              description={t("contracts.create.notesHelp")}
              autosize
              minRows={2}
              maxRows={8}
              {...form.getInputProps("notes")}
            />
            <FormButtons
              onCancel={() => navigate("/contracts")}
              submitLabel={t("contracts.create.submit")}
              loading={form.submitting}
            />
          </Stack>
        </form>
      </Paper>
      {reinstating && <ReinstatementModal opened onClose={() => setReinstating(null)} system={reinstating} />}
    </>
  );
};
