import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifySchema,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { z } from "zod";
import type { Actor } from "./actor";
import { problemResponses } from "./openapi";
import { PreSerialized } from "./response-serializer";

/** The app a feature's routes plugin is given. */
export type RouteApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

type Output<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

type RouteSpec<Response, Params, Query, Body> = {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  /** The OpenAPI tags and security of the route's feature. */
  tags: { tags: string[]; security: { [scheme: string]: string[] }[] };
  summary?: string;
  params?: Params;
  querystring?: Query;
  body?: Body;
  /** The success status; 200 unless given (204 answers no body: `response` is `z.null()`). */
  status?: 200 | 201 | 204;
  response: Response;
  /** Problems beyond the common ones (413, 415, 422…), for the OpenAPI document. */
  problems?: Record<number, z.ZodType>;
};

/**
 * One endpoint, declared: its schemas (validated at the boundary, and its OpenAPI entry) and the service
 * call that answers it with the caller from the auth plugin. Routes with their own needs (uploads,
 * downloads, session cookies, an answer whose status depends on the outcome) use Fastify directly.
 */
export const route = <
  Response extends z.ZodType,
  Params extends z.ZodType | undefined = undefined,
  Query extends z.ZodType | undefined = undefined,
  Body extends z.ZodType | undefined = undefined,
>(
  app: RouteApp,
  spec: RouteSpec<Response, Params, Query, Body>,
  handle: (request: {
    actor: Actor | null;
    params: Output<Params>;
    query: Output<Query>;
    body: Output<Body>;
  }) => Promise<z.input<Response> | PreSerialized>,
) =>
  app.route({
    method: spec.method.toUpperCase() as "GET",
    url: spec.path,
    // generic schemas are beyond Fastify's inference: `handle` is typed by the spec's schemas instead
    schema: {
      ...spec.tags,
      ...(spec.summary ? { summary: spec.summary } : {}),
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.querystring ? { querystring: spec.querystring } : {}),
      ...(spec.body ? { body: spec.body } : {}),
      response: { [spec.status ?? 200]: spec.response, ...problemResponses, ...spec.problems },
    } as FastifySchema,
    handler: async (request, reply) => {
      const result = await handle({
        actor: request.actor,
        params: request.params as Output<Params>,
        query: request.query as Output<Query>,
        body: request.body as Output<Body>,
      });
      if (result instanceof PreSerialized)
        return reply
          .status(spec.status ?? 200)
          .type("application/json; charset=utf-8")
          .send(result.json);
      return spec.status ? reply.status(spec.status).send(spec.status === 204 ? null : result) : result;
    },
  });

/**
 * A cursor-paginated list endpoint: `GET path` with its filters in `querystring` (limit and cursor
 * included, see `paginationQuerySchema`), answering `page` — `pageOf(item)`, or a page with extras.
 */
export const listRoute = <
  Page extends z.ZodType<{ items: unknown[]; nextCursor: string | null }, unknown>,
  Query extends z.ZodType<{ limit: number; cursor?: string | undefined }, unknown>,
  Params extends z.ZodType | undefined = undefined,
>(
  app: RouteApp,
  path: string,
  spec: Omit<
    RouteSpec<Page, Params, Query, undefined>,
    "method" | "path" | "response" | "body" | "status"
  > & {
    querystring: Query;
    page: Page;
  },
  list: (request: {
    actor: Actor | null;
    query: z.output<Query>;
    params: Output<Params>;
  }) => Promise<z.input<Page> | PreSerialized>,
) => {
  const { page, ...rest } = spec;
  return route<Page, Params, Query>(app, { ...rest, method: "get", path, response: page }, (request) =>
    list({ actor: request.actor, query: request.query as z.output<Query>, params: request.params }),
  );
};
