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

/** The app a feature's routes plugin is given. */
export type RouteApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

type Output<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

/**
 * A cursor-paginated list endpoint, declared rather than copied: `GET path` with its filters in
 * `querystring` (limit and cursor included, see `paginationQuerySchema`), answering `page` (`pageOf(item)`,
 * or a page schema with extras such as counts), and the service's list as the handler.
 */
export const listRoute = <
  Query extends z.ZodType<{ limit: number; cursor?: string | undefined }, unknown>,
  Page extends z.ZodType<{ items: unknown[]; nextCursor: string | null }, unknown>,
  Params extends z.ZodType | undefined = undefined,
>(
  app: RouteApp,
  path: string,
  options: {
    tags: { tags: string[]; security: { [scheme: string]: string[] }[] };
    summary?: string;
    params?: Params;
    querystring: Query;
    page: Page;
  },
  list: (request: {
    actor: Actor | null;
    query: z.output<Query>;
    params: Output<Params>;
  }) => Promise<z.input<Page>>,
) =>
  app.get(
    path,
    {
      // generic schemas are beyond Fastify's inference: `list` is typed by `querystring`, `params` and `page`
      schema: {
        ...options.tags,
        ...(options.summary ? { summary: options.summary } : {}),
        ...(options.params ? { params: options.params } : {}),
        querystring: options.querystring,
        response: { 200: options.page, ...problemResponses },
      } as FastifySchema,
    },
    (request) =>
      list({
        actor: request.actor,
        query: request.query as z.output<Query>,
        params: request.params as Output<Params>,
      }),
  );
