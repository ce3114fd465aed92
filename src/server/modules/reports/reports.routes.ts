import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  backlogReportSchema,
  complianceReportSchema,
  contractsReportSchema,
  csvQuerySchema,
  escalationsReportSchema,
  hourBanksReportSchema,
  REPORT_NAMES,
  type ReportName,
  reportQuerySchema,
  responseTimesReportSchema,
} from "../../../api/reports";
import { csvDocument } from "../../platform/csv";
import { problemResponses, SECURED } from "../../platform/openapi";
import { route } from "../../platform/route";
import type { ReportsService } from "./reports.service";
import { reportTable } from "./reports-csv";

const REPORTS = {
  compliance: {
    schema: complianceReportSchema,
    summary:
      "Response-target compliance by priority, organization and month (each case once, on its final priority)",
  },
  "response-times": {
    schema: responseTimesReportSchema,
    summary: "First-response times in business hours of each case's calendar: median, p90, max, distribution",
  },
  backlog: { schema: backlogReportSchema, summary: "Open cases now, by status and by age in business days" },
  escalations: {
    schema: escalationsReportSchema,
    summary: "Warnings and escalations by level, organization and month",
  },
  "hour-banks": {
    schema: hourBanksReportSchema,
    summary: "Consulting hours sold, used and expired unused, by month",
  },
  contracts: {
    schema: contractsReportSchema,
    summary: "Contracts ending in 30/60/90 days; renewals won and lost by month",
  },
} as const satisfies Record<ReportName, { schema: z.ZodType; summary: string }>;

export const reportsRoutes =
  (service: ReportsService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = { tags: ["reports"], security: SECURED };
    const run = {
      compliance: service.compliance,
      "response-times": service.responseTimes,
      backlog: service.backlog,
      escalations: service.escalations,
      "hour-banks": service.hourBanks,
      contracts: service.contracts,
    } as const;
    for (const name of REPORT_NAMES) {
      const report = REPORTS[name];
      route(
        app,
        {
          method: "get",
          path: `/reports/${name}`,
          tags,
          summary: report.summary,
          querystring: reportQuerySchema,
          response: report.schema,
        },
        ({ actor, query }) => run[name](actor, query) as never,
      );
      app.get(
        `/reports/${name}.csv`,
        {
          schema: {
            ...tags,
            summary: `${report.summary} — as CSV (UTF-8 with BOM; separator=semicolon for Excel in es-MX)`,
            querystring: csvQuerySchema,
            produces: ["text/csv"],
            response: { 200: z.string().describe("text/csv"), ...problemResponses },
          },
        },
        async (request, reply) => {
          const { separator = "comma", ...query } = request.query;
          const result = await run[name](request.actor, query);
          const table = reportTable(name, result, request.actor!.preferredLanguage);
          return reply
            .type("text/csv; charset=utf-8")
            .header("content-disposition", `attachment; filename="${name}-${query.from}-${query.to}.csv"`)
            .send(csvDocument(table.header, table.rows, separator));
        },
      );
    }
  };
