import { Button, Modal, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { IconHourglass } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { z } from "zod";
import { useAuth } from "../../app/auth-context";
import { parseHundredths } from "../../components/decimal-amount";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { useFormatters } from "../../components/formatters";
import { isLocalDate, oneYearTermEnd, todayLocalDate } from "../../components/local-date";
import { notifySuccess } from "../../components/notify";
import { applyServerErrors } from "../../components/server-errors";
import { OrganizationPicker } from "../organizations/organization-picker";
import { CURRENCY_VALUES, refusalText, useSellPackage } from "./hour-banks-api";

const MAX_PRICE_CENTS = 1_000_000_000_000;
const FIELDS = ["organizationId", "hours", "purchasedOn", "purchaseOrder", "price", "currency"] as const;

const isQuarterHours = (text: string) => {
  const hours = Number(text.trim());
  return text.trim() !== "" && Number.isFinite(hours) && hours > 0 && Number.isInteger(hours * 4);
};

const sellFormSchema = (t: TFunction) =>
  z.object({
    organizationId: z.string().nullable().refine(Boolean, t("validation.required")),
    hours: z.string().refine(isQuarterHours, t("hourBanks.validation.hours")),
    purchasedOn: z.string().refine(isLocalDate, t("catalog.validation.date")),
    purchaseOrder: z
      .string()
      .refine((value) => value.trim().length > 0, t("validation.required"))
      .refine((value) => value.trim().length <= 100, t("validation.tooLong", { max: 100 })),
    price: z.string().refine((value) => {
      const cents = parseHundredths(value);
      return cents !== null && cents <= MAX_PRICE_CENTS;
    }, t("contracts.validation.money")),
    currency: z.enum(CURRENCY_VALUES),
  });
type SellFormValues = z.infer<ReturnType<typeof sellFormSchema>>;

interface SellPackageModalProps {
  opened: boolean;
  onClose: () => void;
  /** From an organization's page (or a list filtered by one): the organization is given. */
  organizationId?: string | null;
}

/** "Vender bolsa de horas": hours, purchase date (valid one year), purchase order and price. */
export const SellPackageModal = (props: SellPackageModalProps) => {
  const { t } = useTranslation();
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t("hourBanks.sell.title")} size="lg">
      {props.opened && <SellPackageForm {...props} />}
    </Modal>
  );
};

const SellPackageForm = ({ onClose, organizationId }: SellPackageModalProps) => {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const navigate = useNavigate();
  const sell = useSellPackage();
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => sellFormSchema(t), [t, i18n.language]);
  const [generalError, setGeneralError] = useState<string | null>(null);
  const form = useForm<SellFormValues>({
    initialValues: {
      organizationId: organizationId ?? null,
      hours: "80",
      purchasedOn: todayLocalDate(),
      purchaseOrder: "",
      price: "",
      currency: "USD",
    },
    validate: schemaResolver(schema, { sync: true }),
    validateInputOnBlur: ["hours", "purchasedOn", "purchaseOrder", "price"],
  });
  const { values } = form;
  const expires = isLocalDate(values.purchasedOn) ? oneYearTermEnd(values.purchasedOn) : null;

  const submit = form.onSubmit(async (input) => {
    setGeneralError(null);
    try {
      const sold = await sell.mutateAsync({
        organizationId: input.organizationId ?? "",
        hours: Number(input.hours.trim()),
        purchasedOn: input.purchasedOn,
        purchaseOrder: input.purchaseOrder.trim(),
        priceCents: parseHundredths(input.price) ?? 0,
        currency: input.currency,
      });
      notifySuccess(t("hourBanks.sell.done", { organization: sold.organizationName }));
      onClose();
      navigate(`/hour-banks/${sold.id}`);
    } catch (error) {
      const general = applyServerErrors(form, error, {
        fields: FIELDS,
        rename: { priceCents: "price", contractId: "organizationId" },
      });
      setGeneralError(refusalText(error) ?? general);
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label={t("hourBanks.sell.title")}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t("hourBanks.sell.rule")}
        </Text>
        <FormAlert message={generalError} />
        {!organizationId && (
          <OrganizationPicker
            label={t("hourBanks.fields.organization")}
            placeholder={t("contracts.placeholders.organization")}
            required
            clearable={false}
            error={form.errors.organizationId as string | undefined}
            value={values.organizationId}
            onChange={(value) => form.setFieldValue("organizationId", value)}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label={t("hourBanks.fields.hours")}
            description={t("hourBanks.sell.hoursHelp")}
            inputMode="decimal"
            required
            {...form.getInputProps("hours")}
          />
          <TextInput
            type="date"
            label={t("hourBanks.fields.purchasedOn")}
            description={expires ? t("hourBanks.sell.expiresOn", { date: format.localDate(expires) }) : " "}
            max={todayLocalDate()}
            required
            {...form.getInputProps("purchasedOn")}
          />
        </SimpleGrid>
        <TextInput
          label={t("hourBanks.fields.purchaseOrder")}
          maxLength={100}
          required
          {...form.getInputProps("purchaseOrder")}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label={t("hourBanks.fields.price")}
            placeholder="96,000.00"
            inputMode="decimal"
            required
            {...form.getInputProps("price")}
          />
          <Select
            label={t("hourBanks.fields.currency")}
            data={[...CURRENCY_VALUES]}
            allowDeselect={false}
            {...form.getInputProps("currency")}
          />
        </SimpleGrid>
        <FormButtons onCancel={onClose} submitLabel={t("hourBanks.sell.submit")} loading={sell.isPending} />
      </Stack>
    </form>
  );
};

/** On an organization's page: sell it a package, for who may sell. */
export const SellPackageButton = ({ organizationId }: { organizationId: string }) => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [opened, setOpened] = useState(false);
  if (!can("services:sell")) return null;
  return (
    <>
      <Button variant="default" leftSection={<IconHourglass size={16} />} onClick={() => setOpened(true)}>
        {t("hourBanks.sell.open")}
      </Button>
      <SellPackageModal opened={opened} onClose={() => setOpened(false)} organizationId={organizationId} />
    </>
  );
};
