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
import { listRoute } from "../../platform/list-route";
import { problemResponses, SECURED } from "../../platform/openapi";
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
    app.get(
      "/inbound-mail/:id",
      {
        schema: {
          ...tags,
          summary: "One incoming message with its raw source (as text) and inert HTML",
          params: idParamsSchema,
          response: { 200: inboundMailSchema, ...problemResponses },
        },
      },
      (request) => service.get(request.actor, request.params.id),
    );
    app.post(
      "/inbound-mail/:id/retry",
      {
        schema: {
          ...tags,
          summary: "Process a failed or reviewed message again",
          params: idParamsSchema,
          response: { 200: z.object({ id: idSchema, outcome: z.string().nullable() }), ...problemResponses },
        },
      },
      (request) => service.retry(request.actor, request.params.id),
    );
    app.post(
      "/inbound-mail/:id/dismiss",
      {
        schema: {
          ...tags,
          summary: "Close a message under review without a case",
          params: idParamsSchema,
          response: { 200: z.object({ id: idSchema, status: z.literal("ignored") }), ...problemResponses },
        },
      },
      (request) => service.dismiss(request.actor, request.params.id),
    );
    app.get(
      "/cases/:id/emails/:mailId/headers",
      {
        schema: {
          ...tags,
          summary: "The original headers of a message that became part of the case (staff)",
          params: z.strictObject({ id: idSchema, mailId: idSchema }),
          response: { 200: originalHeadersSchema, ...problemResponses },
        },
      },
      (request) => service.originalHeaders(request.actor, request.params.id, request.params.mailId),
    );
    app.get(
      "/settings/mail",
      { schema: { ...tags, response: { 200: mailSettingsViewSchema, ...problemResponses } } },
      (request) => service.getSettings(request.actor),
    );
    app.put(
      "/settings/mail",
      {
        schema: {
          ...tags,
          summary: "Mail settings; the IMAP password is write-only (omit it to keep the stored one)",
          body: mailSettingsSchema,
          response: { 200: mailSettingsViewSchema, ...problemResponses },
        },
      },
      (request) => service.updateSettings(request.actor, request.body),
    );
    app.post(
      "/settings/mail/imap-test",
      {
        schema: {
          ...tags,
          summary: "Try the stored IMAP account: sign in and open the mailbox",
          response: { 200: imapTestResultSchema, ...problemResponses },
        },
      },
      (request) => service.testImap(request.actor),
    );
  };
