import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  assignBodySchema,
  caseEventSchema,
  caseSchema,
  changeStatusBodySchema,
  createCaseBodySchema,
  intakeRefusalSchema,
  listCasesQuerySchema,
  postMessageBodySchema,
  triageBodySchema,
} from "../../../api/cases";
import { idParamsSchema, pageOf } from "../../../api/common";
import { problemSchema } from "../../../api/errors";
import { problemResponses, SECURED } from "../../platform/openapi";
import type { CasesService } from "./cases.service";

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
      "/cases",
      {
        schema: {
          ...tags,
          summary: "Cases, newest first; queues for the desk (a customer contact sees their organization's)",
          querystring: listCasesQuerySchema,
          response: { 200: pageOf(caseSchema), ...problemResponses },
        },
      },
      (request) => service.listCases(request.actor, request.query),
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
  };
