import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  apiTokenSchema,
  changePasswordBodySchema,
  createApiTokenBodySchema,
  createdApiTokenSchema,
  loginBodySchema,
  sessionResponseSchema,
} from "../../../api/auth";
import { idParamsSchema } from "../../../api/common";
import { problemSchema } from "../../../api/errors";
import type { Actor } from "../../platform/actor";
import { AppError } from "../../platform/errors";
import { problemResponses, SECURED } from "../../platform/openapi";
import { route } from "../../platform/route";
import { type AuthService, SESSION_COOKIE, toCurrentUser } from "./auth.service";

const signedIn = (actor: Actor | null): Actor => {
  if (!actor) throw new AppError("unauthenticated", { reason: "sign_in_required" });
  return actor;
};

export const authRoutes =
  (service: AuthService, options: { secureCookies: boolean }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/auth/login",
      {
        schema: {
          tags: ["auth"],
          summary: "Sign in with email and password; sets the session cookie",
          body: loginBodySchema,
          response: {
            200: sessionResponseSchema,
            400: problemSchema,
            401: problemSchema,
            429: problemSchema,
          },
        },
        config: { csrf: false, rateLimit: { max: 30, timeWindow: "1 minute" } },
      },
      async (request, reply) => {
        const result = await service.login({
          ...request.body,
          ip: request.ip,
          userAgent: request.headers["user-agent"] ?? null,
        });
        reply.setCookie(SESSION_COOKIE, result.token, {
          httpOnly: true,
          sameSite: "lax",
          secure: options.secureCookies,
          path: "/",
          expires: result.expiresAt,
        });
        return result.session;
      },
    );

    app.get(
      "/auth/session",
      {
        schema: {
          tags: ["auth"],
          summary: "The signed-in user and the CSRF token for cookie-authenticated writes",
          security: SECURED,
          response: { 200: sessionResponseSchema, 401: problemSchema },
        },
      },
      async (request) => {
        const actor = signedIn(request.actor);
        return { user: toCurrentUser(actor), csrfToken: actor.csrfToken ?? "" };
      },
    );

    app.post(
      "/auth/logout",
      { schema: { tags: ["auth"], security: SECURED, response: { 204: z.null(), ...problemResponses } } },
      async (request, reply) => {
        await service.logout(signedIn(request.actor));
        reply.clearCookie(SESSION_COOKIE, { path: "/" });
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/auth/password",
      {
        schema: {
          tags: ["auth"],
          summary: "Change your password; signs out your other sessions",
          security: SECURED,
          body: changePasswordBodySchema,
          response: { 204: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        await service.changePassword(signedIn(request.actor), request.body);
        return reply.status(204).send(null);
      },
    );

    const tokenTags = { tags: ["auth"], security: SECURED };
    route(
      app,
      {
        method: "get",
        path: "/auth/tokens",
        tags: tokenTags,
        summary: "Your personal API tokens",
        response: z.object({ items: z.array(apiTokenSchema) }),
      },
      async ({ actor }) => ({ items: await service.listTokens(signedIn(actor)) }),
    );
    route(
      app,
      {
        method: "post",
        path: "/auth/tokens",
        tags: tokenTags,
        summary: "Create a personal API token (shown once) for Authorization: Bearer",
        body: createApiTokenBodySchema,
        status: 201,
        response: createdApiTokenSchema,
      },
      ({ actor, body }) => service.createToken(signedIn(actor), body),
    );
    route(
      app,
      {
        method: "delete",
        path: "/auth/tokens/:id",
        tags: tokenTags,
        summary: "Revoke one of your API tokens",
        params: idParamsSchema,
        status: 204,
        response: z.null(),
      },
      async ({ actor, params }) => {
        await service.revokeToken(signedIn(actor), params.id);
        return null;
      },
    );
  };
