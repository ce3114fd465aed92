import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParamsSchema, pageOf } from "../../../api/common";
import {
  createWebhookBodySchema,
  rotateWebhookSecretBodySchema,
  updateWebhookBodySchema,
  webhookDeliveriesQuerySchema,
  webhookDeliveryParamsSchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
} from "../../../api/webhooks";
import { SECURED } from "../../platform/openapi";
import { listRoute, route } from "../../platform/route";
import type { WebhooksService } from "./webhooks.service";

export const webhooksRoutes =
  (service: WebhooksService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = { tags: ["webhooks"], security: SECURED };
    route(
      app,
      {
        method: "get",
        path: "/webhooks",
        tags,
        summary: "Webhook endpoints (admins); the events and payloads are in this document's `webhooks`",
        response: z.object({ items: z.array(webhookEndpointSchema) }),
      },
      async ({ actor }) => ({ items: await service.list(actor) }),
    );
    route(
      app,
      {
        method: "post",
        path: "/webhooks",
        tags,
        summary:
          "Register an endpoint (https; an organization's endpoint gets only its events); the signing secret is shown once",
        body: createWebhookBodySchema,
        status: 201,
        response: webhookEndpointWithSecretSchema,
      },
      ({ actor, body }) => service.create(actor, body),
    );
    route(
      app,
      { method: "get", path: "/webhooks/:id", tags, params: idParamsSchema, response: webhookEndpointSchema },
      ({ actor, params }) => service.get(actor, params.id),
    );
    route(
      app,
      {
        method: "patch",
        path: "/webhooks/:id",
        tags,
        summary: "Change the URL, events or description; turn it off or on again (pending events are kept)",
        params: idParamsSchema,
        body: updateWebhookBodySchema,
        response: webhookEndpointSchema,
      },
      ({ actor, params, body }) => service.update(actor, params.id, body),
    );
    route(
      app,
      {
        method: "delete",
        path: "/webhooks/:id",
        tags,
        summary: "Delete an endpoint with its deliveries and their log",
        params: idParamsSchema,
        status: 204,
        response: z.null(),
      },
      ({ actor, params }) => service.remove(actor, params.id),
    );
    route(
      app,
      {
        method: "post",
        path: "/webhooks/:id/secret",
        tags,
        summary: "A new signing secret (shown once); the old one signs too during the overlap",
        params: idParamsSchema,
        body: rotateWebhookSecretBodySchema,
        response: webhookEndpointWithSecretSchema,
      },
      ({ actor, params, body }) => service.rotateSecret(actor, params.id, body),
    );
    listRoute(
      app,
      "/webhooks/:id/deliveries",
      {
        tags,
        summary: "The delivery log, newest first, with each delivery's latest attempts",
        params: idParamsSchema,
        querystring: webhookDeliveriesQuerySchema,
        page: pageOf(webhookDeliverySchema),
      },
      ({ actor, params, query }) => service.deliveries(actor, params.id, query),
    );
    route(
      app,
      {
        method: "post",
        path: "/webhooks/:id/deliveries/:deliveryId/redeliver",
        tags,
        summary: "Send a delivery again now, with the same webhook-id",
        params: webhookDeliveryParamsSchema,
        response: webhookDeliverySchema,
      },
      ({ actor, params }) => service.redeliver(actor, params.id, params.deliveryId),
    );
  };
