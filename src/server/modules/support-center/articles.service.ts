import { createHash } from "node:crypto";
import type { z } from "zod";
import type {
  Article,
  ArticleFile,
  ArticleStatus,
  ArticleSummary,
  createArticleBodySchema,
  listArticlesQuerySchema,
  Subscription,
  saveSubscriptionsBodySchema,
  UnreadAlert,
  updateArticleBodySchema,
} from "../../../api/support-center";
import {
  isActiveContent,
  isInlineImage,
  sanitizeFilename,
  servedContentType,
} from "../../../domain/cases/attachments";
import {
  type AlertSeverity,
  type ArticleKind,
  affectsVersion,
  allowedArticleTransitions,
  canMoveArticle,
  checkAlert,
} from "../../../domain/support-center/articles";
import { type Actor, actorUserId, authorize, scopeOf } from "../../platform/actor";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, invalidField, notFound } from "../../platform/errors";
import type { Page } from "../../platform/pagination";
import { insertAudit } from "../audit";
import type { NotificationsService } from "../notifications";
import type { WebhookEmitter } from "../webhooks";
import * as repo from "./articles.repository";
import { plainExcerpt, renderMarkdown } from "./markdown";

const isCustomer = (actor: Actor) => actor.role === "customer_contact";

const toFile = (f: Awaited<ReturnType<typeof repo.findArticleFiles>>[number]): ArticleFile => ({
  id: f.id,
  filename: f.filename,
  contentType: f.content_type,
  sizeBytes: f.size_bytes,
  sha256: f.sha256,
  createdAt: f.created_at.toISOString(),
});

const toSummary = (r: repo.ArticleRow): ArticleSummary => ({
  id: r.id,
  kind: r.kind as ArticleKind,
  status: r.status as ArticleStatus,
  productId: r.product_id,
  productName: r.product_name,
  title: r.title,
  excerpt: plainExcerpt(r.body),
  severity: r.severity as AlertSeverity | null,
  affectedFrom: r.affected_from,
  affectedTo: r.affected_to,
  publishedAt: r.published_at?.toISOString() ?? null,
  updatedAt: r.updated_at.toISOString(),
});

type Fields = {
  productId: string | null;
  title: string;
  body: string;
  severity: AlertSeverity | null;
  affectedFrom: string | null;
  affectedTo: string | null;
  workaround: string;
  fixedInReleaseId: string | null;
};

/**
 * The support center's articles (SPEC §7): written in Markdown by the desk and the engineers, published to
 * every customer, archived when they no longer apply; every change audited. Publishing an article the first
 * time tells its product's subscribers.
 */
