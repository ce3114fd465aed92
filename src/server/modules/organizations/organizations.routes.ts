import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { idParamsSchema, pageOf } from "../../../api/common";
import {
  contactSchema,
  createContactBodySchema,
  createOrganizationBodySchema,
  listContactsQuerySchema,
  listOrganizationsQuerySchema,
  organizationSchema,
  updateContactBodySchema,
  updateOrganizationBodySchema,
} from "../../../api/organizations";
import { listRoute } from "../../platform/list-route";
import { problemResponses, SECURED } from "../../platform/openapi";
import type { OrganizationsService } from "./organizations.service";

export const organizationsRoutes =
  (service: OrganizationsService): FastifyPluginAsyncZod =>
  async (app) => {
    const orgs = { tags: ["organizations"], security: SECURED };
    const contacts = { tags: ["contacts"], security: SECURED };

    listRoute(
      app,
      "/organizations",
      {
        tags: orgs,
        summary: "List organizations (a customer contact sees only their own)",
        querystring: listOrganizationsQuerySchema,
        page: pageOf(organizationSchema),
      },
      ({ actor, query }) => service.listOrganizations(actor, query),
    );
    app.post(
      "/organizations",
      {
        schema: {
          ...orgs,
          body: createOrganizationBodySchema,
          response: { 201: organizationSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createOrganization(request.actor, request.body)),
    );
    app.get(
      "/organizations/:id",
      {
        schema: {
          ...orgs,
          params: idParamsSchema,
          response: { 200: organizationSchema, ...problemResponses },
        },
      },
      (request) => service.getOrganization(request.actor, request.params.id),
    );
    app.patch(
      "/organizations/:id",
      {
        schema: {
          ...orgs,
          params: idParamsSchema,
          body: updateOrganizationBodySchema,
          response: { 200: organizationSchema, ...problemResponses },
        },
      },
      (request) => service.updateOrganization(request.actor, request.params.id, request.body),
    );

    listRoute(
      app,
      "/organizations/:id/contacts",
      {
        tags: contacts,
        params: idParamsSchema,
        querystring: listContactsQuerySchema.omit({ organizationId: true }),
        page: pageOf(contactSchema),
      },
      ({ actor, params, query }) => service.listOrganizationContacts(actor, params.id, query),
    );
    app.post(
      "/organizations/:id/contacts",
      {
        schema: {
          ...contacts,
          params: idParamsSchema,
          body: createContactBodySchema,
          response: { 201: contactSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createContact(request.actor, request.params.id, request.body)),
    );
    listRoute(
      app,
      "/contacts",
      {
        tags: contacts,
        querystring: listContactsQuerySchema,
        page: pageOf(contactSchema),
      },
      ({ actor, query }) => service.listContacts(actor, query),
    );
    app.get(
      "/contacts/:id",
      {
        schema: {
          ...contacts,
          params: idParamsSchema,
          response: { 200: contactSchema, ...problemResponses },
        },
      },
      (request) => service.getContact(request.actor, request.params.id),
    );
    app.patch(
      "/contacts/:id",
      {
        schema: {
          ...contacts,
          params: idParamsSchema,
          body: updateContactBodySchema,
          response: { 200: contactSchema, ...problemResponses },
        },
      },
      (request) => service.updateContact(request.actor, request.params.id, request.body),
    );
  };
