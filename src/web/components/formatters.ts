import { useMemo } from "react";
import { useTranslation } from "react-i18next";

/** Dates and times in the viewer's zone and the active language. */
export const useFormatters = () => {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });
    // a local date (YYYY-MM-DD) has no zone: format it as the same calendar day everywhere
    const localDate = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: "UTC" });
    return {
      dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : "—"),
      localDate: (date: string | null | undefined) =>
        date ? localDate.format(new Date(`${date}T00:00:00Z`)) : "—",
    };
  }, [language]);
};
