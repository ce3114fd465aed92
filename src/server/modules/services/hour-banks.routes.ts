import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParamsSchema, pageOf, paginationQuerySchema } from "../../../api/common";
import {
  hourBankAlertSchema,
  hourEntrySchema,
  hourPackageDetailSchema,
  hourPackageSchema,
  listHourEntriesQuerySchema,
  listHourPackagesQuerySchema,
  logHourEntryBodySchema,
  sellHourPackageBodySchema,
} from "../../../api/hour-banks";
import { SECURED } from "../../platform/openapi";
import { listRoute, route } from "../../platform/route";
import type { HourBanksService } from "./hour-banks.service";

/** Consulting-hour banks: packages, their balance, time entries and the alerts sent. */
export const hourBanksRoutes =
  (hourBanks: HourBanksService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = { tags: ["hour banks"], security: SECURED };

    listRoute(
      app,
      "/hour-banks/packages",
      {
        tags,
        summary:
          "Consulting-hour packages with their balance, latest expiry first; a customer's are their own organization's",
        querystring: listHourPackagesQuerySchema,
        page: pageOf(hourPackageSchema),
      },
      ({ actor, query }) => hourBanks.listPackages(actor, query),
    );
    route(
      app,
      {
        method: "post",
        path: "/hour-banks/packages",
        tags,
        summary:
          "Sell a package (at least 80 hours, valid one year) to an organization with a contract current on the purchase date",
        body: sellHourPackageBodySchema,
        status: 201,
        response: hourPackageDetailSchema,
      },
      ({ actor, body }) => hourBanks.sellPackage(actor, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/hour-banks/packages/:id",
        tags,
        summary: "A package with its balance and the alerts sent about it",
        params: idParamsSchema,
        response: hourPackageDetailSchema,
      },
      ({ actor, params }) => hourBanks.getPackage(actor, params.id),
    );
    listRoute(
      app,
      "/hour-banks/packages/:id/entries",
      {
        tags,
        summary: "The time entries that took hours from a package, newest work first",
        params: idParamsSchema,
        querystring: paginationQuerySchema,
        page: pageOf(hourEntrySchema),
      },
      ({ actor, params, query }) => hourBanks.listPackageEntries(actor, params.id, query),
    );
    route(
      app,
      {
        method: "get",
        path: "/hour-banks/packages/:id/alerts",
        tags,
        summary:
          "The alerts mailed about a package: low balance, 30 days before expiry, expired with hours left",
        params: idParamsSchema,
        response: z.object({ items: z.array(hourBankAlertSchema) }),
      },
      ({ actor, params }) => hourBanks.listAlerts(actor, params.id),
    );
    listRoute(
      app,
      "/hour-banks/entries",
      {
        tags,
        summary: "Time entries, newest work first; a customer's are their own organization's",
        querystring: listHourEntriesQuerySchema,
        page: pageOf(hourEntrySchema),
      },
      ({ actor, query }) => hourBanks.listEntries(actor, query),
    );
    route(
      app,
      {
        method: "post",
        path: "/hour-banks/entries",
        tags,
        summary:
          "Log a consultant's time (quarter hours, at most 24) against the organization's packages, the one that expires first first; beyond the balance or after expiry only a manager, with overrideReason",
        body: logHourEntryBodySchema,
        status: 201,
        response: hourEntrySchema,
      },
      ({ actor, body }) => hourBanks.logEntry(actor, body),
    );
  };
