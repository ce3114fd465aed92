import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { idParamsSchema, pageOf } from "../../../api/common";
import {
  createStaffUserBodySchema,
  listStaffUsersQuerySchema,
  staffUserSchema,
  updateStaffUserBodySchema,
} from "../../../api/users";
import { SECURED } from "../../platform/openapi";
import { listRoute, route } from "../../platform/route";
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
    route(
      app,
      {
        method: "post",
        path: "/users",
        tags,
        body: createStaffUserBodySchema,
        status: 201,
        response: staffUserSchema,
      },
      ({ actor, body }) => service.createStaffUser(actor, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/users/:id",
        tags,
        params: idParamsSchema,
        response: staffUserSchema,
      },
      ({ actor, params }) => service.getStaffUser(actor, params.id),
    );
    route(
      app,
      {
        method: "patch",
        path: "/users/:id",
        tags,
        params: idParamsSchema,
        body: updateStaffUserBodySchema,
        response: staffUserSchema,
      },
      ({ actor, params, body }) => service.updateStaffUser(actor, params.id, body),
    );
  };
