import { useMemo } from "react";
import { useTranslation } from "react-i18next";

const HOUR = 3600;

/** The reports' numbers, months and business hours in the UI language. */
export const useReportFormat = () => {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const integer = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
    const decimal = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
    const hoursNumber = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
    const percent = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 1 });
    const monthShort = new Intl.DateTimeFormat(language, {
      month: "short",
      year: "2-digit",
      timeZone: "UTC",
    });
    const monthLong = new Intl.DateTimeFormat(language, { month: "long", year: "numeric", timeZone: "UTC" });
    const monthDate = (month: string) => new Date(`${month}-01T00:00:00Z`);
    return {
      integer: (value: number) => integer.format(value),
      /** 0.875 → "87.5 %"; null (nothing decided yet) → "—". */
      percent: (rate: number | null | undefined) =>
        rate === null || rate === undefined ? "—" : percent.format(rate),
      /** Hours of an hour bank: "12.5". */
      hours: (hours: number) => hoursNumber.format(hours),
      /** Business seconds as "3 h 20 min" (never days: a business day is not 24 hours). */
      businessTime: (seconds: number | null | undefined) => {
        if (seconds === null || seconds === undefined) return "—";
        const minutes = Math.max(0, Math.round(seconds / 60));
        if (minutes === 0 && seconds > 0) return t("reports.units.underMinute");
        const hours = Math.floor(minutes / 60);
        const rest = minutes % 60;
        if (hours > 0 && rest > 0)
          return t("cases.duration.hoursMinutes", { hours: integer.format(hours), minutes: rest });
        if (hours > 0) return t("cases.duration.hours", { hours: integer.format(hours) });
        return t("cases.duration.minutes", { minutes: rest });
      },
      /** Business seconds as hours with one decimal, for a chart's axis: "3.3". */
      businessHoursValue: (seconds: number | null | undefined) =>
        seconds === null || seconds === undefined ? null : Math.round((seconds / HOUR) * 10) / 10,
      hoursAxis: (hours: number) => t("reports.units.hours", { hours: decimal.format(hours) }),
      /** "2026-03" → "mar 26" on an axis, "marzo de 2026" in a table. */
      monthShort: (month: string) => monthShort.format(monthDate(month)),
      monthLong: (month: string) => monthLong.format(monthDate(month)),
    };
  }, [language, t]);
};

export type ReportFormat = ReturnType<typeof useReportFormat>;

/** met / (met + breached + open and breached); null when nothing is decided yet (as the API computes it). */
export const complianceRate = (counts: { met: number; breached: number; openBreached: number }) => {
  const decided = counts.met + counts.breached + counts.openBreached;
  return decided === 0 ? null : counts.met / decided;
};

/** part / whole, null when there is no whole. */
export const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
