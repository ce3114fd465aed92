import { Select, type SelectProps } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { LANGUAGES } from "../../api/roles";

/** Preferred language of a person (for the emails they receive). */
export const LanguageSelect = (props: Omit<SelectProps, "data">) => {
  const { t } = useTranslation();
  return (
    <Select
      allowDeselect={false}
      {...props}
      data={LANGUAGES.map((language) => ({ value: language, label: t(`language.${language}`) }))}
    />
  );
};
