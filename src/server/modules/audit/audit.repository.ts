import { type Actor, actorUserId } from "../../platform/actor";
import type { Database, Tx } from "../../platform/db";

export type AuditEntry = {
  actor: Pick<Actor, "userId" | "via">;
  action: string;
  entity: string;
  entityId: string | null;
  organizationId?: string | null;
  details?: Record<string, unknown>;
};

/** Written in the caller's transaction, so a change and its audit record commit together. */
export const insertAudit = async (db: Database | Tx, entry: AuditEntry): Promise<void> => {
  await db
    .insertInto("audit_log")
    .values({
      actor_id: actorUserId(entry.actor),
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      organization_id: entry.organizationId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
};

export const findAuditEntries = async (db: Database, entity: string, entityId: string) =>
  db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_id")
    .select(["a.at", "a.actor_id", "u.name as actor_name", "a.action", "a.details"])
    .where("a.entity", "=", entity)
    .where("a.entity_id", "=", entityId)
    .orderBy("a.id")
    .execute();
