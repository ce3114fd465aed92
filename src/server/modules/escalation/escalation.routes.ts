import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { escalationSettingsSchema, escalationSettingsViewSchema } from "../../../api/notifications";
import { problemResponses, SECURED } from "../../platform/openapi";
import type { EscalationService } from "./escalation.service";

export const escalationRoutes =
  (service: EscalationService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = { tags: ["escalation"], security: SECURED };
    app.get(
      "/settings/escalation",
      {
        schema: {
          ...tags,
          summary: "The escalation plans: the default and any per service plan and priority",
          response: { 200: escalationSettingsViewSchema, ...problemResponses },
        },
      },
      (request) => service.getSettings(request.actor),
    );
    app.put(
      "/settings/escalation",
      {
        schema: {
          ...tags,
          summary: "Replace the escalation plans; running cases are rescheduled on them",
          body: escalationSettingsSchema,
          response: { 200: escalationSettingsViewSchema, ...problemResponses },
        },
      },
      (request) => service.updateSettings(request.actor, request.body),
    );
  };
