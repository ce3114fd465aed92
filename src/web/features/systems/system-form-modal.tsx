import {
  Autocomplete,
  Input,
  Modal,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
} from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { type CustomerSystem, ENVIRONMENTS, type Environment, versionSchema } from "../../../api/catalog";
import { nameSchema } from "../../../api/common";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { valid } from "../../components/form-validation";
import { notifySuccess } from "../../components/notify";
import { useFormSubmit } from "../../components/use-form-submit";
import { useProductOptions, useReleaseOptions } from "../catalog/catalog-api";
import { useSaveSystem } from "./systems-api";

const systemFormSchema = (t: TFunction) =>
  z.object({
    productId: z.string().nullable().refine(Boolean, t("validation.required")),
    moduleIds: z.array(z.string()).max(50),
    installedVersion: z.string().refine(valid(versionSchema), t("catalog.validation.version")),
    environment: z.enum(ENVIRONMENTS),
    name: z
      .string()
      .refine((value) => value.trim().length > 0, t("validation.required"))
      .refine(valid(nameSchema.max(120)), t("validation.tooLong", { max: 120 })),
  });

type SystemFormValues = z.infer<ReturnType<typeof systemFormSchema>>;
const FIELDS = ["productId", "moduleIds", "installedVersion", "environment", "name"] as const;

interface SystemFormModalProps {
  opened: boolean;
  onClose: () => void;
  organizationId: string;
  system?: CustomerSystem;
}

export const SystemFormModal = (props: SystemFormModalProps) => {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.system ? t("systems.editTitle") : t("systems.createTitle")}
      size="lg"
    >
      {props.opened && <SystemForm {...props} />}
    </Modal>
  );
};

const SystemForm = ({ onClose, organizationId, system }: SystemFormModalProps) => {
  const { t, i18n } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => systemFormSchema(t), [t, i18n.language]);
  const products = useProductOptions();
  const save = useSaveSystem(system?.id);
  const [nameTouched, setNameTouched] = useState(Boolean(system));

  const form = useForm<SystemFormValues>({
    initialValues: {
      productId: system?.productId ?? null,
      moduleIds: system?.modules.map((module) => module.id) ?? [],
      installedVersion: system?.installedVersion ?? "",
      environment: system?.environment ?? "production",
      name: system?.name ?? "",
    },
    validate: schemaResolver(schema, { sync: true }),
  });

  const product = products.data?.items.find((item) => item.id === form.values.productId) ?? null;
  const releases = useReleaseOptions(form.values.productId);
  const versions = [...new Set((releases.data?.items ?? []).map((release) => release.version))];

  const suggestName = (productName: string | undefined, environment: Environment) => {
    if (nameTouched || !productName) return;
    form.setFieldValue("name", `${productName} ${t(`environments.${environment}`).toLowerCase()}`);
  };

  const { submit, generalError } = useFormSubmit(form, { fields: FIELDS }, async (values) => {
    const common = {
      name: values.name.trim(),
      moduleIds: values.moduleIds,
      installedVersion: values.installedVersion.trim(),
      environment: values.environment,
    };
    const saved = system
      ? await save.mutateAsync(common)
      : await save.mutateAsync({ ...common, organizationId, productId: values.productId ?? "" });
    notifySuccess(system ? t("common.saved") : t("systems.created", { name: saved.name }));
    onClose();
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={generalError} />
        <Select
          label={t("systems.fields.product")}
          placeholder={t("systems.placeholders.product")}
          required
          disabled={Boolean(system)}
          searchable
          data={(products.data?.items ?? []).map((item) => ({ value: item.id, label: item.name }))}
          nothingFoundMessage={products.isPending ? t("common.loading") : t("common.noMatches")}
          {...form.getInputProps("productId")}
          onChange={(value) => {
            form.setFieldValue("productId", value);
            form.setFieldValue("moduleIds", []);
            suggestName(
              products.data?.items.find((item) => item.id === value)?.name,
              form.values.environment,
            );
          }}
        />
        <MultiSelect
          label={t("systems.fields.modules")}
          placeholder={product ? t("systems.placeholders.modules") : t("systems.placeholders.productFirst")}
          disabled={!product}
          data={(product?.modules ?? []).map((module) => ({ value: module.id, label: module.name }))}
          searchable
          clearable
          {...form.getInputProps("moduleIds")}
        />
        <Input.Wrapper label={t("systems.fields.environment")} required>
          <SegmentedControl
            fullWidth
            aria-label={t("systems.fields.environment")}
            data={ENVIRONMENTS.map((environment) => ({
              value: environment,
              label: t(`environments.${environment}`),
            }))}
            {...form.getInputProps("environment")}
            onChange={(value) => {
              form.setFieldValue("environment", value as Environment);
              suggestName(product?.name, value as Environment);
            }}
          />
        </Input.Wrapper>
        <Autocomplete
          maw={{ sm: 260 }}
          label={t("systems.fields.installedVersion")}
          placeholder="5.2.1"
          required
          data={versions}
          {...form.getInputProps("installedVersion")}
        />
        <TextInput
          label={t("systems.fields.name")}
          description={t("systems.help.name")}
          required
          {...form.getInputProps("name")}
          onChange={(event) => {
            setNameTouched(true);
            form.setFieldValue("name", event.currentTarget.value);
          }}
        />
        <FormButtons
          onCancel={onClose}
          submitLabel={system ? t("common.saveChanges") : t("systems.create")}
          loading={form.submitting}
        />
      </Stack>
    </form>
  );
};
