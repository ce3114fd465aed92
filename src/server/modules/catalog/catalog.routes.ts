import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  createCustomerSystemBodySchema,
  createEolAnnouncementBodySchema,
  createModuleBodySchema,
  createProductBodySchema,
  createReleaseBodySchema,
  customerSystemSchema,
  endOfSupportListSchema,
  eolAnnouncementSchema,
  listCustomerSystemsQuerySchema,
  listProductsQuerySchema,
  listReleasesQuerySchema,
  productSchema,
  releaseDownloadSchema,
  releaseFileSchema,
  releaseSchema,
  systemReleaseSchema,
  updateCustomerSystemBodySchema,
  updateModuleBodySchema,
  updateProductBodySchema,
  updateReleaseBodySchema,
} from "../../../api/catalog";
import { idParamsSchema, idSchema, pageOf } from "../../../api/common";
import { problemSchema } from "../../../api/errors";
import { sendFile, streamOneFile } from "../../platform/file-transfer";
import { problemResponses, SECURED } from "../../platform/openapi";
import { listRoute, route } from "../../platform/route";
import type { CatalogService } from "./catalog.service";

const moduleParamsSchema = z.strictObject({ id: idSchema, moduleId: idSchema });

export const catalogRoutes =
  (service: CatalogService, options: { maxFileBytes: number }): FastifyPluginAsyncZod =>
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
    route(
      app,
      {
        method: "post",
        path: "/products",
        tags: products,
        body: createProductBodySchema,
        status: 201,
        response: productSchema,
      },
      ({ actor, body }) => service.createProduct(actor, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/products/:id",
        tags: products,
        params: idParamsSchema,
        response: productSchema,
      },
      ({ actor, params }) => service.getProduct(actor, params.id),
    );
    route(
      app,
      {
        method: "patch",
        path: "/products/:id",
        tags: products,
        params: idParamsSchema,
        body: updateProductBodySchema,
        response: productSchema,
      },
      ({ actor, params, body }) => service.updateProduct(actor, params.id, body),
    );
    route(
      app,
      {
        method: "post",
        path: "/products/:id/modules",
        tags: products,
        params: idParamsSchema,
        body: createModuleBodySchema,
        status: 201,
        response: productSchema,
      },
      ({ actor, params, body }) => service.addModule(actor, params.id, body.name),
    );
    route(
      app,
      {
        method: "patch",
        path: "/products/:id/modules/:moduleId",
        tags: products,
        params: moduleParamsSchema,
        body: updateModuleBodySchema,
        response: productSchema,
      },
      ({ actor, params, body }) => service.renameModule(actor, params.id, params.moduleId, body.name),
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
    route(
      app,
      {
        method: "post",
        path: "/products/:id/releases",
        tags: products,
        params: idParamsSchema,
        body: createReleaseBodySchema,
        status: 201,
        response: releaseSchema,
      },
      ({ actor, params, body }) => service.createRelease(actor, params.id, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/products/:id/end-of-support",
        tags: products,
        summary: "The product's announced ends of support, by major line",
        params: idParamsSchema,
        response: endOfSupportListSchema,
      },
      ({ actor, params }) => service.listEndOfSupport(actor, params.id),
    );
    route(
      app,
      {
        method: "post",
        path: "/products/:id/end-of-support",
        tags: products,
        summary:
          "Announce the end of support of an older major line, six months ahead or more; the contacts of the systems on it are told by mail",
        params: idParamsSchema,
        body: createEolAnnouncementBodySchema,
        status: 201,
        response: eolAnnouncementSchema,
        problems: { 422: problemSchema },
      },
      ({ actor, params, body }) => service.announceEndOfSupport(actor, params.id, body),
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
    route(
      app,
      {
        method: "get",
        path: "/releases/:id",
        tags: products,
        params: idParamsSchema,
        response: releaseSchema,
      },
      ({ actor, params }) => service.getRelease(actor, params.id),
    );
    route(
      app,
      {
        method: "patch",
        path: "/releases/:id",
        tags: products,
        params: idParamsSchema,
        body: updateReleaseBodySchema,
        response: releaseSchema,
      },
      ({ actor, params, body }) => service.updateRelease(actor, params.id, body),
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
    route(
      app,
      {
        method: "post",
        path: "/systems",
        tags: systems,
        body: createCustomerSystemBodySchema,
        status: 201,
        response: customerSystemSchema,
      },
      ({ actor, body }) => service.createSystem(actor, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/systems/:id",
        tags: systems,
        params: idParamsSchema,
        response: customerSystemSchema,
      },
      ({ actor, params }) => service.getSystem(actor, params.id),
    );
    route(
      app,
      {
        method: "patch",
        path: "/systems/:id",
        tags: systems,
        params: idParamsSchema,
        body: updateCustomerSystemBodySchema,
        response: customerSystemSchema,
      },
      ({ actor, params, body }) => service.updateSystem(actor, params.id, body),
    );

    /* ---------- release files and the right to new versions ---------- */

    const fileParams = z.strictObject({ id: idSchema, fileId: idSchema });
    app.post(
      "/releases/:id/files",
      {
        schema: {
          ...products,
          summary:
            "Attach a file to a release (multipart/form-data: file), e.g. its installer; up to RELEASE_FILE_MAX_MB (500 MB unless set)",
          consumes: ["multipart/form-data"],
          params: idParamsSchema,
          response: { 201: releaseFileSchema, ...problemResponses, 413: problemSchema, 415: problemSchema },
        },
      },
      async (request, reply) => {
        // 404 or 403 before reading any upload
        await service.checkAddFile(request.actor, request.params.id);
        const file = await streamOneFile(request, { maxBytes: options.maxFileBytes }, (upload) =>
          service.addFile(request.actor, request.params.id, upload),
        );
        return reply.status(201).send(file);
      },
    );
    route(
      app,
      {
        method: "get",
        path: "/releases/:id/files",
        tags: products,
        params: idParamsSchema,
        response: z.object({ items: z.array(releaseFileSchema) }),
      },
      ({ actor, params }) => service.listFiles(actor, params.id),
    );
    app.get(
      "/releases/:id/files/:fileId",
      {
        schema: {
          ...products,
          summary:
            "Download a release file: customers while a contract for the product ending on or after the release date entitles them; every download is logged",
          params: fileParams,
          response: { 200: z.any().describe("The file's bytes"), ...problemResponses },
        },
      },
      async (request, reply) =>
        sendFile(reply, await service.downloadFile(request.actor, request.params.id, request.params.fileId)),
    );
    route(
      app,
      {
        method: "delete",
        path: "/releases/:id/files/:fileId",
        tags: products,
        params: fileParams,
        status: 204,
        response: z.null(),
      },
      async ({ actor, params }) => {
        await service.removeFile(actor, params.id, params.fileId);
        return null;
      },
    );
    route(
      app,
      {
        method: "get",
        path: "/releases/:id/downloads",
        tags: products,
        summary: "Who downloaded the release's files, newest first (staff)",
        params: idParamsSchema,
        response: z.object({ items: z.array(releaseDownloadSchema) }),
      },
      ({ actor, params }) => service.listDownloads(actor, params.id),
    );
    route(
      app,
      {
        method: "get",
        path: "/systems/:id/releases",
        tags: systems,
        summary:
          "The releases of the system's product, each with whether this system's contracts entitle its organization to download it",
        params: idParamsSchema,
        response: z.object({ items: z.array(systemReleaseSchema) }),
      },
      ({ actor, params }) => service.systemReleases(actor, params.id),
    );
  };
