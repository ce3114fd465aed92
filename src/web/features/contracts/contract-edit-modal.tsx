import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertCircle } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Contract } from "../../../api/contracts";
import { notifySuccess } from "../../components/notify";
import { applyServerErrors } from "../../components/server-errors";
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
  const [generalError, setGeneralError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { purchaseOrder: contract.purchaseOrder ?? "", notes: contract.notes ?? "" },
    validate: {
      purchaseOrder: (value) => (value.trim().length > 100 ? t("validation.tooLong", { max: 100 }) : null),
      notes: (value) => (value.trim().length > 5000 ? t("validation.tooLong", { max: 5000 }) : null),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setGeneralError(null);
    try {
      await update.mutateAsync({
        purchaseOrder: values.purchaseOrder.trim() || null,
        notes: values.notes.trim(),
      });
      notifySuccess(t("common.saved"));
      onClose();
    } catch (error) {
      setGeneralError(applyServerErrors(form, error, { fields: ["purchaseOrder", "notes"] }));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {generalError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
            {generalError}
          </Alert>
        )}
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
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {t("common.saveChanges")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
};
