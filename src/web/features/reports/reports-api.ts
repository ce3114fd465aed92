import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type {
  BacklogAgeBucket,
  BacklogReport,
  ComplianceCounts,
  ComplianceOutcome,
  ComplianceReport,
  ContractsReport,
  EscalationsReport,
  HourBanksReport,
  ReportName,
  ReportQuery,
  ResponseTimeBucket,
  ResponseTimesReport,
} from "../../../api/reports";
import { api, buildUrl } from "../../app/api-client";
import type { CsvSeparator } from "../../components/csv-menu";

export type {
  BacklogReport,
  ComplianceCounts,
  ComplianceOutcome,
  ComplianceReport,
  ContractsReport,
  EscalationsReport,
  HourBanksReport,
  ReportName,
  ReportQuery,
  ResponseTimesReport,
};

/*
 * The API's lists as values, declared here (checked against its types): importing its arrays would pull
 * the server's domain modules into the browser bundle.
 */
export const REPORT_NAME_VALUES = [
  "compliance",
  "response-times",
  "backlog",
  "escalations",
  "hour-banks",
  "contracts",
] as const satisfies readonly ReportName[];

/** What a customer contact may read: their own organization's service level. */
export const CUSTOMER_REPORTS = ["compliance", "response-times"] as const satisfies readonly ReportName[];

export const COMPLIANCE_OUTCOME_VALUES = [
  "met",
  "breached",
  "openOnTime",
  "openBreached",
] as const satisfies readonly ComplianceOutcome[];

export const RESPONSE_TIME_BUCKET_VALUES = [
  "under1h",
  "1to4h",
  "4to8h",
  "8to24h",
  "24to42h",
  "over42h",
] as const satisfies readonly ResponseTimeBucket[];

export const BACKLOG_AGE_BUCKET_VALUES = [
  "0-1",
  "2-5",
  "6-10",
  "11-20",
  "21+",
] as const satisfies readonly BacklogAgeBucket[];

type ReportData = {
  compliance: ComplianceReport;
  "response-times": ResponseTimesReport;
  backlog: BacklogReport;
  escalations: EscalationsReport;
  "hour-banks": HourBanksReport;
  contracts: ContractsReport;
};

/** One report for the filters; the previous figures stay on screen while new ones load. */
export const useReport = <N extends ReportName>(name: N, query: ReportQuery, enabled = true) =>
  useQuery({
    queryKey: ["/reports", name, query],
    queryFn: ({ signal }) => api.get<ReportData[N]>(`/reports/${name}`, { ...query }, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    enabled,
  });

/** The CSV of a report with the same filters (the session cookie goes along with a plain link). */
export const reportCsvUrl = (name: ReportName, query: ReportQuery, separator: CsvSeparator) =>
  buildUrl(`/reports/${name}.csv`, { ...query, separator });
