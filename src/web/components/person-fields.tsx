import { PasswordInput, SimpleGrid, Switch, TextInput } from "@mantine/core";
import type { GetInputPropsOptions, GetInputPropsReturnType } from "@mantine/form";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Language } from "../../api/roles";
import { LanguageSelect } from "./language-select";

/** The fields every person has, a customer contact or a staff user (checked by `personFields`). */
export interface PersonValues {
  name: string;
  email: string;
  phone: string;
  preferredLanguage: Language;
}

interface SavedPerson {
  name: string;
  email: string;
  phone: string | null;
  preferredLanguage: Language;
}

/** A person's form values: the saved person's, or empty ones (in Spanish) for a new person. */
export const personValues = (person: SavedPerson | undefined): PersonValues => ({
  name: person?.name ?? "",
  email: person?.email ?? "",
  phone: person?.phone ?? "",
  preferredLanguage: person?.preferredLanguage ?? "es-MX",
});

/** The person's part of the API's body: trimmed, and no phone as null. */
export const personBody = (values: PersonValues): SavedPerson => ({
  name: values.name.trim(),
  email: values.email.trim(),
  phone: values.phone.trim() || null,
  preferredLanguage: values.preferredLanguage,
});

interface PersonFieldsProps {
  form: { getInputProps: (path: keyof PersonValues) => GetInputPropsReturnType };
  /** Whose labels they carry: a contact's or a staff user's. */
  labels: "contacts" | "users";
  phonePlaceholder?: string;
  /** Fields that share the grid with the language (a user's role); without them the language has a row. */
  beside?: ReactNode;
}

/** Name, email, phone and preferred language of a person's form. */
export const PersonFields = ({ form, labels, phonePlaceholder, beside }: PersonFieldsProps) => {
  const { t } = useTranslation();
  const language = (
    <LanguageSelect
      label={t(`${labels}.fields.preferredLanguage`)}
      {...form.getInputProps("preferredLanguage")}
    />
  );
  return (
    <>
      <TextInput label={t(`${labels}.fields.name`)} required data-autofocus {...form.getInputProps("name")} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t(`${labels}.fields.email`)}
          type="email"
          required
          autoComplete="off"
          {...form.getInputProps("email")}
        />
        <TextInput
          label={t(`${labels}.fields.phone`)}
          placeholder={phonePlaceholder}
          type="tel"
          {...form.getInputProps("phone")}
        />
        {beside}
        {beside && language}
      </SimpleGrid>
      {!beside && language}
    </>
  );
};

interface PersonAccessFieldProps {
  form: {
    getInputProps: (path: "password" | "active", options?: GetInputPropsOptions) => GetInputPropsReturnType;
  };
  labels: "contacts" | "users";
  /** A new person gets a first password; a saved one is switched on or off. */
  creating: boolean;
  passwordHelp: string;
  passwordRequired?: boolean;
  activeHelp: string;
  /** The switch cannot be changed (e.g. one's own account). */
  locked?: boolean;
}

/** How a person signs in: the first password of a new person, or whether a saved person may sign in. */
export const PersonAccessField = ({
  form,
  labels,
  creating,
  passwordHelp,
  passwordRequired,
  activeHelp,
  locked,
}: PersonAccessFieldProps) => {
  const { t } = useTranslation();
  return creating ? (
    <PasswordInput
      label={t(`${labels}.fields.password`)}
      description={passwordHelp}
      required={passwordRequired}
      autoComplete="new-password"
      {...form.getInputProps("password")}
    />
  ) : (
    <Switch
      label={t(`${labels}.fields.active`)}
      description={activeHelp}
      disabled={locked}
      {...form.getInputProps("active", { type: "checkbox" })}
    />
  );
};
