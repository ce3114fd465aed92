import { type Actor, authorize } from "../../platform/actor";
import type { ServiceDeps } from "../../platform/deps";
import { invalidField } from "../../platform/errors";
import { insertAudit } from "../audit";
import * as repo from "./notifications.repository";

/** The signed-in person's bell and notification preferences. */
export const createBellService = ({ db, clock }: ServiceDeps) => {
  const listMine = async (
    actor: Actor | null,
    query: { limit: number; cursor?: string | undefined; unread?: boolean | undefined },
  ) => {
    const caller = authorize(actor, "notifications:read");
    const page = await repo.findNotifications(db, {
      userId: caller.userId,
      limit: query.limit,
      cursor: query.cursor,
      unreadOnly: query.unread ?? false,
    });
    return {
      items: page.items.map((n) => ({
        id: n.id,
        kind: n.kind as "warning",
        caseId: n.case_id,
        caseNumber: n.case_number,
        data: (n.data ?? {}) as Record<string, unknown>,
        createdAt: n.created_at.toISOString(),
        readAt: n.read_at?.toISOString() ?? null,
      })),
      nextCursor: page.nextCursor,
      unread: await repo.countUnread(db, caller.userId),
    };
  };

  const unreadCount = async (actor: Actor | null) => {
    const caller = authorize(actor, "notifications:read");
    return { unread: await repo.countUnread(db, caller.userId) };
  };

  const markRead = async (
    actor: Actor | null,
    input: { ids?: string[] | undefined; all?: boolean | undefined },
  ) => {
    const caller = authorize(actor, "notifications:read");
    if (!input.all && !input.ids?.length) {
      throw invalidField(
        { reason: "notification_ids_required" },
        { field: "ids", code: "required_unless_all" },
      );
    }
    const ids = input.all ? null : (input.ids ?? []);
    const marked = await db.transaction().execute(async (tx) => {
      const count = await repo.markRead(tx, caller.userId, ids, clock.now());
      // nothing marked (already read, or not the caller's): nothing changed, nothing to audit
      if (count > 0) {
        await insertAudit(tx, {
          actor: caller,
          action: "notification.read",
          entity: "notification",
          entityId: ids?.length === 1 ? ids[0]! : null,
          organizationId: caller.organizationId,
          details: { all: ids === null, ...(ids ? { ids } : {}), marked: count },
        });
      }
      return count;
    });
    return { marked, unread: await repo.countUnread(db, caller.userId) };
  };

  const getPreferences = async (actor: Actor | null) => {
    const caller = authorize(actor, "notifications:read");
    const delivery = await repo.findWarningDelivery(db, [caller.userId]);
    return { warningDelivery: (delivery.get(caller.userId) ?? "immediate") as "immediate" | "digest" };
  };

  const savePreferences = async (actor: Actor | null, input: { warningDelivery: "immediate" | "digest" }) => {
    const caller = authorize(actor, "notifications:preferences");
    await db.transaction().execute(async (tx) => {
      const before = (await repo.findWarningDelivery(tx, [caller.userId])).get(caller.userId) ?? "immediate";
      await repo.saveWarningDelivery(tx, caller.userId, input.warningDelivery, clock.now());
      await insertAudit(tx, {
        actor: caller,
        action: "notification_preferences.updated",
        entity: "user",
        entityId: caller.userId,
        details: { before: { warningDelivery: before }, after: input },
      });
    });
    return input;
  };

  return { listMine, unreadCount, markRead, getPreferences, savePreferences };
};
