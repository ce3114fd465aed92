import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { auditPageSchema, listAuditQuerySchema } from "../../../api/audit";
import { SECURED } from "../../platform/openapi";
import { listRoute } from "../../platform/route";
import type { AuditService } from "./audit.service";

export const auditRoutes =
  (audit: AuditService): FastifyPluginAsyncZod =>
  async (app) => {
    listRoute(
      app,
      "/audit",
      {
        tags: { tags: ["audit"], security: SECURED },
        summary:
          "The audit log, newest first (admins and managers): filter by entity, entity id, actor, action (exact, or a prefix ending in a dot), organization, period (from included, to excluded, at most five years) and words in the details",
        querystring: listAuditQuerySchema,
        page: auditPageSchema,
      },
      ({ actor, query }) => audit.listEntries(actor, query),
    );
  };
