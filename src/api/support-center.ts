import { z } from "zod";
import {
  ALERT_SEVERITIES,
  type AlertSeverity,
  ARTICLE_KINDS,
  ARTICLE_STATUSES,
  type ArticleKind,
  type ArticleStatus,
} from "../domain/support-center/articles";
import {
  FEATURE_REQUEST_STATUSES,
  type FeatureRequestStatus,
} from "../domain/support-center/feature-requests";
import { versionSchema } from "./catalog";
import {
  idSchema,
  oneLineText,
  paginationQuerySchema,
  plainText,
  searchQuerySchema,
  timestampSchema,
} from "./common";

export type { AlertSeverity, ArticleKind, ArticleStatus, FeatureRequestStatus };
export { ALERT_SEVERITIES, ARTICLE_KINDS, ARTICLE_STATUSES, FEATURE_REQUEST_STATUSES };

export const MAX_ARTICLE_BODY = 100_000;
export const MAX_ARTICLE_FILE_BYTES = 10 * 1024 * 1024;

const title = oneLineText(200)
  .transform((s) => s.trim())
  .pipe(z.string().min(1, "must not be empty"));
/** Markdown: rendered on the server to inert HTML (no raw HTML, no scripts, only http(s) and mailto links). */
const markdown = (max: number) => plainText(max);

/* ---------- articles ---------- */

export const articleFileSchema = z.object({
  id: idSchema,
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: timestampSchema,
});
export type ArticleFile = z.infer<typeof articleFileSchema>;

const affectedSystemSchema = z.object({
  systemId: idSchema,
  systemName: z.string(),
  installedVersion: z.string(),
});

export const articleSummarySchema = z.object({
  id: idSchema,
  kind: z.enum(ARTICLE_KINDS),
  status: z.enum(ARTICLE_STATUSES),
  productId: idSchema.nullable(),
  productName: z.string().nullable(),
  title: z.string(),
  /** The start of the text, without Markdown. */
  excerpt: z.string(),
  severity: z.enum(ALERT_SEVERITIES).nullable(),
  affectedFrom: z.string().nullable(),
  affectedTo: z.string().nullable(),
  publishedAt: timestampSchema.nullable(),
  updatedAt: timestampSchema,
});
export type ArticleSummary = z.infer<typeof articleSummarySchema>;

export const articleSchema = articleSummarySchema.extend({
  /** The Markdown as written: staff only (customers get the HTML). */
  body: z.string().nullable(),
  bodyHtml: z.string(),
  workaround: z.string().nullable(),
  workaroundHtml: z.string(),
  fixedIn: z.object({ releaseId: idSchema, version: z.string() }).nullable(),
  files: z.array(articleFileSchema),
  /** The cases a resolution came from: staff only (null for customers). */
  cases: z.array(z.object({ id: idSchema, number: z.string(), subject: z.string() })).nullable(),
  /** A customer's systems whose installed version the alert affects. */
  affectsSystems: z.array(affectedSystemSchema),
  read: z.boolean(),
  allowedStatuses: z.array(z.enum(ARTICLE_STATUSES)),
  createdAt: timestampSchema,
  version: z.number().int(),
});
export type Article = z.infer<typeof articleSchema>;

const articleFields = {
  productId: idSchema.nullable().optional(),
  body: markdown(MAX_ARTICLE_BODY).default(""),
  severity: z.enum(ALERT_SEVERITIES).nullable().optional(),
  affectedFrom: versionSchema.nullable().optional(),
  affectedTo: versionSchema.nullable().optional(),
  workaround: markdown(20_000).default(""),
  fixedInReleaseId: idSchema.nullable().optional(),
  /** A resolution's source cases. */
  caseIds: z.array(idSchema).max(50).optional(),
};

export const createArticleBodySchema = z.strictObject({
  kind: z.enum(ARTICLE_KINDS),
  title,
  ...articleFields,
});

export const updateArticleBodySchema = z.strictObject({
  title: title.optional(),
  productId: articleFields.productId,
  body: markdown(MAX_ARTICLE_BODY).optional(),
  severity: articleFields.severity,
  affectedFrom: articleFields.affectedFrom,
  affectedTo: articleFields.affectedTo,
  workaround: markdown(20_000).optional(),
  fixedInReleaseId: articleFields.fixedInReleaseId,
  caseIds: articleFields.caseIds,
  /** The version read: a save over someone else's change is refused. */
  version: z.number().int(),
});

export const articleStatusBodySchema = z.strictObject({
  status: z.enum(["published", "archived"]),
  version: z.number().int(),
});

export const listArticlesQuerySchema = paginationQuerySchema.extend({
  kind: z.enum(ARTICLE_KINDS).optional(),
  /** Staff only; customers see published articles. */
  status: z.enum(ARTICLE_STATUSES).optional(),
  productId: idSchema.optional(),
});

