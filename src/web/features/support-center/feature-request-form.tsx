import { Modal, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { z } from "zod";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { notifySuccess } from "../../components/notify";
import { useFormSubmit } from "../../components/use-form-submit";
import { useProductOptions } from "../catalog/catalog-api";
import { useCreateFeatureRequest } from "./support-center-api";

const formSchema = (t: TFunction) =>
  z.object({
    productId: z.string().min(1, t("validation.required")),
    title: z
      .string()
      .trim()
      .min(1, t("validation.required"))
      .max(200, t("validation.tooLong", { max: 200 })),
    description: z.string().max(20_000, t("validation.tooLong", { max: 20_000 })),
  });
type FormValues = z.infer<ReturnType<typeof formSchema>>;

/** A customer asks for a feature of a product their organization has a current contract for. */
export const FeatureRequestFormModal = ({
  opened,
  onClose,
  productId,
}: {
  opened: boolean;
  onClose: () => void;
  productId?: string;
}) => {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("supportCenter.requests.newTitle")} size="lg">
      {opened && <FeatureRequestForm onClose={onClose} productId={productId} />}
    </Modal>
  );
};

const FeatureRequestForm = ({ onClose, productId }: { onClose: () => void; productId?: string }) => {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const products = useProductOptions();
  const create = useCreateFeatureRequest();
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => formSchema(t), [t, i18n.language]);
  const options = products.data?.items ?? [];
  const form = useForm<FormValues>({
    initialValues: {
      productId: productId ?? (options.length === 1 ? options[0]!.id : ""),
      title: "",
      description: "",
    },
    validate: schemaResolver(schema, { sync: true }),
  });
  const { submit, generalError } = useFormSubmit(
    form,
    { fields: ["productId", "title", "description"] },
    async (values) => {
      const created = await create.mutateAsync({
        productId: values.productId,
        title: values.title.trim(),
        description: values.description.trim(),
      });
      notifySuccess(t("supportCenter.requests.created", { number: created.number }));
      onClose();
      navigate(`/support-center/feature-requests/${created.id}`);
    },
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={generalError} />
        <Select
          label={t("supportCenter.fields.product")}
          required
          allowDeselect={false}
          data={options.map((p) => ({ value: p.id, label: p.name }))}
          {...form.getInputProps("productId")}
        />
        <TextInput
          label={t("supportCenter.fields.requestTitle")}
          placeholder={t("supportCenter.requests.titlePlaceholder")}
          required
          maxLength={200}
          {...form.getInputProps("title")}
        />
        <Textarea
          label={t("supportCenter.fields.description")}
          description={t("supportCenter.requests.descriptionHelp")}
          autosize
          minRows={4}
          maxRows={12}
          {...form.getInputProps("description")}
        />
        <FormButtons
          onCancel={onClose}
          loading={form.submitting}
          submitLabel={t("supportCenter.requests.submit")}
        />
      </Stack>
    </form>
  );
};
