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
import { SECURED } from "../../platform/openapi";
import { listRoute, route } from "../../platform/route";
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
    route(
      app,
      {
        method: "get",
        path: "/notifications/unread-count",
        tags,
        response: unreadCountSchema,
      },
      ({ actor }) => notifications.unreadCount(actor),
    );
    route(
      app,
      {
        method: "post",
        path: "/notifications/read",
        tags,
        summary: "Mark some (ids) or all of the signed-in person's notifications read",
        body: markReadBodySchema,
        response: markReadResultSchema,
      },
      ({ actor, body }) => notifications.markRead(actor, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/notification-preferences",
        tags,
        response: notificationPreferencesSchema,
      },
      ({ actor }) => notifications.getPreferences(actor),
    );
    route(
      app,
      {
        method: "put",
        path: "/notification-preferences",
        tags,
        body: notificationPreferencesSchema,
        response: notificationPreferencesSchema,
      },
      ({ actor, body }) => notifications.savePreferences(actor, body),
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
    route(
      app,
      {
        method: "post",
        path: "/outbox/:id/retry",
        tags,
        summary: "Send a failed or waiting message again now",
        params: idParamsSchema,
        response: outboxMessageSchema.pick({ id: true, status: true }),
      },
      ({ actor, params }) => outbox.retry(actor, params.id),
    );
    route(
      app,
      {
        method: "get",
        path: "/dev-mail",
        tags,
        summary: "Mail captured by the development sink (only when SMTP_URL is unset)",
        response: devMailListSchema,
      },
      ({ actor }) => devMail.list(actor),
    );
    route(
      app,
      {
        method: "get",
        path: "/dev-mail/:id",
        tags,
        params: devMailParamsSchema,
        response: devMailSchema,
      },
      ({ actor, params }) => devMail.get(actor, params.id),
    );
  };
