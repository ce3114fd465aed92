import { Modal, Select, Stack } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { PASSWORD_MIN_LENGTH, passwordSchema } from "../../../api/auth";
import { languageSchema, STAFF_ROLES, type StaffRole, staffRoleSchema } from "../../../api/roles";
import type { StaffUser } from "../../../api/users";
import { useCurrentUser } from "../../app/auth-context";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { personFields, valid } from "../../components/form-validation";
import { notifySuccess } from "../../components/notify";
import { PersonAccessField, PersonFields, personBody, personValues } from "../../components/person-fields";
import { useFormSubmit } from "../../components/use-form-submit";
import { useSaveStaffUser } from "./users-api";

const userFormSchema = (t: TFunction, creating: boolean) =>
  z.object({
    ...personFields(t),
    role: staffRoleSchema,
    preferredLanguage: languageSchema,
    password: z
      .string()
      .refine(
        (value) => !creating || valid(passwordSchema)(value),
        t("validation.passwordLength", { min: PASSWORD_MIN_LENGTH }),
      ),
    active: z.boolean(),
  });
type UserFormValues = z.infer<ReturnType<typeof userFormSchema>>;
const FIELDS = ["name", "email", "phone", "role", "preferredLanguage", "password", "active"] as const;

interface UserFormModalProps {
  opened: boolean;
  onClose: () => void;
  user?: StaffUser;
}

export const UserFormModal = (props: UserFormModalProps) => {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.user ? t("users.editTitle") : t("users.createTitle")}
      size="lg"
    >
      {props.opened && <UserForm {...props} />}
    </Modal>
  );
};

const UserForm = ({ onClose, user }: UserFormModalProps) => {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const creating = !user;
  const self = user?.id === me.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => userFormSchema(t, creating), [t, creating, i18n.language]);
  const save = useSaveStaffUser(user?.id);
  const form = useForm<UserFormValues>({
    initialValues: {
      ...personValues(user),
      role: user?.role ?? "specialist",
      password: "",
      active: user?.active ?? true,
    },
    validate: schemaResolver(schema, { sync: true }),
    validateInputOnBlur: true,
  });

  const { submit, generalError } = useFormSubmit(form, { fields: FIELDS }, async (values) => {
    const common = { ...personBody(values), role: values.role as StaffRole };
    const saved = creating
      ? await save.mutateAsync({ ...common, password: values.password })
      : await save.mutateAsync({ ...common, active: values.active });
    notifySuccess(creating ? t("users.created", { name: saved.name }) : t("common.saved"));
    onClose();
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={generalError} />
        <PersonFields
          form={form}
          labels="users"
          beside={
            <Select
              label={t("users.fields.role")}
              required
              allowDeselect={false}
              disabled={self}
              description={self ? t("users.help.ownRole") : undefined}
              data={STAFF_ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
              {...form.getInputProps("role")}
            />
          }
        />
        <PersonAccessField
          form={form}
          labels="users"
          creating={creating}
          passwordHelp={t("users.help.password", { min: PASSWORD_MIN_LENGTH })}
          passwordRequired
          activeHelp={self ? t("users.help.ownActive") : t("users.help.active")}
          locked={self}
        />
        <FormButtons
          onCancel={onClose}
          submitLabel={creating ? t("users.create") : t("common.saveChanges")}
          loading={form.submitting}
        />
      </Stack>
    </form>
  );
};
