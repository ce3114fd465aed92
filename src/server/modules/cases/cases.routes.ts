import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  assignBodySchema,
  attachmentSchema,
  caseEventSchema,
  caseSchema,
  caseSettingsSchema,
  caseSummarySchema,
  changeStatusBodySchema,
  createCaseBodySchema,
  entitlementSchema,
  entitlementsQuerySchema,
  exportCasesQuerySchema,
  intakeAttemptBodySchema,
  intakeAttemptSchema,
  intakeRefusalSchema,
  listCasesQuerySchema,
  postMessageBodySchema,
  queueCountsSchema,
  triageBodySchema,
  updateCaseSettingsBodySchema,
} from "../../../api/cases";
import { idParamsSchema, idSchema, pageOf } from "../../../api/common";
import { problemSchema } from "../../../api/errors";
import { csvStream } from "../../platform/csv";
import { readOneFile, sendFile } from "../../platform/file-transfer";
import { problemResponses, SECURED } from "../../platform/openapi";
import { listRoute, route } from "../../platform/route";
import type { CasesService } from "./cases.service";

const attachmentParamsSchema = z.strictObject({ id: idSchema, attachmentId: idSchema });

export const casesRoutes =
  (service: CasesService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = { tags: ["cases"], security: SECURED };

    app.post(
      "/cases",
      {
        schema: {
          ...tags,
          summary:
            "Open a case (customers for themselves; staff log a phone call with requesterId). 201 opened, 202 held until a purchase order, 403 not an authorized contact",
          body: createCaseBodySchema,
          response: { 201: caseSchema, 202: intakeRefusalSchema, ...problemResponses, 422: problemSchema },
        },
      },
      async (request, reply) => {
        const staff = request.actor !== null && request.actor.role !== "customer_contact";
        const channel = staff ? "phone" : request.actor?.via === "token" ? "api" : "portal";
        const result = await service.openCase(request.actor, request.body, channel);
        if (result.outcome === "held") {
          return reply.status(202).send({
            outcome: "held_po_required",
            heldRequestId: result.heldRequestId,
            message:
              "The system has no current contract: the request is held until a purchase order is recorded",
          });
        }
        return reply.status(201).send(result.case);
      },
    );
    route(
      app,
      {
        method: "get",
        path: "/settings/cases",
        tags,
        response: caseSettingsSchema,
      },
      ({ actor }) => service.getSettings(actor),
    );
    route(
      app,
      {
        method: "patch",
        path: "/settings/cases",
        tags,
        body: updateCaseSettingsBodySchema,
        response: caseSettingsSchema,
      },
      ({ actor, body }) => service.updateSettings(actor, body),
    );
    route(
      app,
      {
        method: "post",
        path: "/intake-attempts",
        tags,
        summary: "Check a caller on the phone before logging a case; a refusal is recorded in the audit log",
        body: intakeAttemptBodySchema,
        response: intakeAttemptSchema,
      },
      ({ actor, body }) => service.recordAttempt(actor, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/entitlements",
        tags,
        summary: "May this contact open a case now, system by system (portal picker; phone log check)",
        querystring: entitlementsQuerySchema,
        response: z.object({ items: z.array(entitlementSchema) }),
      },
      async ({ actor, query }) => ({ items: await service.entitlements(actor, query.contactId) }),
    );
    listRoute(
      app,
      "/cases",
      {
        tags,
        summary: "Cases, newest first; queues for the desk (a customer contact sees their organization's)",
        querystring: listCasesQuerySchema,
        page: pageOf(caseSummarySchema),
      },
      ({ actor, query }) => service.listCaseViews(actor, query),
    );
    route(
      app,
      {
        method: "get",
        path: "/cases/counts",
        tags,
        summary: "How many running cases each desk queue holds, counted in one query",
        response: queueCountsSchema,
      },
      ({ actor }) => service.queueCounts(actor),
    );
    app.get(
      "/cases/export.csv",
      {
        schema: {
          ...tags,
          summary:
            "Every case of the list's filters as CSV (UTF-8 with BOM; separator=semicolon for Excel in es-MX), streamed",
          querystring: exportCasesQuerySchema,
          produces: ["text/csv"],
          response: { 200: z.string().describe("text/csv"), ...problemResponses },
        },
      },
      async (request, reply) => {
        const { separator = "comma", ...filters } = request.query;
        const { header, batches } = service.exportCases(request.actor, filters);
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", 'attachment; filename="casos.csv"')
          .send(csvStream(header, batches, separator) as never);
      },
    );
    route(
      app,
      {
        method: "get",
        path: "/cases/:id",
        tags,
        params: idParamsSchema,
        response: caseSchema,
      },
      ({ actor, params }) => service.getCaseView(actor, params.id),
    );
    route(
      app,
      {
        method: "get",
        path: "/cases/:id/timeline",
        tags,
        summary: "The case history (customers see public entries only)",
        params: idParamsSchema,
        response: z.object({ items: z.array(caseEventSchema) }),
      },
      ({ actor, params }) => service.timelineView(actor, params.id),
    );
    route(
      app,
      {
        method: "post",
        path: "/cases/:id/replies",
        tags,
        summary: "A public reply; the first by staff meets the response target",
        params: idParamsSchema,
        body: postMessageBodySchema,
        status: 201,
        response: caseSchema,
      },
      ({ actor, params, body }) => service.reply(actor, params.id, body.body),
    );
    route(
      app,
      {
        method: "post",
        path: "/cases/:id/notes",
        tags,
        summary: "An internal note (never shown to customers)",
        params: idParamsSchema,
        body: postMessageBodySchema,
        status: 201,
        response: caseSchema,
      },
      ({ actor, params, body }) => service.addNote(actor, params.id, body.body),
    );
    route(
      app,
      {
        method: "post",
        path: "/cases/:id/triage",
        tags,
        summary: "Set the priority (recomputes the response due time from registration)",
        params: idParamsSchema,
        body: triageBodySchema,
        response: caseSchema,
      },
      ({ actor, params, body }) => service.triage(actor, params.id, body),
    );
    route(
      app,
      {
        method: "post",
        path: "/cases/:id/status",
        tags,
        params: idParamsSchema,
        body: changeStatusBodySchema,
        response: caseSchema,
      },
      ({ actor, params, body }) => service.changeStatus(actor, params.id, body),
    );
    route(
      app,
      {
        method: "post",
        path: "/cases/:id/assignee",
        tags,
        params: idParamsSchema,
        body: assignBodySchema,
        response: caseSchema,
      },
      ({ actor, params, body }) => service.assign(actor, params.id, body),
    );

    app.post(
      "/cases/:id/attachments",
      {
        schema: {
          ...tags,
          summary:
            "Attach one file (multipart/form-data: file, and visibility=internal for staff-only files)",
          consumes: ["multipart/form-data"],
          params: idParamsSchema,
          response: {
            201: attachmentSchema,
            ...problemResponses,
            413: problemSchema,
            415: problemSchema,
            507: problemSchema,
          },
        },
      },
      async (request, reply) => {
        // 404 or 403 before reading any upload
        await service.getCase(request.actor, request.params.id);
        const upload = await readOneFile(request);
        const file = { filename: upload.filename, contentType: upload.contentType, content: upload.content };
        const internal = upload.fields.visibility === "internal";
        return reply
          .status(201)
          .send(await service.addAttachment(request.actor, request.params.id, { ...file, internal }));
      },
    );
    route(
      app,
      {
        method: "get",
        path: "/cases/:id/attachments",
        tags,
        params: idParamsSchema,
        response: z.object({ items: z.array(attachmentSchema) }),
      },
      async ({ actor, params }) => ({ items: await service.listAttachments(actor, params.id) }),
    );
    app.get(
      "/cases/:id/attachments/:attachmentId",
      {
        schema: {
          ...tags,
          summary: "Download an attachment (always as a download, never rendered inline)",
          params: attachmentParamsSchema,
          // a Buffer is sent as it is, never through the JSON serializer
          response: { 200: z.any().describe("The file's bytes"), ...problemResponses },
        },
      },
      async (request, reply) => {
        const file = await service.getAttachmentContent(
          request.actor,
          request.params.id,
          request.params.attachmentId,
        );
        return sendFile(reply, file);
      },
    );
  };
