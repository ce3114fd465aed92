import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { idParamsSchema, pageOf } from "../../../api/common";
import {
  createStsServiceBodySchema,
  currentStsQuerySchema,
  currentStsSchema,
  holdStsVisitBodySchema,
  listStsServicesQuerySchema,
  rescheduleStsVisitBodySchema,
  stsAgendaQuerySchema,
  stsServiceSchema,
  stsServiceSummarySchema,
  stsVisitDetailSchema,
  stsVisitSchema,
} from "../../../api/sts";
import { SECURED } from "../../platform/openapi";
import { listRoute, route } from "../../platform/route";
import type { StsServiceApi } from "./sts.service";

/** The on-site support engineer service: sales, the portal's view, the agenda and the visits. */
export const stsRoutes =
  (sts: StsServiceApi): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = { tags: ["on-site engineer (STS)"], security: SECURED };

    route(
      app,
      {
        method: "post",
        path: "/services/sts",
        tags,
        summary:
          "Sell an on-site engineer service to an organization with a current contract; schedules its reviews and tuning on business days",
        body: createStsServiceBodySchema,
        status: 201,
        response: stsServiceSchema,
      },
      ({ actor, body }) => sts.createService(actor, body),
    );
    listRoute(
      app,
      "/services/sts",
      {
        tags,
        summary: "On-site engineer services, newest first; customers see their organization's",
        querystring: listStsServicesQuerySchema,
        page: pageOf(stsServiceSummarySchema),
      },
      ({ actor, query }) => sts.listServices(actor, query),
    );
    route(
      app,
      {
        method: "get",
        path: "/services/sts/current",
        tags,
        summary:
          "An organization's service now (or the next one) with its engineer and next business review; a customer gets their own",
        querystring: currentStsQuerySchema,
        response: currentStsSchema,
      },
      ({ actor, query }) => sts.currentService(actor, query),
    );
    listRoute(
      app,
      "/services/sts/agenda",
      {
        tags,
        summary:
          "Visits by date: managers see all, other staff those of the services they are engineer or account executive of",
        querystring: stsAgendaQuerySchema,
        page: pageOf(stsVisitSchema),
      },
      ({ actor, query }) => sts.agenda(actor, query),
    );
    route(
      app,
      {
        method: "get",
        path: "/services/sts/:id",
        tags,
        summary: "A service with its visits and their reschedules",
        params: idParamsSchema,
        response: stsServiceSchema,
      },
      ({ actor, params }) => sts.getService(actor, params.id),
    );
    route(
      app,
      {
        method: "post",
        path: "/services/sts/visits/:id/hold",
        tags,
        summary: "Record a visit as held, with its minutes",
        params: idParamsSchema,
        body: holdStsVisitBodySchema,
        response: stsVisitDetailSchema,
      },
      ({ actor, params, body }) => sts.holdVisit(actor, params.id, body),
    );
    route(
      app,
      {
        method: "post",
        path: "/services/sts/visits/:id/reschedule",
        tags,
        summary:
          "Move a visit to another business day of the organization's calendar (a non-business day is refused with the next one suggested)",
        params: idParamsSchema,
        body: rescheduleStsVisitBodySchema,
        response: stsVisitDetailSchema,
      },
      ({ actor, params, body }) => sts.rescheduleVisit(actor, params.id, body),
    );
  };
