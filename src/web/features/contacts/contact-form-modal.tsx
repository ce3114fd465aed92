import {
  Alert,
  Button,
  Group,
  Modal,
  PasswordInput,
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
import type { Contact } from "../../../api/organizations";
import { type Language, languageSchema } from "../../../api/roles";
import { personFields } from "../../components/form-validation";
import { LanguageSelect } from "../../components/language-select";
import { notifySuccess } from "../../components/notify";
import { applyServerErrors } from "../../components/server-errors";
import { useCreateContact, useUpdateContact } from "./contacts-api";

const contactFormSchema = (t: TFunction, creating: boolean) =>
  z.object({
    ...personFields(t),
    preferredLanguage: languageSchema,
    password: z
      .string()
      .refine(
        (value) => !creating || !value || value.length >= 10,
        t("validation.passwordLength", { min: 10 }),
      ),
    active: z.boolean(),
  });

type ContactFormValues = z.infer<ReturnType<typeof contactFormSchema>>;
const FIELDS = ["name", "email", "phone", "preferredLanguage", "password", "active"] as const;

interface ContactFormModalProps {
  opened: boolean;
  onClose: () => void;
  organizationId: string;
  /** Absent: a new contact of the organization. */
  contact?: Contact;
  onSaved?: (contact: Contact) => void;
}

export const ContactFormModal = (props: ContactFormModalProps) => {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.contact ? t("contacts.editTitle") : t("contacts.createTitle")}
      size="lg"
      fullScreen={false}
    >
      {/* mounted only while open, so it starts from the contact's current values */}
      {props.opened && <ContactForm {...props} />}
    </Modal>
  );
};

const ContactForm = ({ onClose, organizationId, contact, onSaved }: ContactFormModalProps) => {
  const { t, i18n } = useTranslation();
  const creating = !contact;
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages follow the language
  const schema = useMemo(() => contactFormSchema(t, creating), [t, creating, i18n.language]);
  const create = useCreateContact(organizationId);
  const update = useUpdateContact(contact?.id ?? "");
  const [generalError, setGeneralError] = useState<string | null>(null);

  const form = useForm<ContactFormValues>({
    initialValues: {
      name: contact?.name ?? "",
      email: contact?.email ?? "",
      phone: contact?.phone ?? "",
      preferredLanguage: contact?.preferredLanguage ?? "es-MX",
      password: "",
      active: contact?.active ?? true,
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
      preferredLanguage: values.preferredLanguage as Language,
    };
    try {
      const saved = creating
        ? await create.mutateAsync({ ...common, ...(values.password ? { password: values.password } : {}) })
        : await update.mutateAsync({ ...common, active: values.active });
      notifySuccess(creating ? t("contacts.created", { name: saved.name }) : t("common.saved"));
      onSaved?.(saved);
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
        <TextInput
          label={t("contacts.fields.name")}
          required
          data-autofocus
          {...form.getInputProps("name")}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t("contacts.fields.email")}
            type="email"
            required
            autoComplete="off"
            {...form.getInputProps("email")}
          />
          <TextInput
            label={t("contacts.fields.phone")}
            placeholder="+52 55 3683 0774 ext 12"
            type="tel"
            {...form.getInputProps("phone")}
          />
        </SimpleGrid>
        <LanguageSelect
          label={t("contacts.fields.preferredLanguage")}
          {...form.getInputProps("preferredLanguage")}
        />
        {creating ? (
          <PasswordInput
            label={t("contacts.fields.password")}
            description={t("contacts.help.password")}
            autoComplete="new-password"
            {...form.getInputProps("password")}
          />
        ) : (
          <Switch
            label={t("contacts.fields.active")}
            description={t("contacts.help.active")}
            {...form.getInputProps("active", { type: "checkbox" })}
          />
        )}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {creating ? t("contacts.create") : t("common.saveChanges")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
};