export const markdownPreviewBodySchema = z.strictObject({ markdown: markdown(MAX_ARTICLE_BODY) });
export const markdownPreviewSchema = z.object({ html: z.string() });

/** The portal home: published alerts for the organization's products and installed versions, not yet read. */
export const unreadAlertSchema = articleSummarySchema.extend({
  affectsSystems: z.array(affectedSystemSchema),
});
export type UnreadAlert = z.infer<typeof unreadAlertSchema>;

/* ---------- subscriptions ---------- */

export const subscriptionSchema = z.object({
  productId: idSchema,
  kind: z.enum(ARTICLE_KINDS),
  /** Collected into an hourly digest instead of one mail per article. */
  digest: z.boolean(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;
export const subscriptionsSchema = z.object({ items: z.array(subscriptionSchema) });
export const saveSubscriptionsBodySchema = z.strictObject({
  items: z.array(subscriptionSchema).max(200),
});

/* ---------- feature requests ---------- */

const releaseRefSchema = z.object({ id: idSchema, version: z.string() });

export const featureRequestChangeSchema = z.object({
  fromStatus: z.enum(FEATURE_REQUEST_STATUSES).nullable(),
  toStatus: z.enum(FEATURE_REQUEST_STATUSES),
  reason: z.string(),
  release: releaseRefSchema.nullable(),
  changedAt: timestampSchema,
});

export const featureRequestSchema = z.object({
  id: idSchema,
  number: z.number().int(),
  productId: idSchema,
  productName: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.enum(FEATURE_REQUEST_STATUSES),
  statusReason: z.string(),
  release: releaseRefSchema.nullable(),
  mergedInto: z.object({ id: idSchema, number: z.number().int(), title: z.string() }).nullable(),
  voteCount: z.number().int(),
  voted: z.boolean(),
  following: z.boolean(),
  /** Who asked: staff only (another organization's name is not for customers). */
  organization: z.object({ id: idSchema, name: z.string() }).nullable(),
  submittedBy: z.object({ id: idSchema, name: z.string() }).nullable(),
  /** Whether the caller's organization asked it. */
  ownOrganization: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  statusChangedAt: timestampSchema.nullable(),
  version: z.number().int(),
});
export type FeatureRequest = z.infer<typeof featureRequestSchema>;

export const featureRequestDetailSchema = featureRequestSchema.extend({
  history: z.array(featureRequestChangeSchema),
  /** Duplicates merged into this one. */
  merged: z.array(z.object({ id: idSchema, number: z.number().int(), title: z.string() })),
});
export type FeatureRequestDetail = z.infer<typeof featureRequestDetailSchema>;

export const createFeatureRequestBodySchema = z.strictObject({
  productId: idSchema,
  title,
  description: plainText(20_000).default(""),
});

export const featureRequestStatusBodySchema = z.strictObject({
  status: z.enum(FEATURE_REQUEST_STATUSES),
  /** Required when declined: told to the followers. */
  reason: plainText(2000).optional(),
  /** Required when released. */
  releaseId: idSchema.optional(),
  version: z.number().int(),
});

export const mergeFeatureRequestBodySchema = z.strictObject({ targetId: idSchema });

export const FEATURE_REQUEST_SORTS = ["votes", "newest"] as const;
export const listFeatureRequestsQuerySchema = paginationQuerySchema.extend({
  productId: idSchema.optional(),
  status: z.enum(FEATURE_REQUEST_STATUSES).optional(),
  sort: z.enum(FEATURE_REQUEST_SORTS).default("votes"),
  /** Only the requests the caller follows. */
  following: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  /** Staff: include merged duplicates. */
  includeMerged: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});

/* ---------- search ---------- */

export const SEARCH_TYPES = ["article", "feature_request"] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export const searchQuerySchemaFull = paginationQuerySchema.extend({
  q: searchQuerySchema.pipe(z.string().min(1, "must not be empty")),
  type: z.enum(SEARCH_TYPES).optional(),
  productId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** A piece of a snippet: the matched words are `match: true`. Plain text, for the client to highlight. */
export const snippetPartSchema = z.object({ text: z.string(), match: z.boolean() });

export const searchHitSchema = z.object({
  type: z.enum(SEARCH_TYPES),
  id: idSchema,
  title: z.string(),
  /** The article's kind, or null for a feature request. */
  kind: z.enum(ARTICLE_KINDS).nullable(),
  /** The article's or the request's status. */
  status: z.string(),
  productName: z.string().nullable(),
  /** The title with its matched words flagged. */
  titleParts: z.array(snippetPartSchema),
  snippet: z.array(snippetPartSchema),
  rank: z.number(),
  at: timestampSchema,
});
export type SearchHit = z.infer<typeof searchHitSchema>;
