import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  calendarCreateSchema,
  calendarDateParamsSchema,
  calendarFileSchema,
  calendarIdParamsSchema,
  calendarListSchema,
  calendarSchema,
  calendarUpdateSchema,
  calendarYearQuerySchema,
  calendarYearSchema,
} from "../../../api/calendars";
import { problemResponses, SECURED } from "../../platform/openapi";
import { route } from "../../platform/route";
import type { CalendarsService } from "./calendars.service";

export const calendarsRoutes =
  (service: CalendarsService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = { tags: ["calendars"], security: SECURED };
    const params = calendarIdParamsSchema;
    route(
      app,
      {
        method: "get",
        path: "/calendars",
        tags,
        summary: "Business calendars",
        response: calendarListSchema,
      },
      ({ actor }) => service.listCalendars(actor),
    );
    route(
      app,
      {
        method: "post",
        path: "/calendars",
        tags,
        summary: "Create (or import) a calendar from the SPEC §5 file format with an id",
        body: calendarCreateSchema,
        status: 201,
        response: calendarSchema,
      },
      ({ actor, body }) => service.createCalendar(actor, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/calendars/:id",
        tags,
        summary: "One calendar",
        params,
        response: calendarSchema,
      },
      ({ actor, params }) => service.getCalendar(actor, params.id),
    );
    route(
      app,
      {
        method: "put",
        path: "/calendars/:id",
        tags,
        summary:
          "Replace (or import over) a calendar; running cases on it get their due times and timers recomputed",
        params,
        body: calendarUpdateSchema,
        response: calendarSchema,
      },
      ({ actor, params, body }) => service.updateCalendar(actor, params.id, body),
    );
    route(
      app,
      {
        method: "delete",
        path: "/calendars/:id",
        tags,
        summary: "Delete a calendar no plan, contract or running case counts on",
        params,
        status: 204,
        response: z.null(),
      },
      async ({ actor, params }) => {
        await service.deleteCalendar(actor, params.id);
        return null;
      },
    );
    route(
      app,
      {
        method: "get",
        path: "/calendars/:id/year",
        tags,
        summary: "The holidays of a year with the rules that make them, and rule-made dates removed",
        params,
        querystring: calendarYearQuerySchema,
        response: calendarYearSchema,
      },
      ({ actor, params, query }) => service.yearOf(actor, params.id, query.year),
    );
    route(
      app,
      {
        method: "put",
        path: "/calendars/:id/holidays/:date",
        tags,
        summary: "Make a date a holiday (or restore a removed rule-made one)",
        params: calendarDateParamsSchema,
        response: calendarSchema,
      },
      ({ actor, params }) => service.addHoliday(actor, params.id, params.date),
    );
    route(
      app,
      {
        method: "delete",
        path: "/calendars/:id/holidays/:date",
        tags,
        summary: "Make a holiday a working day (an added date is dropped, a rule-made one is removed)",
        params: calendarDateParamsSchema,
        response: calendarSchema,
      },
      ({ actor, params }) => service.removeHoliday(actor, params.id, params.date),
    );
    app.get(
      "/calendars/:id/export",
      {
        schema: {
          ...tags,
          summary: "The calendar as a SPEC §5 file (what `soporte sla --calendar` reads)",
          params,
          response: { 200: calendarFileSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const file = await service.exportCalendar(request.actor, request.params.id);
        reply.header("content-disposition", `attachment; filename="${request.params.id}.json"`);
        return file as z.input<typeof calendarFileSchema>;
      },
    );
  };
