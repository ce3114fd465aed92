import { Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import type { Contract } from "../../../api/contracts";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { notifySuccess } from "../../components/notify";
import { useFormSubmit } from "../../components/use-form-submit";
import { useUpdateContract } from "./contracts-api";

interface ContractEditModalProps {
  opened: boolean;
  onClose: () => void;
  contract: Contract;
}

/** Purchase order and internal notes: the only parts of a contract that change after it is made. */
export const ContractEditModal = (props: ContractEditModalProps) => {
  const { t } = useTranslation();
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t("contracts.editTitle")} size="lg">
      {props.opened && <ContractEditForm {...props} />}
    </Modal>
  );
};

const ContractEditForm = ({ onClose, contract }: ContractEditModalProps) => {
  const { t } = useTranslation();
  const update = useUpdateContract(contract.id);
  const form = useForm({
    initialValues: { purchaseOrder: contract.purchaseOrder ?? "", notes: contract.notes ?? "" },
    validate: {
      purchaseOrder: (value) => (value.trim().length > 100 ? t("validation.tooLong", { max: 100 }) : null),
      notes: (value) => (value.trim().length > 5000 ? t("validation.tooLong", { max: 5000 }) : null),
    },
  });

  const { submit, generalError } = useFormSubmit(
    form,
    { fields: ["purchaseOrder", "notes"] },
    async (values) => {
      await update.mutateAsync({
        purchaseOrder: values.purchaseOrder.trim() || null,
        notes: values.notes.trim(),
      });
      notifySuccess(t("common.saved"));
      onClose();
    },
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={generalError} />
        <TextInput
          label={t("contracts.fields.purchaseOrder")}
          maxLength={100}
          data-autofocus
          {...form.getInputProps("purchaseOrder")}
        />
        <Textarea
          label={t("contracts.fields.notes")}
          description={t("contracts.create.notesHelp")}
          autosize
          minRows={3}
          maxRows={10}
          {...form.getInputProps("notes")}
        />
        <FormButtons onCancel={onClose} submitLabel={t("common.saveChanges")} loading={form.submitting} />
      </Stack>
    </form>
  );
};
