import { useMemo } from "react";
import { useSearchParams } from "react-router";
import { addDays, isLocalDate, todayLocalDate } from "../../components/local-date";
import type { Channel, Priority } from "../cases/cases-api";
import type { ReportQuery } from "./reports-api";

export const PERIOD_PRESETS = [
  "thisMonth",
  "lastMonth",
  "last3Months",
  "last12Months",
  "thisYear",
  "custom",
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
export const DEFAULT_PERIOD: PeriodPreset = "last3Months";

const PRIORITY_VALUES = ["P1", "P2", "P3", "P4"] as const satisfies readonly Priority[];
const CHANNEL_VALUES = ["portal", "email", "phone", "api"] as const satisfies readonly Channel[];

export { CHANNEL_VALUES, PRIORITY_VALUES };

/** The URL keys of the filters besides the period, as the API names them. */
export const REPORT_FILTER_KEYS = [
  "organizationId",
  "productId",
  "planId",
  "priority",
  "channel",
  "specialistId",
] as const;
export type ReportFilterKey = (typeof REPORT_FILTER_KEYS)[number];

const isPreset = (value: string | null): value is PeriodPreset =>
  (PERIOD_PRESETS as readonly (string | null)[]).includes(value);

/** The first day of the month `months` before the month of `date` (0: its own month). */
const monthStart = (date: string, monthsBack = 0) => {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 - monthsBack;
  return new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
};

/** A preset's dates, both ends included, reckoned from today in Mexico City. */
export const presetPeriod = (preset: Exclude<PeriodPreset, "custom">, today: string) => {
  switch (preset) {
    case "thisMonth":
      return { from: monthStart(today), to: today };
    case "lastMonth":
      return { from: monthStart(today, 1), to: addDays(monthStart(today), -1) };
    case "last3Months":
      return { from: monthStart(today, 2), to: today };
    case "last12Months":
      return { from: monthStart(today, 11), to: today };
    case "thisYear":
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
};

/** What is wrong with a custom period, checked before asking (the server says the same). */
export type PeriodProblem = "fromInvalid" | "toInvalid" | "reversed" | null;

/**
 * The reports' filters, kept in the URL (`?period=lastMonth&priority=P1`, or `?period=custom&from=…&to=…`),
 * so that a filtered report survives a reload and can be sent to someone. Like `useUrlFilters`, a value
 * equal to its default is left out of the address.
 */
export const useReportFilters = ({ customer = false }: { customer?: boolean } = {}) => {
  const [params, setParams] = useSearchParams();
  // a customer's reports are their own organization's: staff-only filters in a shared address are ignored
  const staffOnly = (key: "organizationId" | "planId" | "specialistId") =>
    customer ? "" : (params.get(key) ?? "");
  const rawPeriod = params.get("period");
  const rawFrom = params.get("from") ?? "";
  const rawTo = params.get("to") ?? "";
  // an address with dates and no preset is a custom period
  const period: PeriodPreset = isPreset(rawPeriod) ? rawPeriod : rawFrom || rawTo ? "custom" : DEFAULT_PERIOD;
  const organizationId = staffOnly("organizationId");
  const productId = params.get("productId") ?? "";
  const planId = staffOnly("planId");
  const priority = PRIORITY_VALUES.find((value) => value === params.get("priority")) ?? null;
  const channel = CHANNEL_VALUES.find((value) => value === params.get("channel")) ?? null;
  const specialistId = staffOnly("specialistId");
  const today = todayLocalDate();

  const { query, problem } = useMemo(() => {
    let from: string;
    let to: string;
    let problem: PeriodProblem = null;
    if (period === "custom") {
      from = rawFrom;
      to = rawTo;
      if (!isLocalDate(from)) problem = "fromInvalid";
      else if (!isLocalDate(to)) problem = "toInvalid";
      else if (to < from) problem = "reversed";
    } else {
      ({ from, to } = presetPeriod(period, today));
    }
    const query: ReportQuery = { from, to };
    if (organizationId) query.organizationId = organizationId;
    if (productId) query.productId = productId;
    if (planId) query.planId = planId;
    if (priority) query.priority = priority;
    if (channel) query.channel = channel;
    if (specialistId) query.specialistId = specialistId;
    return { query, problem };
  }, [period, rawFrom, rawTo, today, organizationId, productId, planId, priority, channel, specialistId]);

  const update = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    change(next);
    setParams(next, { replace: true });
  };

  /** A filter besides the period; empty removes it. */
  const setFilter = (key: ReportFilterKey, value: string | null) =>
    update((next) => {
      if (value) next.set(key, value);
      else next.delete(key);
    });

  const setPeriod = (value: string | null) => {
    if (!isPreset(value)) return;
    update((next) => {
      if (value === "custom") {
        // a custom period starts from the dates on screen
        next.set("period", "custom");
        next.set("from", query.from);
        next.set("to", query.to);
        return;
      }
      if (value === DEFAULT_PERIOD) next.delete("period");
      else next.set("period", value);
      next.delete("from");
      next.delete("to");
    });
  };

  const setDate = (key: "from" | "to", value: string) =>
    update((next) => {
      next.set("period", "custom");
      if (value) next.set(key, value);
      else next.delete(key);
    });

  const values = { organizationId, productId, planId, priority, channel, specialistId };
  const anyFilter = REPORT_FILTER_KEYS.some((key) => values[key]) || period !== DEFAULT_PERIOD;

  /** Back to the default period without filters (the open report stays). */
  const clear = () =>
    update((next) => {
      for (const key of [...REPORT_FILTER_KEYS, "period", "from", "to"]) next.delete(key);
    });

  return { period, rawFrom, rawTo, values, query, problem, setFilter, setPeriod, setDate, anyFilter, clear };
};

export type ReportFilters = ReturnType<typeof useReportFilters>;
