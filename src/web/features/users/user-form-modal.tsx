import {
  Alert,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TextInput,
} from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { IconAlertCircle } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { PASSWORD_MIN_LENGTH, passwordSchema } from "../../../api/auth";
import {
  type Language,
  languageSchema,
  STAFF_ROLES,
  type StaffRole,
  staffRoleSchema,
} from "../../../api/roles";
import type { StaffUser } from "../../../api/users";
import { useCurrentUser } from "../../app/auth-context";
import { personFields, valid } from "../../components/form-validation";
import { LanguageSelect } from "../../components/language-select";
import { notifySuccess } from "../../components/notify";
import { applyServerErrors } from "../../components/server-errors";
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
  const [generalError, setGeneralError] = useState<string | null>(null);
  const form = useForm<UserFormValues>({
    initialValues: {
      name: user?.name ?? "",
      email: user?.email ?? "",
      phone: user?.phone ?? "",
      role: user?.role ?? "specialist",
      preferredLanguage: user?.preferredLanguage ?? "es-MX",
      password: "",
      active: user?.active ?? true,
    },
    validate: schemaResolver(schema, { sync: true }),
    validateInputOnBlur: true,
  });

  const submit = form.onSubmit(async (values) => {
    setGeneralError(null);
    const common = {
      name: values.name.trim(),
      email: values.email.trim(),
      phone: values.phone.trim() || null,
      role: values.role as StaffRole,
      preferredLanguage: values.preferredLanguage as Language,
    };
    try {
      const saved = creating
        ? await save.mutateAsync({ ...common, password: values.password })
        : await save.mutateAsync({ ...common, active: values.active });
      notifySuccess(creating ? t("users.created", { name: saved.name }) : t("common.saved"));
      onClose();
    } catch (error) {
      setGeneralError(applyServerErrors(form, error, { fields: FIELDS }));
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
        <TextInput label={t("users.fields.name")} required data-autofocus {...form.getInputProps("name")} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t("users.fields.email")}
            type="email"
            required
            autoComplete="off"
            {...form.getInputProps("email")}
          />
          <TextInput label={t("users.fields.phone")} type="tel" {...form.getInputProps("phone")} />
          <Select
            label={t("users.fields.role")}
            required
            allowDeselect={false}
            disabled={self}
            description={self ? t("users.help.ownRole") : undefined}
            data={STAFF_ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
            {...form.getInputProps("role")}
          />
          <LanguageSelect
            label={t("users.fields.preferredLanguage")}
            {...form.getInputProps("preferredLanguage")}
          />
        </SimpleGrid>
        {creating ? (
          <PasswordInput
            label={t("users.fields.password")}
            description={t("users.help.password", { min: PASSWORD_MIN_LENGTH })}
            required
            autoComplete="new-password"
            {...form.getInputProps("password")}
          />
        ) : (
          <Switch
            label={t("users.fields.active")}
            description={self ? t("users.help.ownActive") : t("users.help.active")}
            disabled={self}
            {...form.getInputProps("active", { type: "checkbox" })}
          />
        )}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {creating ? t("users.create") : t("common.saveChanges")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
};
