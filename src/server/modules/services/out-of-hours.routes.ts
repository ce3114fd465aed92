import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { idParamsSchema } from "../../../api/common";
import {
  bookOutOfHoursBodySchema,
  listOutOfHoursQuerySchema,
  outOfHoursOverviewQuerySchema,
  outOfHoursOverviewSchema,
  outOfHoursQuotaSchema,
  outOfHoursReasonBodySchema,
  outOfHoursSettingsSchema,
  outOfHoursWindowPageSchema,
  outOfHoursWindowSchema,
  updateOutOfHoursSettingsBodySchema,
} from "../../../api/out-of-hours";
import { SECURED } from "../../platform/openapi";
import { listRoute, route } from "../../platform/route";
import type { OutOfHoursService } from "./out-of-hours.service";

/** Out-of-hours days: the windows, their decisions, a contract's days and the setting of the notice. */
export const outOfHoursRoutes =
  (outOfHours: OutOfHoursService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = { tags: ["out-of-hours days"], security: SECURED };

    listRoute(
      app,
      "/out-of-hours/windows",
      {
        tags,
        summary:
          "Out-of-hours windows, newest first (or, with upcoming=true, those not ended, soonest first); a customer contact sees their organization's",
        querystring: listOutOfHoursQuerySchema,
        page: outOfHoursWindowPageSchema,
      },
      ({ actor, query }) => outOfHours.listWindows(actor, query),
    );
    route(
      app,
      {
        method: "post",
        path: "/out-of-hours/windows",
        tags,
        summary:
          "Book an out-of-hours window (wall-clock times of the organization's business calendar): up to 24 hours, at least the notice in business days ahead, within the contract year's days",
        body: bookOutOfHoursBodySchema,
        status: 201,
        response: outOfHoursWindowSchema,
      },
      ({ actor, body }) => outOfHours.bookWindow(actor, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/out-of-hours/windows/:id",
        tags,
        params: idParamsSchema,
        response: outOfHoursWindowSchema,
      },
      ({ actor, params }) => outOfHours.getWindow(actor, params.id),
    );
    route(
      app,
      {
        method: "post",
        path: "/out-of-hours/windows/:id/confirm",
        tags,
        summary: "Confirm a requested window: the organization's cases registered inside it run 24×7",
        params: idParamsSchema,
        response: outOfHoursWindowSchema,
      },
      ({ actor, params }) => outOfHours.confirmWindow(actor, params.id),
    );
    route(
      app,
      {
        method: "post",
        path: "/out-of-hours/windows/:id/decline",
        tags,
        summary: "Decline a requested window; the day is not taken",
        params: idParamsSchema,
        body: outOfHoursReasonBodySchema,
        response: outOfHoursWindowSchema,
      },
      ({ actor, params, body }) => outOfHours.declineWindow(actor, params.id, body),
    );
    route(
      app,
      {
        method: "post",
        path: "/out-of-hours/windows/:id/cancel",
        tags,
        summary:
          "Cancel a window before it starts; more than the notice in business days ahead gives the day back",
        params: idParamsSchema,
        body: outOfHoursReasonBodySchema,
        response: outOfHoursWindowSchema,
      },
      ({ actor, params, body }) => outOfHours.cancelWindow(actor, params.id, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/out-of-hours/overview",
        tags,
        summary:
          "What booking needs: the organization's business calendar, the notice, the earliest date, and its current contracts' days left",
        querystring: outOfHoursOverviewQuerySchema,
        response: outOfHoursOverviewSchema,
      },
      ({ actor, query }) => outOfHours.overview(actor, query.organizationId),
    );
    route(
      app,
      {
        method: "get",
        path: "/contracts/:id/out-of-hours",
        tags,
        summary: "A contract's out-of-hours days, used and left, per contract year",
        params: idParamsSchema,
        response: outOfHoursQuotaSchema,
      },
      ({ actor, params }) => outOfHours.contractQuota(actor, params.id),
    );
    route(
      app,
      {
        method: "get",
        path: "/settings/out-of-hours",
        tags,
        response: outOfHoursSettingsSchema,
      },
      ({ actor }) => outOfHours.getSettings(actor),
    );
    route(
      app,
      {
        method: "patch",
        path: "/settings/out-of-hours",
        tags,
        body: updateOutOfHoursSettingsBodySchema,
        response: outOfHoursSettingsSchema,
      },
      ({ actor, body }) => outOfHours.updateSettings(actor, body),
    );
  };
