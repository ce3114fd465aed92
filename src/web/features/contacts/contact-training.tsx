import { Badge, Button, Modal, SimpleGrid, Stack, Table, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconCertificate, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TrainingRecord } from "../../../api/contracts";
import { useAuth } from "../../app/auth-context";
import { ConfirmModal } from "../../components/confirm-modal";
import { ActionsHeader, DataTable } from "../../components/data-table";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { useFormatters } from "../../components/formatters";
import { ListState } from "../../components/list-state";
import { isLocalDate, todayLocalDate } from "../../components/local-date";
import { notifySuccess } from "../../components/notify";
import { AddAbove } from "../../components/paged-list";
import { RowAction } from "../../components/row-action";
import { useFormSubmit } from "../../components/use-form-submit";
import { isTrainingValidOn, useAddTraining, useRemoveTraining, useTraining } from "./training-api";

/** "Capacitación": the formal training records an authorized contact must hold (brochure). */
export const ContactTraining = ({ contactId, contactName }: { contactId: string; contactName: string }) => {
  const { t } = useTranslation();
  const { can } = useAuth();
  const format = useFormatters();
  const training = useTraining(contactId);
  const remove = useRemoveTraining(contactId);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<TrainingRecord | null>(null);
  const canWrite = can("training:write");
  const items = training.data?.items ?? [];
  const today = todayLocalDate();

  const addButton = canWrite ? (
    <Button variant="light" size="sm" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
      {t("training.add")}
    </Button>
  ) : null;

  return (
    <>
      <AddAbove show={items.length > 0}>{addButton}</AddAbove>
      <ListState
        query={training}
        isEmpty={items.length === 0}
        rows={2}
        compact
        empty={{
          title: t("training.empty"),
          description: t("training.emptyDescription"),
          icon: <IconCertificate size={28} stroke={1.5} />,
          action: addButton,
        }}
      >
        <DataTable
          label={t("training.title")}
          head={
            <>
              <Table.Th>{t("training.fields.course")}</Table.Th>
              <Table.Th>{t("training.fields.completedOn")}</Table.Th>
              <Table.Th visibleFrom="sm">{t("training.fields.certificateId")}</Table.Th>
              <Table.Th visibleFrom="sm">{t("training.fields.expiresOn")}</Table.Th>
              <Table.Th>{t("training.fields.status")}</Table.Th>
              {canWrite && <ActionsHeader />}
            </>
          }
        >
          {items.map((record) => {
            const valid = isTrainingValidOn(record, today);
            return (
              <Table.Tr key={record.id}>
                <Table.Td fw={600}>{record.course}</Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{format.localDate(record.completedOn)}</Table.Td>
                <Table.Td visibleFrom="sm" ff="monospace" fz="sm">
                  {record.certificateId ?? "—"}
                </Table.Td>
                <Table.Td visibleFrom="sm" style={{ whiteSpace: "nowrap" }}>
                  {record.expiresOn ? format.localDate(record.expiresOn) : t("training.noExpiry")}
                </Table.Td>
                <Table.Td>
                  <Badge
                    miw="max-content"
                    variant="light"
                    color={valid ? "teal" : "gray"}
                    radius="sm"
                    tt="none"
                    fw={500}
                  >
                    {valid ? t("training.valid") : t("training.expired")}
                  </Badge>
                </Table.Td>
                {canWrite && (
                  <Table.Td>
                    <RowAction
                      tooltip={t("training.remove")}
                      label={t("training.removeNamed", { course: record.course })}
                      color="red"
                      onClick={() => setRemoving(record)}
                    >
                      <IconTrash size={16} />
                    </RowAction>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </DataTable>
      </ListState>

      <Modal
        opened={adding}
        onClose={() => setAdding(false)}
        title={t("training.addTitle", { name: contactName })}
        size="lg"
      >
        {adding && <TrainingForm contactId={contactId} onClose={() => setAdding(false)} />}
      </Modal>

      <ConfirmModal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={t("training.removeTitle")}
        message={t("training.removeConfirm", { course: removing?.course ?? "", name: contactName })}
        confirmLabel={t("training.remove")}
        loading={remove.isPending}
        onConfirm={async () => {
          if (!removing) return;
          await remove.mutateAsync(removing.id);
          notifySuccess(t("training.removed", { course: removing.course }));
        }}
      />
    </>
  );
};

const TrainingForm = ({ contactId, onClose }: { contactId: string; onClose: () => void }) => {
  const { t } = useTranslation();
  const add = useAddTraining(contactId);
  const today = todayLocalDate();
  const form = useForm({
    initialValues: { course: "", completedOn: today, certificateId: "", expiresOn: "" },
    validate: {
      course: (value) =>
        !value.trim()
          ? t("validation.required")
          : value.trim().length > 200
            ? t("validation.tooLong", { max: 200 })
            : null,
      completedOn: (value) =>
        !isLocalDate(value)
          ? t("catalog.validation.date")
          : value > today
            ? t("training.validation.future")
            : null,
      certificateId: (value) => (value.trim().length > 100 ? t("validation.tooLong", { max: 100 }) : null),
      expiresOn: (value, values) =>
        !value
          ? null
          : !isLocalDate(value)
            ? t("catalog.validation.date")
            : value < values.completedOn
              ? t("training.validation.expiresBefore")
              : null,
    },
  });

  const { submit, generalError } = useFormSubmit(
    form,
    { fields: ["course", "completedOn", "certificateId", "expiresOn"] },
    async (values) => {
      await add.mutateAsync({
        course: values.course.trim(),
        completedOn: values.completedOn,
        ...(values.certificateId.trim() ? { certificateId: values.certificateId.trim() } : {}),
        ...(values.expiresOn ? { expiresOn: values.expiresOn } : {}),
      });
      notifySuccess(t("training.added", { course: values.course.trim() }));
      onClose();
    },
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={generalError} />
        <TextInput
          label={t("training.fields.course")}
          placeholder={t("training.placeholders.course")}
          required
          data-autofocus
          {...form.getInputProps("course")}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t("training.fields.completedOn")}
            required
            max={today}
            {...form.getInputProps("completedOn")}
          />
          <TextInput
            type="date"
            label={t("training.fields.expiresOn")}
            description={t("training.help.expiresOn")}
            {...form.getInputProps("expiresOn")}
          />
        </SimpleGrid>
        <TextInput
          label={t("training.fields.certificateId")}
          placeholder="ECM-ADM-2026-0142"
          maw={{ sm: "50%" }}
          {...form.getInputProps("certificateId")}
        />
        <FormButtons onCancel={onClose} submitLabel={t("training.save")} loading={form.submitting} />
      </Stack>
    </form>
  );
};
