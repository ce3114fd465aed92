import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParamsSchema, idSchema, pageOf } from "../../../api/common";
import { problemSchema } from "../../../api/errors";
import {
  articleFileSchema,
  articleSchema,
  articleStatusBodySchema,
  articleSummarySchema,
  createArticleBodySchema,
  createFeatureRequestBodySchema,
  featureRequestDetailSchema,
  featureRequestSchema,
  featureRequestStatusBodySchema,
  listArticlesQuerySchema,
  listFeatureRequestsQuerySchema,
  MAX_ARTICLE_FILE_BYTES,
  markdownPreviewBodySchema,
  markdownPreviewSchema,
  mergeFeatureRequestBodySchema,
  saveSubscriptionsBodySchema,
  searchHitSchema,
  searchQuerySchemaFull,
  subscriptionsSchema,
  unreadAlertSchema,
  updateArticleBodySchema,
} from "../../../api/support-center";
import { readOneFile, sendFile } from "../../platform/file-transfer";
import { problemResponses, SECURED } from "../../platform/openapi";
import { listRoute, route } from "../../platform/route";
import type { ArticlesService } from "./articles.service";
import type { FeatureRequestsService } from "./feature-requests.service";
import type { SearchService } from "./search.service";

const fileParamsSchema = z.strictObject({ id: idSchema, fileId: idSchema });

