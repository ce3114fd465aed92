import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { idParamsSchema } from "../../../api/common";
import {
  devMailListSchema,
  devMailParamsSchema,
  devMailSchema,
  listNotificationsQuerySchema,
  listOutboxQuerySchema,
  markReadBodySchema,
  markReadResultSchema,
  notificationPageSchema,
  notificationPreferencesSchema,
  outboxMessageSchema,
  outboxPageSchema,
  unreadCountSchema,
} from "../../../api/notifications";
import { listRoute } from "../../platform/list-route";
import { problemResponses, SECURED } from "../../platform/openapi";
import type { DevMailService } from "./dev-mail.service";
import type { NotificationsService } from "./notifications.service";
import type { OutboxService } from "./outbox.service";

export const notificationsRoutes =
  (services: {
    notifications: NotificationsService;
    outbox: OutboxService;
    devMail: DevMailService;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = { tags: ["notifications"], security: SECURED };
    const { notifications, outbox, devMail } = services;

    listRoute(
      app,
      "/notifications",
      {
        tags,
        summary: "The signed-in person's notifications, newest first, with the unread count",
        querystring: listNotificationsQuerySchema,
        page: notificationPageSchema,
      },
      ({ actor, query }) => notifications.listMine(actor, query),
    );
    app.get(
      "/notifications/unread-count",
      { schema: { ...tags, response: { 200: unreadCountSchema, ...problemResponses } } },
      (request) => notifications.unreadCount(request.actor),
    );
    app.post(
      "/notifications/read",
      {
        schema: {
          ...tags,
          summary: "Mark some (ids) or all of the signed-in person's notifications read",
          body: markReadBodySchema,
          response: { 200: markReadResultSchema, ...problemResponses },
        },
      },
      (request) => notifications.markRead(request.actor, request.body),
    );
    app.get(
      "/notification-preferences",
      { schema: { ...tags, response: { 200: notificationPreferencesSchema, ...problemResponses } } },
      (request) => notifications.getPreferences(request.actor),
    );
    app.put(
      "/notification-preferences",
      {
        schema: {
          ...tags,
          body: notificationPreferencesSchema,
          response: { 200: notificationPreferencesSchema, ...problemResponses },
        },
      },
      (request) => notifications.savePreferences(request.actor, request.body),
    );
    listRoute(
      app,
      "/outbox",
      {
        tags,
        summary: "Outgoing mail: pending, failed and sent, with counts by status (admins)",
        querystring: listOutboxQuerySchema,
        page: outboxPageSchema,
      },
      ({ actor, query }) => outbox.list(actor, query),
    );
    app.post(
      "/outbox/:id/retry",
      {
        schema: {
          ...tags,
          summary: "Send a failed or waiting message again now",
          params: idParamsSchema,
          response: { 200: outboxMessageSchema.pick({ id: true, status: true }), ...problemResponses },
        },
      },
      (request) => outbox.retry(request.actor, request.params.id),
    );
    app.get(
      "/dev-mail",
      {
        schema: {
          ...tags,
          summary: "Mail captured by the development sink (only when SMTP_URL is unset)",
          response: { 200: devMailListSchema, ...problemResponses },
        },
      },
      (request) => devMail.list(request.actor),
    );
    app.get(
      "/dev-mail/:id",
      {
        schema: {
          ...tags,
          params: devMailParamsSchema,
          response: { 200: devMailSchema, ...problemResponses },
        },
      },
      (request) => devMail.get(request.actor, request.params.id),
    );
  };
