import type { InboundReason } from "../../../api/email";
import { type Actor, authorize } from "../../platform/actor";
import type { ServiceDeps } from "../../platform/deps";
import { notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import * as repo from "./email-intake.repository";
import type { MessageIntakeService } from "./intake-message.service";

const FILTERS: Record<string, readonly string[] | null> = {
  attention: ["review", "failed"],
  ignored: ["ignored"],
  processed: ["processed"],
  pending: ["received", "processing"],
  all: null,
};

const toSummary = (r: Awaited<ReturnType<typeof repo.findInboundPage>>["items"][number]) => ({
  id: r.id,
  messageId: r.message_id,
  source: r.source as "smtp" | "imap",
  receivedAt: r.received_at.toISOString(),
  deliveries: r.deliveries,
  status: r.status as "received",
  outcome: r.outcome,
  detail: r.detail,
  reason: r.reason as InboundReason | null,
  reasonParams: r.reason_params ?? {},
  from: r.from_address,
  subject: r.subject,
  caseId: r.case_id,
  sizeBytes: r.size_bytes,
  autoReplied: r.auto_replied,
  attempts: r.attempts,
  processedAt: r.processed_at?.toISOString() ?? null,
});

/** The desk's incoming-mail screens: the lists by state, a message, retrying and dismissing it. */
export const createInboundReviewService = (
  { db, clock }: ServiceDeps,
  deps: { message: MessageIntakeService },
) => {
  const list = async (
    actor: Actor | null,
    query: { filter: string; limit: number; cursor?: string | undefined },
  ) => {
    authorize(actor, "inbound-mail:read");
    const page = await repo.findInboundPage(db, {
      statuses: Object.hasOwn(FILTERS, query.filter) ? FILTERS[query.filter]! : FILTERS.attention!,
      limit: query.limit,
      cursor: query.cursor,
    });
    const counts = await repo.countInboundByStatus(db);
    return { items: page.items.map(toSummary), nextCursor: page.nextCursor, counts };
  };

  const get = async (actor: Actor | null, id: string) => {
    authorize(actor, "inbound-mail:read");
    const row = await repo.findInbound(db, id);
    if (!row) throw notFound("message");
    return {
      ...toSummary(row),
      // shown as text, never rendered: the raw source may be hostile
      raw: row.raw.toString("utf8"),
      html: row.html,
      envelope: (row.source_detail ?? {}) as Record<string, unknown>,
    };
  };

  const retry = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "inbound-mail:write");
    await db.transaction().execute(async (tx) => {
      if (!(await repo.requeueInbound(tx, id))) throw notFound("reviewable_message");
      await insertAudit(tx, {
        actor: caller,
        action: "inbound_mail.retried",
        entity: "inbound_mail",
        entityId: id,
        details: {},
      });
    });
    return { id, outcome: await deps.message.processMessage(id) };
  };

  const dismiss = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "inbound-mail:write");
    const by = caller.via === "system" ? null : caller.userId;
    await db.transaction().execute(async (tx) => {
      if (!(await repo.dismissInbound(tx, { id, by, now: clock.now() })))
        throw notFound("reviewable_message");
      await insertAudit(tx, {
        actor: caller,
        action: "inbound_mail.dismissed",
        entity: "inbound_mail",
        entityId: id,
        details: {},
      });
    });
    return { id, status: "ignored" as const };
  };

  /** The headers of the message a case event came from ("show original"), for staff. */
  const originalHeaders = async (actor: Actor | null, caseId: string, inboundMailId: string) => {
    authorize(actor, "inbound-mail:read");
    const row = await repo.findInboundOfCase(db, { id: inboundMailId, caseId });
    if (!row) throw notFound("message");
    const text = row.raw.subarray(0, 256 * 1024).toString("utf8");
    const end = text.search(/\r?\n\r?\n/);
    return {
      id: row.id,
      receivedAt: row.received_at.toISOString(),
      headers: end >= 0 ? text.slice(0, end) : text,
    };
  };

  return { list, get, retry, dismiss, originalHeaders };
};
