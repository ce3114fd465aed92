import { Modal, Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import {
  type Product,
  RELEASE_KINDS,
  type Release,
  type ReleaseKind,
  versionSchema,
} from "../../../api/catalog";
import { localDateSchema, nameSchema } from "../../../api/common";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { valid } from "../../components/form-validation";
import { notifySuccess } from "../../components/notify";
import { useFormSubmit } from "../../components/use-form-submit";
import { useCreateProduct, useSaveModule, useSaveRelease, useUpdateProduct } from "./catalog-api";

const requiredName = (t: TFunction, max: number) =>
  z
    .string()
    .refine((value) => value.trim().length > 0, t("validation.required"))
    .refine(valid(nameSchema.max(max)), t("validation.tooLong", { max }));

/* ---------- product ---------- */

const productFormSchema = (t: TFunction) =>
  z.object({
    name: requiredName(t, 120),
    description: z.string().max(2000, t("validation.tooLong", { max: 2000 })),
    modules: z
      .array(z.string())
      .max(50)
      .refine((names) => names.every(valid(nameSchema.max(120))), t("validation.tooLong", { max: 120 }))
      .refine(
        (names) => new Set(names.map((name) => name.trim().toLowerCase())).size === names.length,
        t("catalog.validation.uniqueModules"),
      ),
  });
type ProductFormValues = z.infer<ReturnType<typeof productFormSchema>>;

interface ProductFormModalProps {
  opened: boolean;
  onClose: () => void;
  product?: Product;
  onSaved?: (product: Product) => void;
}

export const ProductFormModal = (props: ProductFormModalProps) => {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.product ? t("catalog.editProduct") : t("catalog.newProduct")}
      size="lg"
    >
      {props.opened && <ProductForm {...props} />}
    </Modal>
  );
};

const ProductForm = ({ onClose, product, onSaved }: ProductFormModalProps) => {
  const { t, i18n } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => productFormSchema(t), [t, i18n.language]);
  const create = useCreateProduct();
  const update = useUpdateProduct(product?.id ?? "");
  const form = useForm<ProductFormValues>({
    initialValues: { name: product?.name ?? "", description: product?.description ?? "", modules: [] },
    validate: schemaResolver(schema, { sync: true }),
  });

  const { submit, generalError } = useFormSubmit(
    form,
    { fields: ["name", "description", "modules"] },
    async (values) => {
      const saved = product
        ? await update.mutateAsync({ name: values.name.trim(), description: values.description.trim() })
        : await create.mutateAsync({
            name: values.name.trim(),
            description: values.description.trim(),
            modules: values.modules.map((name) => name.trim()),
          });
      notifySuccess(product ? t("common.saved") : t("catalog.productCreated", { name: saved.name }));
      onSaved?.(saved);
      onClose();
    },
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={generalError} />
        <TextInput label={t("catalog.fields.name")} required data-autofocus {...form.getInputProps("name")} />
        <Textarea
          label={t("catalog.fields.description")}
          autosize
          minRows={3}
          maxRows={8}
          {...form.getInputProps("description")}
        />
        {!product && (
          <TagsInput
            label={t("catalog.fields.modules")}
            description={t("catalog.help.modules")}
            placeholder={t("catalog.placeholders.modules")}
            acceptValueOnBlur
            {...form.getInputProps("modules")}
          />
        )}
        <FormButtons
          onCancel={onClose}
          loading={form.submitting}
          submitLabel={product ? t("common.saveChanges") : t("catalog.createProduct")}
        />
      </Stack>
    </form>
  );
};

/* ---------- module ---------- */

interface ModuleFormModalProps {
  opened: boolean;
  onClose: () => void;
  productId: string;
  module?: { id: string; name: string };
}

export const ModuleFormModal = (props: ModuleFormModalProps) => {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.module ? t("catalog.renameModule") : t("catalog.addModule")}
    >
      {props.opened && <ModuleForm {...props} />}
    </Modal>
  );
};

