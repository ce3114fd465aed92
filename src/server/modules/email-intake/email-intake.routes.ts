import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParamsSchema, idSchema } from "../../../api/common";
import {
  imapTestResultSchema,
  inboundMailSchema,
  inboundPageSchema,
  listInboundQuerySchema,
  mailSettingsSchema,
  mailSettingsViewSchema,
  originalHeadersSchema,
} from "../../../api/email";
import { SECURED } from "../../platform/openapi";
import { listRoute, route } from "../../platform/route";
import type { EmailIntakeService } from "./email-intake.service";

export const emailIntakeRoutes =
  (service: EmailIntakeService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = { tags: ["email"], security: SECURED };
    listRoute(
      app,
      "/inbound-mail",
      {
        tags,
        summary: "Incoming mail; by default what needs attention (under review or failed)",
        querystring: listInboundQuerySchema,
        page: inboundPageSchema,
      },
      ({ actor, query }) => service.list(actor, query),
    );
    route(
      app,
      {
        method: "get",
        path: "/inbound-mail/:id",
        tags,
        summary: "One incoming message with its raw source (as text) and inert HTML",
        params: idParamsSchema,
        response: inboundMailSchema,
      },
      ({ actor, params }) => service.get(actor, params.id),
    );
    route(
      app,
      {
        method: "post",
        path: "/inbound-mail/:id/retry",
        tags,
        summary: "Process a failed or reviewed message again",
        params: idParamsSchema,
        response: z.object({ id: idSchema, outcome: z.string().nullable() }),
      },
      ({ actor, params }) => service.retry(actor, params.id),
    );
    route(
      app,
      {
        method: "post",
        path: "/inbound-mail/:id/dismiss",
        tags,
        summary: "Close a message under review without a case",
        params: idParamsSchema,
        response: z.object({ id: idSchema, status: z.literal("ignored") }),
      },
      ({ actor, params }) => service.dismiss(actor, params.id),
    );
    route(
      app,
      {
        method: "get",
        path: "/cases/:id/emails/:mailId/headers",
        tags,
        summary: "The original headers of a message that became part of the case (staff)",
        params: z.strictObject({ id: idSchema, mailId: idSchema }),
        response: originalHeadersSchema,
      },
      ({ actor, params }) => service.originalHeaders(actor, params.id, params.mailId),
    );
    route(
      app,
      {
        method: "get",
        path: "/settings/mail",
        tags,
        response: mailSettingsViewSchema,
      },
      ({ actor }) => service.getSettings(actor),
    );
    route(
      app,
      {
        method: "put",
        path: "/settings/mail",
        tags,
        summary: "Mail settings; the IMAP password is write-only (omit it to keep the stored one)",
        body: mailSettingsSchema,
        response: mailSettingsViewSchema,
      },
      ({ actor, body }) => service.updateSettings(actor, body),
    );
    route(
      app,
      {
        method: "post",
        path: "/settings/mail/imap-test",
        tags,
        summary: "Try the stored IMAP account: sign in and open the mailbox",
        response: imapTestResultSchema,
      },
      ({ actor }) => service.testImap(actor),
    );
  };