export const createArticlesService = (
  { db, clock }: ServiceDeps,
  deps: { notifications: NotificationsService; emitWebhook: WebhookEmitter },
) => {
  /** Customers read published articles only; anything else is "not found" for them. */
  const readable = async (caller: Actor, id: string) => {
    const row = await repo.findArticle(db, id, { publishedOnly: isCustomer(caller) });
    if (!row) throw notFound("article");
    return row;
  };

  /** A customer's systems the alert affects ("afecta a su versión 3.2.1"). */
  const affectedSystems = (
    row: Pick<repo.ArticleRow, "kind" | "product_id" | "affected_from" | "affected_to">,
    systems: Awaited<ReturnType<typeof repo.findOrganizationSystems>>,
  ) =>
    row.kind === "alert"
      ? systems
          .filter(
            (s) =>
              s.product_id === row.product_id &&
              affectsVersion({ from: row.affected_from, to: row.affected_to }, s.installed_version),
          )
          .map((s) => ({ systemId: s.id, systemName: s.name, installedVersion: s.installed_version }))
      : [];

  const toArticle = async (caller: Actor, row: repo.ArticleRow): Promise<Article> => {
    const customer = isCustomer(caller);
    const [files, cases, systems, read] = await Promise.all([
      repo.findArticleFiles(db, row.id),
      customer || row.kind !== "resolution" ? null : repo.findArticleCases(db, row.id),
      customer ? repo.findOrganizationSystems(db, caller.organizationId!) : [],
      repo.isRead(db, row.id, caller.userId),
    ]);
    return {
      ...toSummary(row),
      body: customer ? null : row.body,
      bodyHtml: row.body_html,
      workaround: customer ? null : row.workaround,
      workaroundHtml: row.workaround_html,
      fixedIn:
        row.fixed_in_release_id && row.fixed_in_version
          ? { releaseId: row.fixed_in_release_id, version: row.fixed_in_version }
          : null,
      files: files.map(toFile),
      cases: customer ? null : (cases ?? []),
      affectsSystems: affectedSystems(row, systems),
      read,
      allowedStatuses: customer ? [] : [...allowedArticleTransitions(row.status as ArticleStatus)],
      createdAt: row.created_at.toISOString(),
      version: row.version,
    };
  };

  const listArticles = async (
    actor: Actor | null,
    query: z.output<typeof listArticlesQuerySchema>,
  ): Promise<Page<ArticleSummary>> => {
    const caller = authorize(actor, "support-center:read");
    const status = isCustomer(caller) ? "published" : query.status;
    const page = await repo.listArticles(db, { ...query, status });
    return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
  };

  const getArticle = async (actor: Actor | null, id: string): Promise<Article> => {
    const caller = authorize(actor, "support-center:read");
    return toArticle(caller, await readable(caller, id));
  };

  /** The article's rules checked against the database: an alert's fields, its product, release and cases. */
  const validate = async (kind: ArticleKind, fields: Fields, caseIds: readonly string[]) => {
    if (kind === "alert") {
      const check = checkAlert({
        productId: fields.productId,
        severity: fields.severity,
        affected: { from: fields.affectedFrom, to: fields.affectedTo },
      });
      if (!check.ok) throw invalidField(undefined, { field: check.field, code: check.code });
    }
    if (fields.productId && !(await repo.findProductName(db, fields.productId))) {
      throw invalidField(
        { reason: "product_unknown" },
        { field: "productId", code: "not_found", params: { entity: "product" } },
      );
    }
    if (fields.fixedInReleaseId) {
      const release = await repo.findRelease(db, fields.fixedInReleaseId);
      if (!release) {
        throw invalidField(undefined, {
          field: "fixedInReleaseId",
          code: "not_found",
          params: { entity: "release" },
        });
      }
      if (release.product_id !== fields.productId) {
        throw invalidField(undefined, { field: "fixedInReleaseId", code: "release_of_product" });
      }
    }
    if (caseIds.length) {
      const known = await repo.findExistingCases(db, caseIds);
      const unknown = caseIds.findIndex((id) => !known.has(id));
      if (unknown >= 0) {
        throw invalidField(undefined, {
          field: `caseIds.${unknown}`,
          code: "not_found",
          params: { entity: "case" },
        });
      }
    }
  };

  /** Only alerts carry a severity, a version range, a workaround and a fix. */
  const normalized = (kind: ArticleKind, fields: Fields): Fields =>
    kind === "alert"
      ? fields
      : {
          ...fields,
          severity: null,
          affectedFrom: null,
          affectedTo: null,
          workaround: "",
          fixedInReleaseId: null,
        };

  const rendered = (fields: Fields) => ({
    ...fields,
    bodyHtml: renderMarkdown(fields.body),
    workaroundHtml: renderMarkdown(fields.workaround),
  });

  const createArticle = async (
    actor: Actor | null,
    input: z.output<typeof createArticleBodySchema>,
  ): Promise<Article> => {
    const caller = authorize(actor, "support-center:write");
    const fields = normalized(input.kind, {
      productId: input.productId ?? null,
      title: input.title,
      body: input.body,
      severity: input.severity ?? null,
      affectedFrom: input.affectedFrom ?? null,
      affectedTo: input.affectedTo ?? null,
      workaround: input.workaround,
      fixedInReleaseId: input.fixedInReleaseId ?? null,
    });
    const caseIds = input.kind === "resolution" ? (input.caseIds ?? []) : [];
    await validate(input.kind, fields, caseIds);
    const now = clock.now();
    const id = await db.transaction().execute(async (tx) => {
      const articleId = await repo.insertArticle(tx, {
        ...rendered(fields),
        kind: input.kind,
        by: actorUserId(caller),
        now,
      });
      await repo.replaceArticleCases(tx, articleId, caseIds);
      await insertAudit(tx, {
        actor: caller,
        action: "article.created",
        entity: "article",
        entityId: articleId,
        details: {
          kind: input.kind,
          title: fields.title,
          productId: fields.productId,
          cases: caseIds.length,
        },
      });
      return articleId;
    });
    return getArticle(caller, id);
  };

  const versionConflict = () => new AppError("version_conflict", { reason: "record_changed" });

  const updateArticle = async (
    actor: Actor | null,
    id: string,
    input: z.output<typeof updateArticleBodySchema>,
  ): Promise<Article> => {
    const caller = authorize(actor, "support-center:write");
    await db.transaction().execute(async (tx) => {
      const row = await repo.lockArticle(tx, id);
      if (!row) throw notFound("article");
      if (row.version !== input.version) throw versionConflict();
      const kind = row.kind as ArticleKind;
      const before: Fields = {
        productId: row.product_id,
        title: row.title,
        body: row.body,
        severity: row.severity as AlertSeverity | null,
        affectedFrom: row.affected_from,
        affectedTo: row.affected_to,
        workaround: row.workaround,
        fixedInReleaseId: row.fixed_in_release_id,
      };
      const after = normalized(kind, {
        productId: input.productId === undefined ? before.productId : input.productId,
        title: input.title ?? before.title,
        body: input.body ?? before.body,
        severity: input.severity === undefined ? before.severity : input.severity,
        affectedFrom: input.affectedFrom === undefined ? before.affectedFrom : input.affectedFrom,
        affectedTo: input.affectedTo === undefined ? before.affectedTo : input.affectedTo,
        workaround: input.workaround ?? before.workaround,
        fixedInReleaseId:
          input.fixedInReleaseId === undefined ? before.fixedInReleaseId : input.fixedInReleaseId,
      });
      const caseIds = kind === "resolution" ? input.caseIds : undefined;
      await validate(kind, after, caseIds ?? []);
      if (
        !(await repo.updateArticle(tx, id, input.version, {
          ...rendered(after),
          by: actorUserId(caller),
          now: clock.now(),
        }))
      ) {
        throw versionConflict();
      }
      if (caseIds) await repo.replaceArticleCases(tx, id, caseIds);
      const changed = (Object.keys(after) as (keyof Fields)[]).filter((k) => after[k] !== before[k]);
      await insertAudit(tx, {
        actor: caller,
        action: "article.updated",
        entity: "article",
        entityId: id,
        details: { changed: caseIds ? [...changed, "caseIds"] : changed },
      });
    });
    return getArticle(caller, id);
  };

  /** Publish or archive; the first publication tells the product's subscribers, in the same transaction. */
  const changeStatus = async (
    actor: Actor | null,
    id: string,
    input: { status: "published" | "archived"; version: number },
  ): Promise<Article> => {
    const caller = authorize(actor, "support-center:write");
    await db.transaction().execute(async (tx) => {
      const row = await repo.lockArticle(tx, id);
      if (!row) throw notFound("article");
      if (row.version !== input.version) throw versionConflict();
      const from = row.status as ArticleStatus;
      if (!canMoveArticle(from, input.status)) {
        throw new AppError("invalid_transition", {
          reason: "transition_not_allowed",
          params: { from, to: input.status, allowed: allowedArticleTransitions(from).join(", ") || "—" },
        });
      }
      const now = clock.now();
      const publishing = input.status === "published";
      await repo.setArticleStatus(tx, id, input.version, {
        status: input.status,
        by: actorUserId(caller),
        now,
        publishing,
      });
      let told = { mailed: 0, digested: 0 };
      if (publishing && !row.first_published_at && row.product_id) {
        const subscribers = await repo.findSubscribers(tx, row.product_id, row.kind);
        told = await deps.notifications.onArticlePublished(
          tx,
          {
            id,
            kind: row.kind as ArticleKind,
            title: row.title,
            productName: (await repo.findProductName(tx, row.product_id)) ?? "",
            excerpt: plainExcerpt(row.body, 600),
            severity: row.severity,
            affectedFrom: row.affected_from,
            affectedTo: row.affected_to,
          },
          subscribers.map((s) => ({
            id: s.id,
            email: s.email,
            name: s.name,
            preferredLanguage: s.preferred_language,
            digest: s.digest,
          })),
        );
      }
      if (publishing && !row.first_published_at && row.kind === "alert") {
        await deps.emitWebhook(tx, "alert.published", {
          organizationId: null,
          data: {
            alert: { id, title: row.title, severity: row.severity ?? "", publishedAt: now.toISOString() },
          },
        });
      }
      await insertAudit(tx, {
        actor: caller,
        action: publishing ? "article.published" : "article.archived",
        entity: "article",
        entityId: id,
        details: { from, to: input.status, ...told },
      });
    });
    return getArticle(caller, id);
  };

  const previewMarkdown = (actor: Actor | null, markdown: string) => {
    authorize(actor, "support-center:write");
    return { html: renderMarkdown(markdown) };
  };

  const markRead = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "support-center:read");
    await readable(caller, id);
    await db.transaction().execute(async (tx) => {
      // read before: nothing changed, nothing to audit
      if (!(await repo.markRead(tx, id, caller.userId, clock.now()))) return;
      await insertAudit(tx, {
        actor: caller,
        action: "article.read",
        entity: "article",
        entityId: id,
        organizationId: caller.organizationId,
      });
    });
  };

  /** The portal home's alerts: published, for the organization's products and installed versions, unread. */
  const unreadAlerts = async (actor: Actor | null): Promise<{ items: UnreadAlert[] }> => {
    const caller = authorize(actor, "support-center:read");
    if (!isCustomer(caller)) return { items: [] };
    const systems = await repo.findOrganizationSystems(db, caller.organizationId!);
    const rows = await repo.findUnreadAlerts(db, {
      userId: caller.userId,
      productIds: [...new Set(systems.map((s) => s.product_id))],
    });
    return {
      items: rows
        .map((row) => ({ ...toSummary(row), affectsSystems: affectedSystems(row, systems) }))
        .filter((alert) => alert.affectsSystems.length > 0),
    };
  };

  /* ---------- files ---------- */

  /** Before an upload is read: the caller may add files, and the article exists. */
  const checkAddFile = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "support-center:write");
    await readable(caller, id);
  };

  const addFile = async (
    actor: Actor | null,
    id: string,
    file: { filename: string; contentType: string; content: Buffer },
  ): Promise<ArticleFile> => {
    const caller = authorize(actor, "support-center:write");
    const filename = sanitizeFilename(file.filename);
    // published to every customer: nothing that could run when opened
    if (isActiveContent(file.contentType, filename)) {
      throw new AppError("unsupported_media_type", {
        reason: "file_type_not_allowed",
        params: { type: file.contentType || filename },
      });
    }
    const fileId = await db.transaction().execute(async (tx) => {
      if (!(await repo.lockArticle(tx, id))) throw notFound("article");
      const sha256 = createHash("sha256").update(file.content).digest("hex");
      const inserted = await repo.insertArticleFile(tx, {
        articleId: id,
        filename,
        contentType: file.contentType,
        content: file.content,
        sha256,
        by: actorUserId(caller),
        now: clock.now(),
      });
      await insertAudit(tx, {
        actor: caller,
        action: "article.file_added",
        entity: "article",
        entityId: id,
        details: { fileId: inserted, filename, sizeBytes: file.content.length, sha256 },
      });
      return inserted;
    });
    return toFile((await repo.findArticleFiles(db, id)).find((f) => f.id === fileId)!);
  };

  const getFileContent = async (actor: Actor | null, id: string, fileId: string) => {
    const caller = authorize(actor, "support-center:read");
    await readable(caller, id);
    const row = await repo.findArticleFileContent(db, id, fileId);
    if (!row) throw notFound("article_file");
    const servedType = servedContentType(row.content_type);
    return {
      filename: row.filename,
      servedType,
      content: row.content,
      inline: isInlineImage(servedType, row.content),
    };
  };

  const removeFile = async (actor: Actor | null, id: string, fileId: string) => {
    const caller = authorize(actor, "support-center:write");
    await db.transaction().execute(async (tx) => {
      if (!(await repo.lockArticle(tx, id))) throw notFound("article");
      if (!(await repo.deleteArticleFile(tx, id, fileId))) throw notFound("article_file");
      await insertAudit(tx, {
        actor: caller,
        action: "article.file_removed",
        entity: "article",
        entityId: id,
        details: { fileId },
      });
    });
  };

  /* ---------- subscriptions ---------- */

  const listSubscriptions = async (actor: Actor | null): Promise<{ items: Subscription[] }> => {
    const caller = authorize(actor, "support-center:subscribe");
    return {
      items: (await repo.findSubscriptions(db, caller.userId)).map((s) => ({
        productId: s.product_id,
        kind: s.kind as ArticleKind,
        digest: s.digest,
      })),
    };
  };

  const saveSubscriptions = async (
    actor: Actor | null,
    input: z.output<typeof saveSubscriptionsBodySchema>,
  ): Promise<{ items: Subscription[] }> => {
    const caller = authorize(actor, "support-center:subscribe");
    // one row per product and kind: the last one given wins
    const unique = [...new Map(input.items.map((i) => [`${i.productId}:${i.kind}`, i])).values()];
    // a customer subscribes to the products their organization runs; another's is as unknown as none
    const known = await repo.findExistingProducts(db, scopeOf(caller), [
      ...new Set(unique.map((i) => i.productId)),
    ]);
    const unknown = input.items.findIndex((i) => !known.has(i.productId));
    if (unknown >= 0) {
      throw invalidField(undefined, {
        field: `items.${unknown}.productId`,
        code: "not_found",
        params: { entity: "product" },
      });
    }
    const before = (await listSubscriptions(caller)).items;
    await db.transaction().execute(async (tx) => {
      await repo.replaceSubscriptions(tx, caller.userId, unique, clock.now());
      await insertAudit(tx, {
        actor: caller,
        action: "support_subscriptions.updated",
        entity: "user",
        entityId: caller.userId,
        organizationId: caller.organizationId,
        details: { before, after: unique },
      });
    });
    return listSubscriptions(caller);
  };

  return {
    listArticles,
    getArticle,
    createArticle,
    updateArticle,
    changeStatus,
    previewMarkdown,
    markRead,
    unreadAlerts,
    checkAddFile,
    addFile,
    getFileContent,
    removeFile,
    listSubscriptions,
    saveSubscriptions,
  };
};

export type ArticlesService = ReturnType<typeof createArticlesService>;
