import { sql } from "kysely";
import type { HeldRequest } from "../../../api/contracts";
import type { Scope } from "../../platform/actor";
import type { Database } from "../../platform/db";
import { decodeCursor, type Page, toPage } from "../../platform/pagination";

const heldQuery = (db: Database, scope: Scope) => {
  let query = db
    .selectFrom("held_requests as h")
    .innerJoin("organizations as o", "o.id", "h.organization_id")
    .leftJoin("customer_systems as s", "s.id", "h.system_id")
    .leftJoin("users as u", "u.id", "h.requester_id")
    .leftJoin("cases as c", "c.id", "h.case_id")
    .select([
      "h.id",
      "h.organization_id",
      "o.name as organization_name",
      "h.system_id",
      "s.name as system_name",
      "u.id as requester_id",
      "u.name as requester_name",
      "u.email as requester_email",
      "h.channel",
      "h.subject",
      "h.created_at",
      "h.released_at",
      "h.purchase_order",
      "h.case_id",
      "c.number as case_number",
    ]);
  if (scope.kind === "organization") query = query.where("h.organization_id", "=", scope.organizationId);
  return query;
};

type HeldRow = Awaited<ReturnType<ReturnType<typeof heldQuery>["executeTakeFirstOrThrow"]>>;
const toHeld = (r: HeldRow): HeldRequest => ({
  id: r.id,
  organizationId: r.organization_id,
  organizationName: r.organization_name,
  systemId: r.system_id,
  systemName: r.system_name,
  requester:
    r.requester_id && r.requester_name && r.requester_email
      ? { id: r.requester_id, name: r.requester_name, email: r.requester_email }
      : null,
  channel: r.channel as HeldRequest["channel"],
  subject: r.subject,
  createdAt: r.created_at.toISOString(),
  state: r.released_at ? "released" : "held",
  releasedAt: r.released_at?.toISOString() ?? null,
  purchaseOrder: r.purchase_order,
  case: r.case_id && r.case_number ? { id: r.case_id, number: r.case_number } : null,
});

export const findHeldRequests = async (
  db: Database,
  scope: Scope,
  filter: {
    state: "held" | "released";
    organizationId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<HeldRequest>> => {
  let query = heldQuery(db, scope).where("h.released_at", filter.state === "held" ? "is" : "is not", null);
  if (filter.organizationId) query = query.where("h.organization_id", "=", filter.organizationId);
  const after = decodeCursor(filter.cursor, ["instant", "uuid"]);
  if (after)
    query = query.where(sql<boolean>`(h.created_at, h.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const rows = await query
    .orderBy("h.created_at")
    .orderBy("h.id")
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toHeld, (r) => [r.created_at.toISOString(), r.id]);
};

export const findHeldRequest = async (
  db: Database,
  scope: Scope,
  id: string,
): Promise<HeldRequest | null> => {
  const row = await heldQuery(db, scope).where("h.id", "=", id).executeTakeFirst();
  return row ? toHeld(row) : null;
};

export const insertHeldRequest = async (
  db: Database,
  values: {
    organizationId: string;
    systemId: string | null;
    requesterId: string | null;
    channel: HeldRequest["channel"];
    subject: string;
    details: Record<string, unknown>;
    now: Date;
  },
) =>
  (
    await db
      .insertInto("held_requests")
      .values({
        organization_id: values.organizationId,
        system_id: values.systemId,
        requester_id: values.requesterId,
        channel: values.channel,
        subject: values.subject,
        details: JSON.stringify(values.details),
        created_at: values.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

/**
 * Marks a held request released with its purchase order, once: null when it was released already (or is
 * not there). Returns what its case needs.
 */
export const releaseHeldRequest = (
  db: Database,
  values: { id: string; purchaseOrder: string; releasedBy: string | null; now: Date },
) =>
  db
    .updateTable("held_requests")
    .set({ released_at: values.now, released_by: values.releasedBy, purchase_order: values.purchaseOrder })
    .where("id", "=", values.id)
    .where("released_at", "is", null)
    .returning([
      "id",
      "organization_id",
      "system_id",
      "requester_id",
      "channel",
      "subject",
      "details",
      "created_at",
    ])
    .executeTakeFirst();

export const setHeldRequestCase = (db: Database, id: string, caseId: string) =>
  db.updateTable("held_requests").set({ case_id: caseId }).where("id", "=", id).execute();

export const findPerson = async (db: Database, id: string) => {
  const row = await db
    .selectFrom("users")
    .select(["id", "role", "organization_id", "active"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? { id: row.id, role: row.role, organizationId: row.organization_id, active: row.active } : null;
};
