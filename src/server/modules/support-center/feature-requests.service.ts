import type { z } from "zod";
import type {
  createFeatureRequestBodySchema,
  FeatureRequest,
  FeatureRequestDetail,
  FeatureRequestStatus,
  featureRequestStatusBodySchema,
  listFeatureRequestsQuerySchema,
} from "../../../api/support-center";
import { checkMerge, checkStatusChange } from "../../../domain/support-center/feature-requests";
import { type Actor, actorUserId, authorize } from "../../platform/actor";
import { vendorToday } from "../../platform/clock";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, invalidField, notFound } from "../../platform/errors";
import type { Page } from "../../platform/pagination";
import { insertAudit } from "../audit";
import type { NotificationsService } from "../notifications";
import type { WebhookEmitter } from "../webhooks";
import * as repo from "./feature-requests.repository";

const isCustomer = (actor: Actor) => actor.role === "customer_contact";

/**
 * Feature requests (SPEC §7): customers of an organization with a current contract for the product submit,
 * vote once and follow; admins and managers set the public status — told to the followers once per change —
 * and merge duplicates. Who asked is staff's business: customers see the request, not the organization.
 */
export const createFeatureRequestsService = (
  { db, clock }: ServiceDeps,
  deps: { notifications: NotificationsService; emitWebhook: WebhookEmitter },
) => {
  const toRequest = (caller: Actor, r: repo.FeatureRequestRow): FeatureRequest => {
    const customer = isCustomer(caller);
    return {
      id: r.id,
      number: r.number,
      productId: r.product_id,
      productName: r.product_name,
      title: r.title,
      description: r.description,
      status: r.status as FeatureRequestStatus,
      statusReason: r.status_reason,
      release: r.release_id && r.release_version ? { id: r.release_id, version: r.release_version } : null,
      mergedInto:
        r.merged_into_id && r.merged_into_number !== null && r.merged_into_title !== null
          ? { id: r.merged_into_id, number: r.merged_into_number, title: r.merged_into_title }
          : null,
      voteCount: r.vote_count,
      voted: Boolean(r.voted),
      following: Boolean(r.following),
      organization: customer ? null : { id: r.organization_id, name: r.organization_name },
      submittedBy:
        customer || !r.submitted_by || !r.submitted_by_name
          ? null
          : { id: r.submitted_by, name: r.submitted_by_name },
      ownOrganization: caller.organizationId === r.organization_id,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      statusChangedAt: r.status_changed_at?.toISOString() ?? null,
      version: r.version,
    };
  };

  const load = async (caller: Actor, id: string, executor: Database = db) => {
    const row = await repo.findRequest(executor, id, caller.userId);
    if (!row) throw notFound("feature_request");
    return row;
  };

  const listRequests = async (
    actor: Actor | null,
    query: z.output<typeof listFeatureRequestsQuerySchema>,
  ): Promise<Page<FeatureRequest>> => {
    const caller = authorize(actor, "support-center:read");
    const page = await repo.listRequests(db, caller.userId, {
      ...query,
      includeMerged: !isCustomer(caller) && query.includeMerged === true,
    });
    return { items: page.items.map((r) => toRequest(caller, r)), nextCursor: page.nextCursor };
  };

  const getRequest = async (actor: Actor | null, id: string): Promise<FeatureRequestDetail> => {
    const caller = authorize(actor, "support-center:read");
    const row = await load(caller, id);
    const [history, merged] = await Promise.all([repo.findHistory(db, id), repo.findMergedInto(db, id)]);
    return {
      ...toRequest(caller, row),
      history: history.map((c) => ({
        fromStatus: c.from_status as FeatureRequestStatus | null,
        toStatus: c.to_status as FeatureRequestStatus,
        reason: c.reason,
        release: c.release_id && c.release_version ? { id: c.release_id, version: c.release_version } : null,
        changedAt: c.changed_at.toISOString(),
      })),
      merged,
    };
  };

  /** A customer acts on a product's requests only with a current contract for it. */
  const requireContract = async (
    caller: Actor,
    executor: Database,
    productId: string,
    productName: string,
  ) => {
    if (!isCustomer(caller)) return;
    const ok = await repo.hasCurrentContract(executor, {
      organizationId: caller.organizationId!,
      productId,
      on: vendorToday(clock),
    });
    if (!ok)
      throw new AppError("forbidden", {
        reason: "no_contract_for_product",
        params: { product: productName },
      });
  };

  const notMerged = (row: { merged_into_id: string | null }, target: number | null) => {
    if (row.merged_into_id) {
      throw new AppError("conflict", { reason: "feature_request_merged", params: { number: target ?? "" } });
    }
  };

  const createRequest = async (
    actor: Actor | null,
    input: z.output<typeof createFeatureRequestBodySchema>,
  ): Promise<FeatureRequestDetail> => {
    const caller = authorize(actor, "feature-requests:submit");
    const product = await repo.findProduct(db, input.productId);
    if (!product) {
      throw invalidField(
        { reason: "product_unknown" },
        {
          field: "productId",
          code: "not_found",
          params: { entity: "product" },
        },
      );
    }
    await requireContract(caller, db, product.id, product.name);
    const now = clock.now();
    const id = await db.transaction().execute(async (tx) => {
      const requestId = await repo.insertRequest(tx, {
        productId: product.id,
        organizationId: caller.organizationId!,
        by: caller.userId,
        title: input.title,
        description: input.description,
        now,
      });
      await repo.insertChange(tx, {
        requestId,
        from: null,
        to: "submitted",
        reason: "",
        releaseId: null,
        by: caller.userId,
        now,
      });
      // who asks follows the answer
      await repo.insertFollower(tx, requestId, caller.userId, now);
      await insertAudit(tx, {
        actor: caller,
        action: "feature_request.submitted",
        entity: "feature_request",
        entityId: requestId,
        organizationId: caller.organizationId,
        details: { productId: product.id, title: input.title },
      });
      return requestId;
    });
    return getRequest(caller, id);
  };

  const vote = async (actor: Actor | null, id: string): Promise<FeatureRequestDetail> => {
    const caller = authorize(actor, "feature-requests:vote");
    await db.transaction().execute(async (tx) => {
      const locked = await repo.lockRequest(tx, id);
      if (!locked) throw notFound("feature_request");
      const row = await load(caller, id, tx);
      notMerged(locked, row.merged_into_number);
      await requireContract(caller, tx, row.product_id, row.product_name);
      const now = clock.now();
      if (!(await repo.insertVote(tx, id, caller.userId, now))) {
        throw new AppError("conflict", { reason: "already_voted" });
      }
      await repo.recountVotes(tx, id, now);
      await insertAudit(tx, {
        actor: caller,
        action: "feature_request.voted",
        entity: "feature_request",
        entityId: id,
        organizationId: caller.organizationId,
        details: { number: row.number },
      });
    });
    return getRequest(caller, id);
  };

  const unvote = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "feature-requests:vote");
    await db.transaction().execute(async (tx) => {
      const locked = await repo.lockRequest(tx, id);
      if (!locked) throw notFound("feature_request");
      // no vote of the caller's: nothing changed, nothing to audit
      if (!(await repo.deleteVote(tx, id, caller.userId))) return;
      await repo.recountVotes(tx, id, clock.now());
      await insertAudit(tx, {
        actor: caller,
        action: "feature_request.vote_withdrawn",
        entity: "feature_request",
        entityId: id,
        organizationId: caller.organizationId,
        details: { number: locked.number },
      });
    });
  };

  const follow = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "feature-requests:follow");
    const row = await load(caller, id);
    notMerged(row, row.merged_into_number);
    await requireContract(caller, db, row.product_id, row.product_name);
    await db.transaction().execute(async (tx) => {
      if (!(await repo.insertFollower(tx, id, caller.userId, clock.now()))) return;
      await insertAudit(tx, {
        actor: caller,
        action: "feature_request.followed",
        entity: "feature_request",
        entityId: id,
        organizationId: caller.organizationId,
        details: { number: row.number },
      });
    });
  };

  const unfollow = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "feature-requests:follow");
    const row = await load(caller, id);
    await db.transaction().execute(async (tx) => {
      if (!(await repo.deleteFollower(tx, id, caller.userId))) return;
      await insertAudit(tx, {
        actor: caller,
        action: "feature_request.unfollowed",
        entity: "feature_request",
        entityId: id,
        organizationId: caller.organizationId,
        details: { number: row.number },
      });
    });
  };

  /** The public status; a real change is recorded and told to each follower once. */
  const changeStatus = async (
    actor: Actor | null,
    id: string,
    input: z.output<typeof featureRequestStatusBodySchema>,
  ): Promise<FeatureRequestDetail> => {
    const caller = authorize(actor, "feature-requests:triage");
    await db.transaction().execute(async (tx) => {
      const locked = await repo.lockRequest(tx, id);
      if (!locked) throw notFound("feature_request");
      if (locked.version !== input.version)
        throw new AppError("version_conflict", { reason: "record_changed" });
      if (locked.merged_into_id) notMerged(locked, (await load(caller, id, tx)).merged_into_number);
      const releaseId = input.status === "released" ? (input.releaseId ?? null) : null;
      const reason = input.reason?.trim() ?? "";
      const check = checkStatusChange(
        {
          status: locked.status as FeatureRequestStatus,
          releaseId: locked.release_id,
          mergedIntoId: locked.merged_into_id,
        },
        { to: input.status, reason, releaseId },
      );
      if (!check.ok) {
        // merged requests were refused above
        if ("field" in check) throw invalidField(undefined, { field: check.field, code: check.code });
      } else if (check.changed) {
        if (releaseId) {
          const release = await repo.findRelease(tx, releaseId);
          if (!release) {
            throw invalidField(undefined, {
              field: "releaseId",
              code: "not_found",
              params: { entity: "release" },
            });
          }
          if (release.product_id !== locked.product_id) {
            throw invalidField(undefined, { field: "releaseId", code: "release_of_product" });
          }
        }
        const now = clock.now();
        await repo.setStatus(tx, id, { status: input.status, reason, releaseId, now });
        await repo.insertChange(tx, {
          requestId: id,
          from: locked.status,
          to: input.status,
          reason,
          releaseId,
          by: actorUserId(caller),
          now,
        });
        const row = await load(caller, id, tx);
        const followers = await repo.findFollowers(tx, id);
        const told = await deps.notifications.onFeatureRequestStatusChanged(
          tx,
          { id, number: row.number, title: row.title, productName: row.product_name },
          { from: locked.status, to: input.status, reason, releaseVersion: row.release_version },
          followers.map((f) => ({
            id: f.id,
            email: f.email,
            name: f.name,
            preferredLanguage: f.preferred_language,
          })),
        );
        await deps.emitWebhook(tx, "feature_request.status_changed", {
          organizationId: null,
          data: { featureRequest: { id, title: row.title, from: locked.status, to: input.status } },
        });
        await insertAudit(tx, {
          actor: caller,
          action: "feature_request.status_changed",
          entity: "feature_request",
          entityId: id,
          organizationId: locked.organization_id,
          details: { from: locked.status, to: input.status, reason, releaseId, followersTold: told },
        });
      }
    });
    return getRequest(caller, id);
  };

  /** A duplicate joins another request of its product: its votes and followers move there. */
  const merge = async (actor: Actor | null, id: string, targetId: string): Promise<FeatureRequestDetail> => {
    const caller = authorize(actor, "feature-requests:triage");
    await db.transaction().execute(async (tx) => {
      // lock both in id order, so two merges of the same pair cannot deadlock
      const [first, second] = [id, targetId].sort();
      const lockedA = await repo.lockRequest(tx, first!);
      const lockedB = first === second ? lockedA : await repo.lockRequest(tx, second!);
      const source = id === first ? lockedA : lockedB;
      const target = id === first ? lockedB : lockedA;
      if (!source) throw notFound("feature_request");
      if (!target)
        throw invalidField(undefined, {
          field: "targetId",
          code: "not_found",
          params: { entity: "feature_request" },
        });
      const check = checkMerge(
        { id: source.id, productId: source.product_id, mergedIntoId: source.merged_into_id },
        { id: target.id, productId: target.product_id, mergedIntoId: target.merged_into_id },
      );
      if (!check.ok) {
        throw new AppError(
          check.reason === "other_product" || check.reason === "same_request"
            ? "validation_failed"
            : "conflict",
          {
            reason: `merge_${check.reason}`,
          },
        );
      }
      await repo.mergeInto(tx, source.id, target.id, clock.now());
      await insertAudit(tx, {
        actor: caller,
        action: "feature_request.merged",
        entity: "feature_request",
        entityId: source.id,
        organizationId: source.organization_id,
        details: { into: target.id, number: target.number },
      });
    });
    return getRequest(caller, targetId);
  };

  return { listRequests, getRequest, createRequest, vote, unvote, follow, unfollow, changeStatus, merge };
};

export type FeatureRequestsService = ReturnType<typeof createFeatureRequestsService>;
