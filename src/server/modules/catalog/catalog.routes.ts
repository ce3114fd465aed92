import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  createCustomerSystemBodySchema,
  createModuleBodySchema,
  createProductBodySchema,
  createReleaseBodySchema,
  customerSystemSchema,
  listCustomerSystemsQuerySchema,
  listProductsQuerySchema,
  listReleasesQuerySchema,
  productSchema,
  releaseSchema,
  updateCustomerSystemBodySchema,
  updateModuleBodySchema,
  updateProductBodySchema,
  updateReleaseBodySchema,
} from "../../../api/catalog";
import { idParamsSchema, idSchema, pageOf } from "../../../api/common";
import { listRoute } from "../../platform/list-route";
import { problemResponses, SECURED } from "../../platform/openapi";
import type { CatalogService } from "./catalog.service";

const moduleParamsSchema = z.strictObject({ id: idSchema, moduleId: idSchema });

export const catalogRoutes =
  (service: CatalogService): FastifyPluginAsyncZod =>
  async (app) => {
    const products = { tags: ["catalog"], security: SECURED };
    const systems = { tags: ["systems"], security: SECURED };

    listRoute(
      app,
      "/products",
      {
        tags: products,
        summary: "Products with their modules (a customer contact sees the products their organization runs)",
        querystring: listProductsQuerySchema,
        page: pageOf(productSchema),
      },
      ({ actor, query }) => service.listProducts(actor, query),
    );
    app.post(
      "/products",
      {
        schema: {
          ...products,
          body: createProductBodySchema,
          response: { 201: productSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createProduct(request.actor, request.body)),
    );
    app.get(
      "/products/:id",
      {
        schema: {
          ...products,
          params: idParamsSchema,
          response: { 200: productSchema, ...problemResponses },
        },
      },
      (request) => service.getProduct(request.actor, request.params.id),
    );
    app.patch(
      "/products/:id",
      {
        schema: {
          ...products,
          params: idParamsSchema,
          body: updateProductBodySchema,
          response: { 200: productSchema, ...problemResponses },
        },
      },
      (request) => service.updateProduct(request.actor, request.params.id, request.body),
    );
    app.post(
      "/products/:id/modules",
      {
        schema: {
          ...products,
          params: idParamsSchema,
          body: createModuleBodySchema,
          response: { 201: productSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.addModule(request.actor, request.params.id, request.body.name)),
    );
    app.patch(
      "/products/:id/modules/:moduleId",
      {
        schema: {
          ...products,
          params: moduleParamsSchema,
          body: updateModuleBodySchema,
          response: { 200: productSchema, ...problemResponses },
        },
      },
      (request) =>
        service.renameModule(request.actor, request.params.id, request.params.moduleId, request.body.name),
    );

    listRoute(
      app,
      "/products/:id/releases",
      {
        tags: products,
        summary: "Releases of a product, newest version first",
        params: idParamsSchema,
        querystring: listReleasesQuerySchema.omit({ productId: true }),
        page: pageOf(releaseSchema),
      },
      ({ actor, params, query }) => service.listProductReleases(actor, params.id, query),
    );
    app.post(
      "/products/:id/releases",
      {
        schema: {
          ...products,
          params: idParamsSchema,
          body: createReleaseBodySchema,
          response: { 201: releaseSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createRelease(request.actor, request.params.id, request.body)),
    );
    listRoute(
      app,
      "/releases",
      {
        tags: products,
        querystring: listReleasesQuerySchema,
        page: pageOf(releaseSchema),
      },
      ({ actor, query }) => service.listReleases(actor, query),
    );
    app.get(
      "/releases/:id",
      {
        schema: {
          ...products,
          params: idParamsSchema,
          response: { 200: releaseSchema, ...problemResponses },
        },
      },
      (request) => service.getRelease(request.actor, request.params.id),
    );
    app.patch(
      "/releases/:id",
      {
        schema: {
          ...products,
          params: idParamsSchema,
          body: updateReleaseBodySchema,
          response: { 200: releaseSchema, ...problemResponses },
        },
      },
      (request) => service.updateRelease(request.actor, request.params.id, request.body),
    );

    listRoute(
      app,
      "/systems",
      {
        tags: systems,
        summary: "Customer systems (a customer contact sees only their organization's)",
        querystring: listCustomerSystemsQuerySchema,
        page: pageOf(customerSystemSchema),
      },
      ({ actor, query }) => service.listSystems(actor, query),
    );
    app.post(
      "/systems",
      {
        schema: {
          ...systems,
          body: createCustomerSystemBodySchema,
          response: { 201: customerSystemSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createSystem(request.actor, request.body)),
    );
    app.get(
      "/systems/:id",
      {
        schema: {
          ...systems,
          params: idParamsSchema,
          response: { 200: customerSystemSchema, ...problemResponses },
        },
      },
      (request) => service.getSystem(request.actor, request.params.id),
    );
    app.patch(
      "/systems/:id",
      {
        schema: {
          ...systems,
          params: idParamsSchema,
          body: updateCustomerSystemBodySchema,
          response: { 200: customerSystemSchema, ...problemResponses },
        },
      },
      (request) => service.updateSystem(request.actor, request.params.id, request.body),
    );
  };
