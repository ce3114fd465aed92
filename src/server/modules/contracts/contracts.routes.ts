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
  type HeldRequest,
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
import { problemSchema } from "../../../api/errors";
import type { Actor } from "../../platform/actor";
import { problemResponses, SECURED } from "../../platform/openapi";
import { listRoute, route } from "../../platform/route";
import type { AuthorizedContactsService } from "./authorized-contacts.service";
import type { ContractsService } from "./contracts.service";
import type { HeldRequestsService } from "./held-requests.service";
import type { PlansService } from "./plans.service";

const planParamsSchema = z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,40}$/, "must be a plan id") });
const contractContactParamsSchema = z.strictObject({ id: idSchema, contactId: idSchema });
const trainingParamsSchema = z.strictObject({ id: idSchema, recordId: idSchema });

export const contractsRoutes =
  (services: {
    plans: PlansService;
    contracts: ContractsService;
    authorizedContacts: AuthorizedContactsService;
    heldRequests: HeldRequestsService;
    /** Releasing opens the case (the cases module's use case: cases depend on contracts, not back). */
    releaseHeldRequest: (actor: Actor | null, id: string, purchaseOrder: string) => Promise<HeldRequest>;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const { plans, contracts, authorizedContacts, heldRequests, releaseHeldRequest } = services;
    const planTags = { tags: ["plans"], security: SECURED };
    const tags = { tags: ["contracts"], security: SECURED };
    const heldTags = { tags: ["held requests"], security: SECURED };

    route(
      app,
      {
        method: "get",
        path: "/plans",
        tags: planTags,
        response: z.object({ items: z.array(planSchema) }),
      },
      async ({ actor }) => ({ items: await plans.listPlans(actor) }),
    );
    route(
      app,
      {
        method: "get",
        path: "/plans/:id",
        tags: planTags,
        params: planParamsSchema,
        response: planSchema,
      },
      ({ actor, params }) => plans.getPlan(actor, params.id),
    );
    route(
      app,
      {
        method: "patch",
        path: "/plans/:id",
        tags: planTags,
        summary: "Edit a plan; applies to contracts made afterwards, or also to current ones when asked",
        params: planParamsSchema,
        body: updatePlanBodySchema,
        response: planSchema.extend({ appliedToContracts: z.number().int() }),
      },
      ({ actor, params, body }) => plans.updatePlan(actor, params.id, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/settings/contracts",
        tags: planTags,
        response: contractSettingsSchema,
      },
      ({ actor }) => plans.getContractSettings(actor),
    );
    route(
      app,
      {
        method: "patch",
        path: "/settings/contracts",
        tags: planTags,
        body: updateContractSettingsBodySchema,
        response: contractSettingsSchema,
      },
      ({ actor, body }) => plans.updateContractSettings(actor, body),
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
    route(
      app,
      {
        method: "post",
        path: "/contracts",
        tags,
        summary: "Create a contract; the annual fee is max(rate × sale price, minimum)",
        body: createContractBodySchema,
        status: 201,
        response: contractSchema,
      },
      ({ actor, body }) => contracts.createContract(actor, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/contracts/renewal-pipeline",
        tags,
        summary: "Current contracts ending within 30, 60 and 90 days",
        querystring: z.strictObject({
          organizationId: idSchema.optional(),
          accountExecutiveId: idSchema.optional(),
        }),
        response: renewalPipelineSchema,
      },
      ({ actor, query }) => contracts.renewalPipeline(actor, query),
    );
    route(
      app,
      {
        method: "get",
        path: "/contracts/:id",
        tags,
        params: idParamsSchema,
        response: contractSchema,
      },
      ({ actor, params }) => contracts.getContract(actor, params.id),
    );
    route(
      app,
      {
        method: "patch",
        path: "/contracts/:id",
        tags,
        params: idParamsSchema,
        body: updateContractBodySchema,
        response: contractSchema,
      },
      ({ actor, params, body }) => contracts.updateContract(actor, params.id, body),
    );
    route(
      app,
      {
        method: "post",
        path: "/contracts/:id/renew",
        tags,
        summary: "Create the next contract: from the next business day after this one ends, one year",
        params: idParamsSchema,
        body: renewContractBodySchema,
        status: 201,
        response: contractSchema,
      },
      ({ actor, params, body }) => contracts.renewContract(actor, params.id, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/contracts/:id/renewal-preview",
        tags,
        summary:
          "What renewing would create: start on the next business day after the end, one year, the fee",
        params: idParamsSchema,
        querystring: renewalPreviewQuerySchema,
        response: renewalPreviewSchema,
      },
      ({ actor, params, query }) => contracts.previewRenewal(actor, params.id, query),
    );
    route(
      app,
      {
        method: "get",
        path: "/contracts/:id/history",
        tags,
        params: idParamsSchema,
        response: z.object({ items: z.array(historyEntrySchema) }),
      },
      async ({ actor, params }) => ({ items: await contracts.contractHistory(actor, params.id) }),
    );
    route(
      app,
      {
        method: "post",
        path: "/contracts/:id/authorized-contacts",
        tags,
        summary: "Authorize a trained contact of the organization, within the plan's limit",
        params: idParamsSchema,
        body: authorizeContactBodySchema,
        response: contractSchema,
        problems: { 422: problemResponses[400] },
      },
      async ({ actor, params, body }) => {
        await authorizedContacts.authorizeContact(actor, params.id, body.contactId);
        return contracts.getContract(actor, params.id);
      },
    );
    route(
      app,
      {
        method: "delete",
        path: "/contracts/:id/authorized-contacts/:contactId",
        tags,
        params: contractContactParamsSchema,
        response: contractSchema,
      },
      async ({ actor, params }) => {
        await authorizedContacts.removeAuthorizedContact(actor, params.id, params.contactId);
        return contracts.getContract(actor, params.id);
      },
    );

    route(
      app,
      {
        method: "get",
        path: "/systems/:id/reinstatement-quote",
        tags,
        summary: "Quote the reinstatement of a system without a current contract (date defaults to today)",
        params: idParamsSchema,
        querystring: reinstatementQuoteQuerySchema,
        response: reinstatementQuoteSchema,
      },
      ({ actor, params, query }) => contracts.quoteReinstatement(actor, params.id, query.date),
    );
    route(
      app,
      {
        method: "post",
        path: "/systems/:id/reinstatement",
        tags,
        summary: "Accept a reinstatement quote: creates the lapse's contract and the new year's",
        params: idParamsSchema,
        body: acceptReinstatementBodySchema,
        status: 201,
        response: contractSchema,
      },
      ({ actor, params, body }) => contracts.acceptReinstatement(actor, params.id, body),
    );

    const contactTags = { tags: ["contacts"], security: SECURED };
    route(
      app,
      {
        method: "get",
        path: "/contacts/:id/training",
        tags: contactTags,
        params: idParamsSchema,
        response: z.object({ items: z.array(trainingRecordSchema) }),
      },
      async ({ actor, params }) => ({ items: await authorizedContacts.listTraining(actor, params.id) }),
    );
    route(
      app,
      {
        method: "post",
        path: "/contacts/:id/training",
        tags: contactTags,
        summary: "Record a contact's formal training (course, date, certificate)",
        params: idParamsSchema,
        body: createTrainingRecordBodySchema,
        status: 201,
        response: trainingRecordSchema,
      },
      ({ actor, params, body }) => authorizedContacts.addTraining(actor, params.id, body),
    );
    route(
      app,
      {
        method: "delete",
        path: "/contacts/:id/training/:recordId",
        tags: contactTags,
        params: trainingParamsSchema,
        status: 204,
        response: z.null(),
      },
      async ({ actor, params }) => {
        await authorizedContacts.removeTraining(actor, params.id, params.recordId);
        return null;
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
    route(
      app,
      {
        method: "get",
        path: "/held-requests/:id",
        tags: heldTags,
        params: idParamsSchema,
        response: heldRequestSchema,
      },
      ({ actor, params }) => heldRequests.getHeldRequest(actor, params.id),
    );
    route(
      app,
      {
        method: "post",
        path: "/held-requests/:id/release",
        tags: heldTags,
        summary:
          "Record a held request's purchase order: it opens its case under the system's current contract (422 until that contract exists and the requester is authorized on it)",
        params: idParamsSchema,
        body: releaseHeldRequestBodySchema,
        response: heldRequestSchema,
        problems: { 422: problemSchema },
      },
      ({ actor, params, body }) => releaseHeldRequest(actor, params.id, body.purchaseOrder),
    );
  };
