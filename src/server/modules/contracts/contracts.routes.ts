import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParamsSchema, idSchema, pageOf } from "../../../api/common";
import {
  acceptReinstatementBodySchema,
  authorizeContactBodySchema,
  contractSchema,
  contractSettingsSchema,
  createContractBodySchema,
  createTrainingRecordBodySchema,
  heldRequestSchema,
  historyEntrySchema,
  listContractsQuerySchema,
  listHeldRequestsQuerySchema,
  planSchema,
  reinstatementQuoteQuerySchema,
  reinstatementQuoteSchema,
  releaseHeldRequestBodySchema,
  renewalPipelineSchema,
  renewalPreviewQuerySchema,
  renewalPreviewSchema,
  renewContractBodySchema,
  trainingRecordSchema,
  updateContractBodySchema,
  updateContractSettingsBodySchema,
  updatePlanBodySchema,
} from "../../../api/contracts";
import { listRoute } from "../../platform/list-route";
import { problemResponses, SECURED } from "../../platform/openapi";
import type { AuthorizedContactsService } from "./authorized-contacts.service";
import type { ContractsService } from "./contracts.service";
import type { HeldRequestsService } from "./held-requests.service";
import type { PlansService } from "./plans.service";

const planParamsSchema = z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,40}$/, "must be a plan id") });
const contractContactParamsSchema = z.strictObject({ id: idSchema, contactId: idSchema });
const trainingParamsSchema = z.strictObject({ id: idSchema, recordId: idSchema });
const noContent = { 204: z.null(), ...problemResponses };

