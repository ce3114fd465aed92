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
import { SECURED } from "../../platform/openapi";
import { listRoute, route } from "../../platform/route";
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
    route(
      app,
      {
        method: "post",
        path: "/organizations",
        tags: orgs,
        body: createOrganizationBodySchema,
        status: 201,
        response: organizationSchema,
      },
      ({ actor, body }) => service.createOrganization(actor, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/organizations/:id",
        tags: orgs,
        params: idParamsSchema,
        response: organizationSchema,
      },
      ({ actor, params }) => service.getOrganization(actor, params.id),
    );
    route(
      app,
      {
        method: "patch",
        path: "/organizations/:id",
        tags: orgs,
        params: idParamsSchema,
        body: updateOrganizationBodySchema,
        response: organizationSchema,
      },
      ({ actor, params, body }) => service.updateOrganization(actor, params.id, body),
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
    route(
      app,
      {
        method: "post",
        path: "/organizations/:id/contacts",
        tags: contacts,
        params: idParamsSchema,
        body: createContactBodySchema,
        status: 201,
        response: contactSchema,
      },
      ({ actor, params, body }) => service.createContact(actor, params.id, body),
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
    route(
      app,
      {
        method: "get",
        path: "/contacts/:id",
        tags: contacts,
        params: idParamsSchema,
        response: contactSchema,
      },
      ({ actor, params }) => service.getContact(actor, params.id),
    );
    route(
      app,
      {
        method: "patch",
        path: "/contacts/:id",
        tags: contacts,
        params: idParamsSchema,
        body: updateContactBodySchema,
        response: contactSchema,
      },
      ({ actor, params, body }) => service.updateContact(actor, params.id, body),
    );
    route(
      app,
      {
        method: "delete",
        path: "/contacts/:id/mail-undeliverable",
        tags: contacts,
        summary: "The contact's address takes mail again: clear the mark a permanent bounce left",
        params: idParamsSchema,
        response: contactSchema,
      },
      ({ actor, params }) => service.clearMailUndeliverable(actor, params.id),
    );
  };
