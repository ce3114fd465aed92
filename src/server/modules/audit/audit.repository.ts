import { sql } from "kysely";
import { type Actor, actorUserId } from "../../platform/actor";
import type { Database, Tx } from "../../platform/db";
import { invalidField } from "../../platform/errors";
import { decodeCursor, toPage } from "../../platform/pagination";
import { writeLater } from "../../platform/write-later";

export type AuditEntry = {
  actor: Pick<Actor, "userId" | "via">;
  action: string;
  entity: string;
  entityId: string | null;
  organizationId?: string | null;
  details?: Record<string, unknown>;
};

/**
 * Written in the caller's transaction (with its other bookkeeping when it is a `transact` one), so a change
 * and its audit record commit together. Entries are never
 * updated or deleted: a trigger refuses it (migration 0017).
 */
export const insertAudit = async (db: Database | Tx, entry: AuditEntry): Promise<void> => {
  await writeLater(
    db,
    db.insertInto("audit_log").values({
      actor_id: actorUserId(entry.actor),
      via: entry.actor.via,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      organization_id: entry.organizationId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    }),
  );
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

export type AuditFilter = {
  entity?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  /** Exact, or a prefix when it ends in a dot. */
  action?: string | undefined;
  organizationId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
};

/** LIKE's wildcards and escape character, taken literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Newest first by (at, id). The cursor keeps `at` to the microsecond (a JavaScript date would round it and
 * skip or repeat entries of the same millisecond). Every filter has its index (migrations 0001 and 0017).
 */
export const listAuditEntries = async (db: Database, filter: AuditFilter) => {
  let query = db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_id")
    .leftJoin("organizations as o", "o.id", "a.organization_id")
    .select([
      "a.id",
      "a.at",
      sql<string>`to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as("at_key"),
      "a.actor_id",
      "u.name as actor_name",
      "u.role as actor_role",
      "a.via",
      "a.action",
      "a.entity",
      "a.entity_id",
      "a.organization_id",
      "o.name as organization_name",
      "a.details",
    ]);
  if (filter.entity) query = query.where("a.entity", "=", filter.entity);
  if (filter.entityId) query = query.where("a.entity_id", "=", filter.entityId);
  if (filter.actorId) query = query.where("a.actor_id", "=", filter.actorId);
  if (filter.organizationId) query = query.where("a.organization_id", "=", filter.organizationId);
  if (filter.action) {
    query = filter.action.endsWith(".")
      ? query.where("a.action", "like", `${likeLiteral(filter.action)}%`)
      : query.where("a.action", "=", filter.action);
  }
  if (filter.from) query = query.where("a.at", ">=", filter.from);
  if (filter.to) query = query.where("a.at", "<", filter.to);
  if (filter.q) {
    // the expression of the trigram index: soporte_fold(details::text)
    query = query.where(
      sql<boolean>`soporte_fold(a.details::text) LIKE '%' || soporte_fold(${likeLiteral(filter.q)}) || '%'`,
    );
  }
  const after = decodeCursor(filter.cursor, ["instant", "number"]);
  if (after && !(Number.isSafeInteger(after[1]) && (after[1] as number) > 0)) {
    throw invalidField({ reason: "invalid_cursor" }, { field: "cursor", code: "invalid_cursor" });
  }
  if (after) {
    query = query.where(sql<boolean>`(a.at, a.id) < (${after[0]}::timestamptz, ${after[1]}::bigint)`);
  }
  const rows = await query
    .orderBy("a.at", "desc")
    .orderBy("a.id", "desc")
    .limit(filter.limit + 1)
    .execute();
  return toPage(
    rows,
    filter.limit,
    (r) => r,
    (r) => [r.at_key, r.id],
  );
};
export type AuditRow = Awaited<ReturnType<typeof listAuditEntries>>["items"][number];
