import { Modal, Stack } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { Contact } from "../../../api/organizations";
import { languageSchema } from "../../../api/roles";
import { FormAlert } from "../../components/form-alert";
import { FormButtons } from "../../components/form-buttons";
import { personFields } from "../../components/form-validation";
import { notifySuccess } from "../../components/notify";
import { PersonAccessField, PersonFields, personBody, personValues } from "../../components/person-fields";
import { useFormSubmit } from "../../components/use-form-submit";
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

  const form = useForm<ContactFormValues>({
    initialValues: { ...personValues(contact), password: "", active: contact?.active ?? true },
    validate: schemaResolver(schema, { sync: true }),
    validateInputOnBlur: true,
  });

  const { submit, generalError } = useFormSubmit(form, { fields: FIELDS }, async (values) => {
    const common = personBody(values);
    const saved = creating
      ? await create.mutateAsync({ ...common, ...(values.password ? { password: values.password } : {}) })
      : await update.mutateAsync({ ...common, active: values.active });
    notifySuccess(creating ? t("contacts.created", { name: saved.name }) : t("common.saved"));
    onSaved?.(saved);
    onClose();
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={generalError} />
        <PersonFields form={form} labels="contacts" phonePlaceholder="+52 55 3683 0774 ext 12" />
        <PersonAccessField
          form={form}
          labels="contacts"
          creating={creating}
          passwordHelp={t("contacts.help.password")}
          activeHelp={t("contacts.help.active")}
        />
        <FormButtons
          onCancel={onClose}
          submitLabel={creating ? t("contacts.create") : t("common.saveChanges")}
          loading={form.submitting}
        />
      </Stack>
    </form>
  );
};
