import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { idParamsSchema, pageOf } from "../../../api/common";
import {
  createStaffUserBodySchema,
  listStaffUsersQuerySchema,
  staffUserSchema,
  updateStaffUserBodySchema,
} from "../../../api/users";
import { listRoute } from "../../platform/list-route";
import { problemResponses, SECURED } from "../../platform/openapi";
import type { UsersService } from "./users.service";

export const usersRoutes =
  (service: UsersService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = { tags: ["users"], security: SECURED };
    listRoute(
      app,
      "/users",
      {
        tags,
        summary: "Staff users",
        querystring: listStaffUsersQuerySchema,
        page: pageOf(staffUserSchema),
      },
      ({ actor, query }) => service.listStaffUsers(actor, query),
    );
    app.post(
      "/users",
      {
        schema: {
          ...tags,
          body: createStaffUserBodySchema,
          response: { 201: staffUserSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createStaffUser(request.actor, request.body)),
    );
    app.get(
      "/users/:id",
      {
        schema: { ...tags, params: idParamsSchema, response: { 200: staffUserSchema, ...problemResponses } },
      },
      (request) => service.getStaffUser(request.actor, request.params.id),
    );
    app.patch(
      "/users/:id",
      {
        schema: {
          ...tags,
          params: idParamsSchema,
          body: updateStaffUserBodySchema,
          response: { 200: staffUserSchema, ...problemResponses },
        },
      },
      (request) => service.updateStaffUser(request.actor, request.params.id, request.body),
    );
  };