const ModuleForm = ({ onClose, productId, module }: ModuleFormModalProps) => {
  const { t, i18n } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => z.object({ name: requiredName(t, 120) }), [t, i18n.language]);
  const save = useSaveModule(productId);
  const form = useForm({
    initialValues: { name: module?.name ?? "" },
    validate: schemaResolver(schema, { sync: true }),
  });
  const { submit, generalError } = useFormSubmit(form, { fields: ["name"] }, async (values) => {
    await save.mutateAsync({ moduleId: module?.id, name: values.name.trim() });
    notifySuccess(module ? t("common.saved") : t("catalog.moduleAdded", { name: values.name.trim() }));
    onClose();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={generalError} />
        <TextInput
          label={t("catalog.fields.moduleName")}
          required
          data-autofocus
          {...form.getInputProps("name")}
        />
        <FormButtons
          onCancel={onClose}
          loading={form.submitting}
          submitLabel={module ? t("common.saveChanges") : t("catalog.addModule")}
        />
      </Stack>
    </form>
  );
};

/* ---------- release ---------- */

const AUTOMATIC = "auto";

const releaseFormSchema = (t: TFunction) =>
  z.object({
    version: z.string().refine((value) => valid(versionSchema)(value), t("catalog.validation.version")),
    kind: z.string(),
    releaseDate: z.string().refine(valid(localDateSchema), t("catalog.validation.date")),
    notes: z.string().max(20_000, t("validation.tooLong", { max: 20_000 })),
  });
type ReleaseFormValues = z.infer<ReturnType<typeof releaseFormSchema>>;

/** The kind a version implies: x.0.0 major, x.y.0 minor, otherwise patch. */
export const kindOfVersion = (version: string): ReleaseKind | null => {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
  if (!match) return null;
  if (match[3] !== "0") return "patch";
  return match[2] === "0" ? "major" : "minor";
};

const today = () => {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

interface ReleaseFormModalProps {
  opened: boolean;
  onClose: () => void;
  productId: string;
  release?: Release;
}

export const ReleaseFormModal = (props: ReleaseFormModalProps) => {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={
        props.release ? t("catalog.editRelease", { version: props.release.version }) : t("catalog.addRelease")
      }
      size="lg"
    >
      {props.opened && <ReleaseForm {...props} />}
    </Modal>
  );
};

const ReleaseForm = ({ onClose, productId, release }: ReleaseFormModalProps) => {
  const { t, i18n } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => releaseFormSchema(t), [t, i18n.language]);
  const save = useSaveRelease(productId, release?.id);
  const form = useForm<ReleaseFormValues>({
    initialValues: {
      version: release?.version ?? "",
      kind: release?.kind ?? AUTOMATIC,
      releaseDate: release?.releaseDate ?? today(),
      notes: release?.notes ?? "",
    },
    validate: schemaResolver(schema, { sync: true }),
    validateInputOnBlur: ["version"],
  });
  const implied = kindOfVersion(form.values.version);

  const { submit, generalError } = useFormSubmit(
    form,
    { fields: ["version", "kind", "releaseDate", "notes"] },
    async (values) => {
      if (release) {
        await save.mutateAsync({ releaseDate: values.releaseDate, notes: values.notes.trim() });
      } else {
        await save.mutateAsync({
          version: values.version.trim(),
          ...(values.kind === AUTOMATIC ? {} : { kind: values.kind as ReleaseKind }),
          releaseDate: values.releaseDate,
          notes: values.notes.trim(),
        });
      }
      notifySuccess(
        release ? t("common.saved") : t("catalog.releaseAdded", { version: values.version.trim() }),
      );
      onClose();
    },
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={generalError} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t("catalog.fields.version")}
            placeholder="5.2.1"
            required
            disabled={Boolean(release)}
            data-autofocus
            {...form.getInputProps("version")}
          />
          <Select
            label={t("catalog.fields.kind")}
            disabled={Boolean(release)}
            allowDeselect={false}
            data={[
              {
                value: AUTOMATIC,
                label: implied
                  ? t("catalog.kindAutomaticIs", { kind: t(`releaseKinds.${implied}`) })
                  : t("catalog.kindAutomatic"),
              },
              ...RELEASE_KINDS.map((kind) => ({ value: kind, label: t(`releaseKinds.${kind}`) })),
            ]}
            {...form.getInputProps("kind")}
          />
          <TextInput
            label={t("catalog.fields.releaseDate")}
            type="date"
            required
            {...form.getInputProps("releaseDate")}
          />
        </SimpleGrid>
        <Textarea
          label={t("catalog.fields.notes")}
          placeholder={t("catalog.placeholders.notes")}
          autosize
          minRows={4}
          maxRows={12}
          {...form.getInputProps("notes")}
        />
        <FormButtons
          onCancel={onClose}
          loading={form.submitting}
          submitLabel={release ? t("common.saveChanges") : t("catalog.addRelease")}
        />
      </Stack>
    </form>
  );
};
