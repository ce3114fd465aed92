import { existsSync } from "node:fs";
import path from "node:path";
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, {
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from "fastify";
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import helmet from "helmet";
import { MAX_ATTACHMENT_BYTES } from "../domain/cases/attachments";
import { webhookOpenApi } from "./modules/webhooks";
import type { Clock } from "./platform/clock";
import type { Config } from "./platform/config";
import type { Database } from "./platform/db";
import { checkCsrf, checkInput, checkTokenScope, installErrorHandling, sendProblem } from "./platform/http";
import { responseSerializer } from "./platform/response-serializer";
import { createServices, type Services } from "./services";

declare module "fastify" {
  interface FastifyContextConfig {
    /** false on the few routes that must accept a write without a session's CSRF token (sign-in). */
    csrf?: boolean;
  }
}

export type AppDeps = {
  config: Config;
  db: Database;
  clock: Clock;
  logger?: FastifyServerOptions["logger"];
  version?: string;
  /** PEM of a private CA for the IMAP server's certificate. */
  imapCa?: string | undefined;
  /** The built SPA (dist/web); tests point it elsewhere. */
  webRoot?: string;
  /** The process's services when its background workers use them too (one set of caches per process). */
  services?: Services;
};

export const API_PREFIX = "/api/v1";

const bearerOf = (header: string | undefined): string | undefined => {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
};

/** One log line per request, not Fastify's two ("incoming", "completed"): at thousands a second it is work too. */
class OneLinePerRequest extends LogController {
  override incomingRequest() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const line = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      ip: request.ip,
      responseTime: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...line, err: error }, "request errored");
    else reply.log.info(line, "request completed");
  }
}

/** The headers a request-independent middleware such as helmet's sets, captured by running it once. */
const staticHeadersOf = (
  middleware: (req: never, res: never, next: (error?: unknown) => void) => void,
): Record<string, string> => {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown;
  middleware({} as never, res as never, (error) => {
    failed = error;
  });
  if (failed) throw failed;
  return headers;
};

/** Builds the HTTP application; tests call it directly with `app.inject`. */
export const buildApp = async (deps: AppDeps) => {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: deps.config.trustProxy,
    requestIdHeader: "x-request-id",
    logController: new OneLinePerRequest(),
    // a path Fastify cannot route (a parameter over 100 characters, bad percent-encoding): a problem too
    frameworkErrors: (error, _request, reply) =>
      sendProblem(reply, "malformed_request", { detail: error.message }),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer({ check: deps.config.nodeEnv !== "production" }));
  installErrorHandling(app);

  // the security headers, computed once: they depend on no request, and running helmet's dozen
  // middlewares on each request was a twentieth of a kept case's cost
  const securityHeaders = staticHeadersOf(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // Mantine and Swagger UI set inline styles
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:"],
          scriptSrc: ["'self'"],
          connectSrc: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.addHook("onRequest", (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, {
    limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1_000 },
  });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Soporte API",
        version: deps.version ?? "0.1.0",
        description:
          "Support contracts, cases and service levels. Errors are RFC 9457 problem+json with a stable `code`.",
      },
      components: {
        securitySchemes: {
          sessionCookie: { type: "apiKey", in: "cookie", name: "soporte_session" },
          bearerToken: { type: "http", scheme: "bearer" },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  const services = deps.services ?? createServices(deps);

  await app.register(
    async (api) => {
      api.decorateRequest("actor", null);
      api.addHook("onRequest", async (request) => {
        request.actor = await services.auth.authenticate({
          sessionToken: request.cookies.soporte_session,
          bearerToken: bearerOf(request.headers.authorization),
        });
        // a read-only token's write is refused before its body is read
        checkTokenScope(request);
      });
      // before the schemas: no NUL in any field, no body nested past MAX_JSON_DEPTH
      api.addHook("preValidation", async (request) => checkInput(request));
      api.addHook("preHandler", async (request) => {
        if (request.routeOptions.config.csrf !== false) checkCsrf(request);
      });
      for (const routes of services.routes) await api.register(routes);
      // OpenAPI 3.1's `webhooks`: what we POST to registered endpoints, next to what we answer
      let document: object | undefined;
      api.get("/openapi.json", { schema: { hide: true } }, () => {
        document ??= { ...app.swagger(), webhooks: webhookOpenApi() };
        return document;
      });
      api.setNotFoundHandler((request, reply) =>
        sendProblem(reply, "not_found", { detail: `No route ${request.method} ${request.url}` }),
      );
    },
    { prefix: API_PREFIX },
  );
  await app.register(swaggerUi, { routePrefix: `${API_PREFIX}/docs`, staticCSP: true });

  const webRoot = deps.webRoot ?? deps.config.webDir;
  const hasWeb = existsSync(path.join(webRoot, "index.html"));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false });
  }
  // the SPA owns every other GET path (client-side routing)
  app.setNotFoundHandler((request, reply) => {
    // client-side routes have no file extension; a missing asset is a real 404
    const isPage = !request.url.startsWith("/api/") && !/\.[a-z0-9]+($|\?)/i.test(request.url);
    if (request.method === "GET" && hasWeb && isPage) {
      return reply.type("text/html").sendFile("index.html");
    }
    return sendProblem(reply, "not_found", { detail: `No route ${request.method} ${request.url}` });
  });

  return Object.assign(app, { services });
};

export type App = Awaited<ReturnType<typeof buildApp>>;
