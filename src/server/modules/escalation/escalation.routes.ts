import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { escalationSettingsSchema, escalationSettingsViewSchema } from "../../../api/notifications";
import { SECURED } from "../../platform/openapi";
import { route } from "../../platform/route";
import type { EscalationService } from "./escalation.service";

export const escalationRoutes =
  (service: EscalationService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = { tags: ["escalation"], security: SECURED };
    route(
      app,
      {
        method: "get",
        path: "/settings/escalation",
        tags,
        summary: "The escalation plans: the default and any per service plan and priority",
        response: escalationSettingsViewSchema,
      },
      ({ actor }) => service.getSettings(actor),
    );
    route(
      app,
      {
        method: "put",
        path: "/settings/escalation",
        tags,
        summary: "Replace the escalation plans; running cases are rescheduled on them",
        body: escalationSettingsSchema,
        response: escalationSettingsViewSchema,
      },
      ({ actor, body }) => service.updateSettings(actor, body),
    );
  };