export const contractsRoutes =
  (services: {
    plans: PlansService;
    contracts: ContractsService;
    authorizedContacts: AuthorizedContactsService;
    heldRequests: HeldRequestsService;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const { plans, contracts, authorizedContacts, heldRequests } = services;
    const planTags = { tags: ["plans"], security: SECURED };
    const tags = { tags: ["contracts"], security: SECURED };
    const heldTags = { tags: ["held requests"], security: SECURED };

    app.get(
      "/plans",
      {
        schema: {
          ...planTags,
          response: { 200: z.object({ items: z.array(planSchema) }), ...problemResponses },
        },
      },
      async (request) => ({ items: await plans.listPlans(request.actor) }),
    );
    app.get(
      "/plans/:id",
      {
        schema: { ...planTags, params: planParamsSchema, response: { 200: planSchema, ...problemResponses } },
      },
      (request) => plans.getPlan(request.actor, request.params.id),
    );
    app.patch(
      "/plans/:id",
      {
        schema: {
          ...planTags,
          summary: "Edit a plan; applies to contracts made afterwards, or also to current ones when asked",
          params: planParamsSchema,
          body: updatePlanBodySchema,
          response: { 200: planSchema.extend({ appliedToContracts: z.number().int() }), ...problemResponses },
        },
      },
      (request) => plans.updatePlan(request.actor, request.params.id, request.body),
    );
    app.get(
      "/settings/contracts",
      { schema: { ...planTags, response: { 200: contractSettingsSchema, ...problemResponses } } },
      (request) => plans.getContractSettings(request.actor),
    );
    app.patch(
      "/settings/contracts",
      {
        schema: {
          ...planTags,
          body: updateContractSettingsBodySchema,
          response: { 200: contractSettingsSchema, ...problemResponses },
        },
      },
      (request) => plans.updateContractSettings(request.actor, request.body),
    );

    listRoute(
      app,
      "/contracts",
      {
        tags,
        summary: "Contracts, soonest end first (a customer contact sees their organization's)",
        querystring: listContractsQuerySchema,
        page: pageOf(contractSchema),
      },
      ({ actor, query }) => contracts.listContracts(actor, query),
    );
    app.post(
      "/contracts",
      {
        schema: {
          ...tags,
          summary: "Create a contract; the annual fee is max(rate × sale price, minimum)",
          body: createContractBodySchema,
          response: { 201: contractSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await contracts.createContract(request.actor, request.body)),
    );
    app.get(
      "/contracts/renewal-pipeline",
      {
        schema: {
          ...tags,
          summary: "Current contracts ending within 30, 60 and 90 days",
          querystring: z.strictObject({
            organizationId: idSchema.optional(),
            accountExecutiveId: idSchema.optional(),
          }),
          response: { 200: renewalPipelineSchema, ...problemResponses },
        },
      },
      (request) => contracts.renewalPipeline(request.actor, request.query),
    );
    app.get(
      "/contracts/:id",
      { schema: { ...tags, params: idParamsSchema, response: { 200: contractSchema, ...problemResponses } } },
      (request) => contracts.getContract(request.actor, request.params.id),
    );
    app.patch(
      "/contracts/:id",
      {
        schema: {
          ...tags,
          params: idParamsSchema,
          body: updateContractBodySchema,
          response: { 200: contractSchema, ...problemResponses },
        },
      },
      (request) => contracts.updateContract(request.actor, request.params.id, request.body),
    );
    app.post(
      "/contracts/:id/renew",
      {
        schema: {
          ...tags,
          summary: "Create the next contract: from the next business day after this one ends, one year",
          params: idParamsSchema,
          body: renewContractBodySchema,
          response: { 201: contractSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await contracts.renewContract(request.actor, request.params.id, request.body)),
    );
    app.get(
      "/contracts/:id/renewal-preview",
      {
        schema: {
          ...tags,
          summary:
            "What renewing would create: start on the next business day after the end, one year, the fee",
          params: idParamsSchema,
          querystring: renewalPreviewQuerySchema,
          response: { 200: renewalPreviewSchema, ...problemResponses },
        },
      },
      (request) => contracts.previewRenewal(request.actor, request.params.id, request.query),
    );
    app.get(
      "/contracts/:id/history",
      {
        schema: {
          ...tags,
          params: idParamsSchema,
          response: { 200: z.object({ items: z.array(historyEntrySchema) }), ...problemResponses },
        },
      },
      async (request) => ({ items: await contracts.contractHistory(request.actor, request.params.id) }),
    );
    app.post(
      "/contracts/:id/authorized-contacts",
      {
        schema: {
          ...tags,
          summary: "Authorize a trained contact of the organization, within the plan's limit",
          params: idParamsSchema,
          body: authorizeContactBodySchema,
          response: { 200: contractSchema, 422: problemResponses[400], ...problemResponses },
        },
      },
      async (request) => {
        await authorizedContacts.authorizeContact(request.actor, request.params.id, request.body.contactId);
        return contracts.getContract(request.actor, request.params.id);
      },
    );
    app.delete(
      "/contracts/:id/authorized-contacts/:contactId",
      {
        schema: {
          ...tags,
          params: contractContactParamsSchema,
          response: { 200: contractSchema, ...problemResponses },
        },
      },
      async (request) => {
        await authorizedContacts.removeAuthorizedContact(
          request.actor,
          request.params.id,
          request.params.contactId,
        );
        return contracts.getContract(request.actor, request.params.id);
      },
    );

    app.get(
      "/systems/:id/reinstatement-quote",
      {
        schema: {
          ...tags,
          summary: "Quote the reinstatement of a system without a current contract (date defaults to today)",
          params: idParamsSchema,
          querystring: reinstatementQuoteQuerySchema,
          response: { 200: reinstatementQuoteSchema, ...problemResponses },
        },
      },
      (request) => contracts.quoteReinstatement(request.actor, request.params.id, request.query.date),
    );
    app.post(
      "/systems/:id/reinstatement",
      {
        schema: {
          ...tags,
          summary: "Accept a reinstatement quote: creates the lapse's contract and the new year's",
          params: idParamsSchema,
          body: acceptReinstatementBodySchema,
          response: { 201: contractSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await contracts.acceptReinstatement(request.actor, request.params.id, request.body)),
    );

    app.get(
      "/contacts/:id/training",
      {
        schema: {
          tags: ["contacts"],
          security: SECURED,
          params: idParamsSchema,
          response: { 200: z.object({ items: z.array(trainingRecordSchema) }), ...problemResponses },
        },
      },
      async (request) => ({ items: await authorizedContacts.listTraining(request.actor, request.params.id) }),
    );
    app.post(
      "/contacts/:id/training",
      {
        schema: {
          tags: ["contacts"],
          security: SECURED,
          summary: "Record a contact's formal training (course, date, certificate)",
          params: idParamsSchema,
          body: createTrainingRecordBodySchema,
          response: { 201: trainingRecordSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await authorizedContacts.addTraining(request.actor, request.params.id, request.body)),
    );
    app.delete(
      "/contacts/:id/training/:recordId",
      {
        schema: { tags: ["contacts"], security: SECURED, params: trainingParamsSchema, response: noContent },
      },
      async (request, reply) => {
        await authorizedContacts.removeTraining(request.actor, request.params.id, request.params.recordId);
        return reply.status(204).send(null);
      },
    );

    listRoute(
      app,
      "/held-requests",
      {
        tags: heldTags,
        summary: "Requests held until a purchase order is recorded (no current contract)",
        querystring: listHeldRequestsQuerySchema,
        page: pageOf(heldRequestSchema),
      },
      ({ actor, query }) => heldRequests.listHeldRequests(actor, query),
    );
    app.get(
      "/held-requests/:id",
      {
        schema: {
          ...heldTags,
          params: idParamsSchema,
          response: { 200: heldRequestSchema, ...problemResponses },
        },
      },
      (request) => heldRequests.getHeldRequest(request.actor, request.params.id),
    );
    app.post(
      "/held-requests/:id/release",
      {
        schema: {
          ...heldTags,
          summary: "Release a held request by recording its purchase order",
          params: idParamsSchema,
          body: releaseHeldRequestBodySchema,
          response: { 200: heldRequestSchema, ...problemResponses },
        },
      },
      (request) =>
        heldRequests.releaseHeldRequest(request.actor, request.params.id, request.body.purchaseOrder),
    );
  };
