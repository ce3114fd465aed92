import { Paper, Select, SimpleGrid, Stack, TagsInput, TextInput } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { nameSchema, timeZoneSchema } from "../../../api/common";
import { emailDomainSchema, type Organization, rfcSchema } from "../../../api/organizations";
import { useAuth } from "../../app/auth-context";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { valid } from "../../components/form-validation";
import { useFormSubmit } from "../../components/use-form-submit";
import { type CreateOrganizationBody, useAccountExecutives } from "./organizations-api";

export const DEFAULT_TIME_ZONE = "America/Mexico_City";

/** The API's own schemas decide validity; the form only adds translated messages. */

const organizationFormSchema = (t: TFunction) =>
  z.object({
    name: z
      .string()
      .refine((value) => value.trim().length > 0, t("validation.required"))
      .refine(valid(nameSchema), t("validation.tooLong", { max: 200 })),
    rfc: z
      .string()
      .refine((value) => !value.trim() || valid(rfcSchema)(value), t("organizations.validation.rfc")),
    emailDomains: z
      .array(z.string())
      .max(20, t("organizations.validation.tooManyDomains", { max: 20 }))
      .refine((domains) => domains.every(valid(emailDomainSchema)), t("organizations.validation.domain")),
    timeZone: z.string().refine(valid(timeZoneSchema), t("organizations.validation.timeZone")),
    accountExecutiveId: z.string().nullable(),
  });

export type OrganizationFormValues = z.infer<ReturnType<typeof organizationFormSchema>>;

const FIELDS = ["name", "rfc", "emailDomains", "timeZone", "accountExecutiveId"] as const;

const timeZones = (): string[] => {
  try {
    const zones = Intl.supportedValuesOf("timeZone");
    return zones.includes(DEFAULT_TIME_ZONE) ? zones : [DEFAULT_TIME_ZONE, ...zones];
  } catch {
    return [DEFAULT_TIME_ZONE];
  }
};

export const toOrganizationBody = (values: OrganizationFormValues): CreateOrganizationBody => ({
  name: values.name.trim(),
  rfc: values.rfc.trim() ? values.rfc.trim().toUpperCase() : null,
  emailDomains: values.emailDomains.map((domain) => domain.trim().toLowerCase()),
  timeZone: values.timeZone,
  accountExecutiveId: values.accountExecutiveId,
});

interface OrganizationFormProps {
  organization?: Organization;
  submitLabel: string;
  onSubmit: (body: CreateOrganizationBody) => Promise<unknown>;
  onCancel: () => void;
}

export const OrganizationForm = ({
  organization,
  submitLabel,
  onSubmit,
  onCancel,
}: OrganizationFormProps) => {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => organizationFormSchema(t), [t, i18n.language]);
  const executives = useAccountExecutives(can("users:read"));
  const zones = useMemo(timeZones, []);

  const form = useForm<OrganizationFormValues>({
    initialValues: {
      name: organization?.name ?? "",
      rfc: organization?.rfc ?? "",
      emailDomains: organization?.emailDomains ?? [],
      timeZone: organization?.timeZone ?? DEFAULT_TIME_ZONE,
      accountExecutiveId: organization?.accountExecutive?.id ?? null,
    },
    validate: schemaResolver(schema, { sync: true }),
    validateInputOnBlur: true,
  });

  const executiveOptions = useMemo(() => {
    const options = (executives.data?.items ?? [])
      .filter((user) => user.active)
      .map((user) => ({ value: user.id, label: user.name }));
    const current = organization?.accountExecutive;
    if (current && !options.some((option) => option.value === current.id)) {
      options.unshift({ value: current.id, label: current.name });
    }
    return options;
  }, [executives.data, organization]);

  const { submit, generalError } = useFormSubmit(form, { fields: FIELDS }, async (values) => {
    await onSubmit(toOrganizationBody(values));
  });

  return (
    <Paper p={{ base: "md", sm: "xl" }} radius="md">
      <form onSubmit={submit} noValidate aria-label={submitLabel}>
        <Stack gap="lg">
          <FormAlert message={generalError} />
          <TextInput
            label={t("organizations.fields.name")}
            placeholder={t("organizations.placeholders.name")}
            required
            maxLength={200}
            {...form.getInputProps("name")}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
            <TextInput
              label={t("organizations.fields.rfc")}
              description={t("organizations.help.rfc")}
              placeholder="CAA050126TH1"
              maxLength={13}
              styles={{ input: { textTransform: "uppercase" } }}
              {...form.getInputProps("rfc")}
            />
            <Select
              label={t("organizations.fields.timeZone")}
              description={t("organizations.help.timeZone")}
              data={zones}
              searchable
              allowDeselect={false}
              nothingFoundMessage={t("common.noMatches")}
              {...form.getInputProps("timeZone")}
            />
          </SimpleGrid>
          <TagsInput
            label={t("organizations.fields.emailDomains")}
            description={t("organizations.help.emailDomains")}
            placeholder={t("organizations.placeholders.emailDomains")}
            splitChars={[",", " ", ";"]}
            acceptValueOnBlur
            clearable
            {...form.getInputProps("emailDomains")}
          />
          {can("users:read") && (
            <Select
              label={t("organizations.fields.accountExecutive")}
              placeholder={t("organizations.placeholders.accountExecutive")}
              data={executiveOptions}
              searchable
              clearable
              nothingFoundMessage={executives.isPending ? t("common.loading") : t("common.noMatches")}
              {...form.getInputProps("accountExecutiveId")}
            />
          )}
          <FormButtons onCancel={onCancel} submitLabel={submitLabel} loading={form.submitting} />
        </Stack>
      </form>
    </Paper>
  );
};