export const supportCenterRoutes =
  (services: {
    articles: ArticlesService;
    featureRequests: FeatureRequestsService;
    search: SearchService;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const { articles, featureRequests, search } = services;
    const tags = { tags: ["support center"], security: SECURED };

    listRoute(
      app,
      "/support-center/search",
      {
        tags,
        summary:
          "Search articles and feature requests in Spanish (stemming, accents ignored), best match first, with highlighted snippets",
        querystring: searchQuerySchemaFull,
        page: pageOf(searchHitSchema),
      },
      ({ actor, query }) => search.searchSupportCenter(actor, query),
    );

    /* ---------- articles ---------- */

    listRoute(
      app,
      "/support-center/articles",
      {
        tags,
        summary: "Technical alerts, tips and published resolutions; customers see published ones",
        querystring: listArticlesQuerySchema,
        page: pageOf(articleSummarySchema),
      },
      ({ actor, query }) => articles.listArticles(actor, query),
    );
    route(
      app,
      {
        method: "post",
        path: "/support-center/articles",
        tags,
        summary: "Write a draft article (Markdown)",
        body: createArticleBodySchema,
        status: 201,
        response: articleSchema,
      },
      ({ actor, body }) => articles.createArticle(actor, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/support-center/articles/:id",
        tags,
        params: idParamsSchema,
        response: articleSchema,
      },
      ({ actor, params }) => articles.getArticle(actor, params.id),
    );
    route(
      app,
      {
        method: "patch",
        path: "/support-center/articles/:id",
        tags,
        summary: "Edit an article; `version` is the one read (a save over another's change is a 409)",
        params: idParamsSchema,
        body: updateArticleBodySchema,
        response: articleSchema,
      },
      ({ actor, params, body }) => articles.updateArticle(actor, params.id, body),
    );
    route(
      app,
      {
        method: "post",
        path: "/support-center/articles/:id/status",
        tags,
        summary: "Publish or archive; the first publication mails the product's subscribers",
        params: idParamsSchema,
        body: articleStatusBodySchema,
        response: articleSchema,
      },
      ({ actor, params, body }) => articles.changeStatus(actor, params.id, body),
    );
    route(
      app,
      {
        method: "post",
        path: "/support-center/articles/:id/read",
        tags,
        summary: "Mark the article read by the caller (the portal's unread alerts)",
        params: idParamsSchema,
        status: 204,
        response: z.null(),
      },
      async ({ actor, params }) => {
        await articles.markRead(actor, params.id);
        return null;
      },
    );
    route(
      app,
      {
        method: "post",
        path: "/support-center/preview",
        tags,
        summary: "Markdown rendered as an article shows it (inert HTML)",
        body: markdownPreviewBodySchema,
        response: markdownPreviewSchema,
      },
      async ({ actor, body }) => articles.previewMarkdown(actor, body.markdown),
    );
    route(
      app,
      {
        method: "get",
        path: "/support-center/alerts/unread",
        tags,
        summary:
          "A customer's unread published alerts that affect an installed version of their organization's systems",
        response: z.object({ items: z.array(unreadAlertSchema) }),
      },
      ({ actor }) => articles.unreadAlerts(actor),
    );
    app.post(
      "/support-center/articles/:id/files",
      {
        schema: {
          ...tags,
          summary:
            "Attach a file to an article (multipart/form-data: file); SVG, HTML and scripts are refused",
          consumes: ["multipart/form-data"],
          params: idParamsSchema,
          response: { 201: articleFileSchema, ...problemResponses, 413: problemSchema, 415: problemSchema },
        },
      },
      async (request, reply) => {
        // 404 or 403 before reading any upload
        await articles.checkAddFile(request.actor, request.params.id);
        const upload = await readOneFile(request, { maxBytes: MAX_ARTICLE_FILE_BYTES });
        return reply.status(201).send(await articles.addFile(request.actor, request.params.id, upload));
      },
    );
    app.get(
      "/support-center/articles/:id/files/:fileId",
      {
        schema: {
          ...tags,
          summary: "An article's file: images inline (for the article's page), anything else as a download",
          params: fileParamsSchema,
          response: { 200: z.any().describe("The file's bytes"), ...problemResponses },
        },
      },
      async (request, reply) => {
        const file = await articles.getFileContent(request.actor, request.params.id, request.params.fileId);
        return sendFile(reply, file, { inline: file.inline, cache: "private" });
      },
    );
    route(
      app,
      {
        method: "delete",
        path: "/support-center/articles/:id/files/:fileId",
        tags,
        params: fileParamsSchema,
        status: 204,
        response: z.null(),
      },
      async ({ actor, params }) => {
        await articles.removeFile(actor, params.id, params.fileId);
        return null;
      },
    );

    /* ---------- subscriptions ---------- */

    route(
      app,
      {
        method: "get",
        path: "/support-center/subscriptions",
        tags,
        summary: "The caller's subscriptions by product and kind of article",
        response: subscriptionsSchema,
      },
      ({ actor }) => articles.listSubscriptions(actor),
    );
    route(
      app,
      {
        method: "put",
        path: "/support-center/subscriptions",
        tags,
        summary: "Replace the caller's subscriptions",
        body: saveSubscriptionsBodySchema,
        response: subscriptionsSchema,
      },
      ({ actor, body }) => articles.saveSubscriptions(actor, body),
    );

    /* ---------- feature requests ---------- */

    listRoute(
      app,
      "/support-center/feature-requests",
      {
        tags,
        summary: "Feature requests with their public status, most voted (or newest) first",
        querystring: listFeatureRequestsQuerySchema,
        page: pageOf(featureRequestSchema),
      },
      ({ actor, query }) => featureRequests.listRequests(actor, query),
    );
    route(
      app,
      {
        method: "post",
        path: "/support-center/feature-requests",
        tags,
        summary:
          "Ask for a feature (customer contacts of an organization with a current contract for the product)",
        body: createFeatureRequestBodySchema,
        status: 201,
        response: featureRequestDetailSchema,
      },
      ({ actor, body }) => featureRequests.createRequest(actor, body),
    );
    route(
      app,
      {
        method: "get",
        path: "/support-center/feature-requests/:id",
        tags,
        params: idParamsSchema,
        response: featureRequestDetailSchema,
      },
      ({ actor, params }) => featureRequests.getRequest(actor, params.id),
    );
    route(
      app,
      {
        method: "post",
        path: "/support-center/feature-requests/:id/status",
        tags,
        summary: "Set the public status; the followers are mailed once per change",
        params: idParamsSchema,
        body: featureRequestStatusBodySchema,
        response: featureRequestDetailSchema,
      },
      ({ actor, params, body }) => featureRequests.changeStatus(actor, params.id, body),
    );
    route(
      app,
      {
        method: "post",
        path: "/support-center/feature-requests/:id/merge",
        tags,
        summary: "Merge a duplicate into another request of its product (votes and followers move there)",
        params: idParamsSchema,
        body: mergeFeatureRequestBodySchema,
        response: featureRequestDetailSchema,
      },
      ({ actor, params, body }) => featureRequests.merge(actor, params.id, body.targetId),
    );
    route(
      app,
      {
        method: "post",
        path: "/support-center/feature-requests/:id/votes",
        tags,
        summary: "Vote for a request, once per person",
        params: idParamsSchema,
        status: 201,
        response: featureRequestDetailSchema,
      },
      ({ actor, params }) => featureRequests.vote(actor, params.id),
    );
    route(
      app,
      {
        method: "delete",
        path: "/support-center/feature-requests/:id/votes/mine",
        tags,
        summary: "Withdraw the caller's vote",
        params: idParamsSchema,
        status: 204,
        response: z.null(),
      },
      async ({ actor, params }) => {
        await featureRequests.unvote(actor, params.id);
        return null;
      },
    );
    route(
      app,
      {
        method: "put",
        path: "/support-center/feature-requests/:id/follow",
        tags,
        summary: "Follow a request: its status changes are mailed to the caller",
        params: idParamsSchema,
        status: 204,
        response: z.null(),
      },
      async ({ actor, params }) => {
        await featureRequests.follow(actor, params.id);
        return null;
      },
    );
    route(
      app,
      {
        method: "delete",
        path: "/support-center/feature-requests/:id/follow",
        tags,
        params: idParamsSchema,
        status: 204,
        response: z.null(),
      },
      async ({ actor, params }) => {
        await featureRequests.unfollow(actor, params.id);
        return null;
      },
    );
  };
