import { useMemo } from "react";
import { useTranslation } from "react-i18next";

/** A file's size: "812 B", "14,2 KB", "3,5 MB". */
export const formatBytes = (bytes: number, language: string) => {
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${number.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${number.format(bytes / 1024)} KB`;
  return `${number.format(bytes / (1024 * 1024))} MB`;
};

/** Dates, times and money in the viewer's zone and the active language. */
export const useFormatters = () => {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });
    const day = new Intl.DateTimeFormat(language, { dateStyle: "medium" });
    const time = new Intl.DateTimeFormat(language, { timeStyle: "short" });
    // a local date (YYYY-MM-DD) has no zone: format it as the same calendar day everywhere
    const localDate = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: "UTC" });
    const localDateLong = new Intl.DateTimeFormat(language, { dateStyle: "full", timeZone: "UTC" });
    const usd = new Intl.NumberFormat(language, { style: "currency", currency: "USD" });
    const percent = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 2 });
    const asUtcMidnight = (date: string) => new Date(`${date}T00:00:00Z`);
    return {
      dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : "—"),
      /** An instant's day alone, and its time alone: for two short lines in a narrow column. */
      day: (iso: string) => day.format(new Date(iso)),
      time: (iso: string) => time.format(new Date(iso)),
      localDate: (date: string | null | undefined) => (date ? localDate.format(asUtcMidnight(date)) : "—"),
      /** With the weekday: "lunes, 3 de agosto de 2026". */
      localDateLong: (date: string | null | undefined) =>
        date ? localDateLong.format(asUtcMidnight(date)) : "—",
      /** Integer cents of USD. The division is exact for display (Intl rounds to the cent). */
      money: (cents: number | null | undefined) =>
        cents === null || cents === undefined ? "—" : usd.format(cents / 100),
      /** Basis points as a percentage: 1800 → "18 %". */
      percentBps: (bps: number | null | undefined) =>
        bps === null || bps === undefined ? "—" : percent.format(bps / 10_000),
    };
  }, [language]);
};
