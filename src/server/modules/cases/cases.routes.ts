import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  assignBodySchema,
  attachmentSchema,
  caseEventSchema,
  caseSchema,
  caseSettingsSchema,
  changeStatusBodySchema,
  createCaseBodySchema,
  entitlementSchema,
  entitlementsQuerySchema,
  intakeAttemptBodySchema,
  intakeAttemptSchema,
  intakeRefusalSchema,
  listCasesQuerySchema,
  postMessageBodySchema,
  triageBodySchema,
  updateCaseSettingsBodySchema,
} from "../../../api/cases";
import { idParamsSchema, idSchema, pageOf } from "../../../api/common";
import { problemSchema } from "../../../api/errors";
import { AppError, invalidField } from "../../platform/errors";
import { listRoute } from "../../platform/list-route";
import { problemResponses, SECURED } from "../../platform/openapi";
import type { CasesService } from "./cases.service";

const attachmentParamsSchema = z.strictObject({ id: idSchema, attachmentId: idSchema });

/** RFC 6266: an ASCII fallback name plus the exact UTF-8 one. */
const contentDisposition = (filename: string) =>
  `attachment; filename="${filename.replace(/[^\x20-\x7E]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

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
    app.get(
      "/settings/cases",
      { schema: { ...tags, response: { 200: caseSettingsSchema, ...problemResponses } } },
      (request) => service.getSettings(request.actor),
    );
    app.patch(
      "/settings/cases",
      {
        schema: {
          ...tags,
          body: updateCaseSettingsBodySchema,
          response: { 200: caseSettingsSchema, ...problemResponses },
        },
      },
      (request) => service.updateSettings(request.actor, request.body),
    );
    app.post(
      "/intake-attempts",
      {
        schema: {
          ...tags,
          summary:
            "Check a caller on the phone before logging a case; a refusal is recorded in the audit log",
          body: intakeAttemptBodySchema,
          response: { 200: intakeAttemptSchema, ...problemResponses },
        },
      },
      (request) => service.recordAttempt(request.actor, request.body),
    );
    app.get(
      "/entitlements",
      {
        schema: {
          ...tags,
          summary: "May this contact open a case now, system by system (portal picker; phone log check)",
          querystring: entitlementsQuerySchema,
          response: { 200: z.object({ items: z.array(entitlementSchema) }), ...problemResponses },
        },
      },
      async (request) => ({ items: await service.entitlements(request.actor, request.query.contactId) }),
    );
    listRoute(
      app,
      "/cases",
      {
        tags,
        summary: "Cases, newest first; queues for the desk (a customer contact sees their organization's)",
        querystring: listCasesQuerySchema,
        page: pageOf(caseSchema),
      },
      ({ actor, query }) => service.listCases(actor, query),
    );
    app.get(
      "/cases/:id",
      { schema: { ...tags, params: idParamsSchema, response: { 200: caseSchema, ...problemResponses } } },
      (request) => service.getCase(request.actor, request.params.id),
    );
    app.get(
      "/cases/:id/timeline",
      {
        schema: {
          ...tags,
          summary: "The case history (customers see public entries only)",
          params: idParamsSchema,
          response: { 200: z.object({ items: z.array(caseEventSchema) }), ...problemResponses },
        },
      },
      async (request) => ({ items: await service.timeline(request.actor, request.params.id) }),
    );
    app.post(
      "/cases/:id/replies",
      {
        schema: {
          ...tags,
          summary: "A public reply; the first by staff meets the response target",
          params: idParamsSchema,
          body: postMessageBodySchema,
          response: { 201: caseSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.reply(request.actor, request.params.id, request.body.body)),
    );
    app.post(
      "/cases/:id/notes",
      {
        schema: {
          ...tags,
          summary: "An internal note (never shown to customers)",
          params: idParamsSchema,
          body: postMessageBodySchema,
          response: { 201: caseSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.addNote(request.actor, request.params.id, request.body.body)),
    );
    app.post(
      "/cases/:id/triage",
      {
        schema: {
          ...tags,
          summary: "Set the priority (recomputes the response due time from registration)",
          params: idParamsSchema,
          body: triageBodySchema,
          response: { 200: caseSchema, ...problemResponses },
        },
      },
      (request) => service.triage(request.actor, request.params.id, request.body),
    );
    app.post(
      "/cases/:id/status",
      {
        schema: {
          ...tags,
          params: idParamsSchema,
          body: changeStatusBodySchema,
          response: { 200: caseSchema, ...problemResponses },
        },
      },
      (request) => service.changeStatus(request.actor, request.params.id, request.body),
    );
    app.post(
      "/cases/:id/assignee",
      {
        schema: {
          ...tags,
          params: idParamsSchema,
          body: assignBodySchema,
          response: { 200: caseSchema, ...problemResponses },
        },
      },
      (request) => service.assign(request.actor, request.params.id, request.body),
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
          response: { 201: attachmentSchema, ...problemResponses, 413: problemSchema, 415: problemSchema },
        },
      },
      async (request, reply) => {
        // 404 or 403 before reading any upload
        await service.getCase(request.actor, request.params.id);
        if (!request.isMultipart()) {
          throw new AppError("unsupported_media_type", { reason: "multipart_file_expected" });
        }
        let file: { filename: string; contentType: string; content: Buffer } | null = null;
        let internal = false;
        for await (const part of request.parts()) {
          if (part.type === "file") {
            if (file)
              throw invalidField(
                { reason: "one_file_per_request" },
                { field: "file", code: "one_file_only" },
              );
            file = { filename: part.filename, contentType: part.mimetype, content: await part.toBuffer() };
          } else if (part.fieldname === "visibility") {
            internal = part.value === "internal";
          }
        }
        if (!file) throw invalidField({ reason: "file_missing" }, { field: "file", code: "required" });
        return reply
          .status(201)
          .send(await service.addAttachment(request.actor, request.params.id, { ...file, internal }));
      },
    );
    app.get(
      "/cases/:id/attachments",
      {
        schema: {
          ...tags,
          params: idParamsSchema,
          response: { 200: z.object({ items: z.array(attachmentSchema) }), ...problemResponses },
        },
      },
      async (request) => ({ items: await service.listAttachments(request.actor, request.params.id) }),
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
        return reply
          .header("content-type", file.servedType)
          .header("content-disposition", contentDisposition(file.filename))
          .header("x-content-type-options", "nosniff")
          .header("content-security-policy", "default-src 'none'; sandbox")
          .header("cache-control", "private, no-store")
          .send(file.content);
      },
    );
  };
