import { sql } from "kysely";
import type { Database } from "../../platform/db";
import { decodeCursor, type Page, toPage } from "../../platform/pagination";
import { writeLater } from "../../platform/write-later";

const endpointColumns = [
  "e.id",
  "e.url",
  "e.description",
  "e.events",
  "e.organization_id",
  "e.active",
  "e.disabled_reason",
  "e.disabled_at",
  "e.failing_since",
  "e.previous_secret_until",
  "e.created_at",
  "e.version",
] as const;

const endpointQuery = (db: Database) =>
  db
    .selectFrom("webhook_endpoints as e")
    .leftJoin("organizations as o", "o.id", "e.organization_id")
    .select([
      ...endpointColumns,
      "o.name as organization_name",
      (eb) =>
        eb
          .selectFrom("webhook_deliveries as d")
          .select((x) => x.fn.countAll<number>().as("n"))
          .whereRef("d.endpoint_id", "=", "e.id")
          .where("d.status", "in", ["pending", "sending"])
          .as("pending_deliveries"),
    ]);

export type EndpointRow = Awaited<ReturnType<ReturnType<typeof endpointQuery>["executeTakeFirstOrThrow"]>>;

export const listEndpoints = (db: Database) =>
  endpointQuery(db).orderBy("e.created_at", "desc").orderBy("e.id").execute();

export const findEndpoint = (db: Database, id: string) =>
  endpointQuery(db).where("e.id", "=", id).executeTakeFirst();

export const lockEndpointSecrets = (db: Database, id: string) =>
  db
    .selectFrom("webhook_endpoints")
    .select([
      "id",
      "version",
      "organization_id",
      "secret_sealed",
      "previous_secret_sealed",
      "previous_secret_until",
    ])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();

export const insertEndpoint = (
  db: Database,
  values: {
    url: string;
    description: string;
    events: string[];
    organizationId: string | null;
    secretSealed: string;
    createdBy: string | null;
    now: Date;
  },
) =>
  db
    .insertInto("webhook_endpoints")
    .values({
      url: values.url,
      description: values.description,
      events: values.events,
      organization_id: values.organizationId,
      secret_sealed: values.secretSealed,
      created_by: values.createdBy,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();

export const updateEndpoint = async (
  db: Database,
  id: string,
  version: number,
  set: Partial<{
    url: string;
    description: string;
    events: string[];
    active: boolean;
    disabled_at: Date | null;
    disabled_reason: string | null;
    failing_since: Date | null;
    secret_sealed: string;
    previous_secret_sealed: string | null;
    previous_secret_until: Date | null;
  }>,
  now: Date,
) =>
  Number(
    (
      await db
        .updateTable("webhook_endpoints")
        .set({ ...set, updated_at: now, version: sql`version + 1` })
        .where("id", "=", id)
        .where("version", "=", version)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

/** Every endpoint's sealed secrets, locked: a key rotation seals them again. */
export const lockAllSecrets = (db: Database) =>
  db
    .selectFrom("webhook_endpoints")
    .select(["id", "secret_sealed", "previous_secret_sealed"])
    .orderBy("id")
    .forUpdate()
    .execute();

export const saveSealedSecrets = (
  db: Database,
  id: string,
  sealed: { secret_sealed: string; previous_secret_sealed: string | null },
) => db.updateTable("webhook_endpoints").set(sealed).where("id", "=", id).execute();

export const deleteEndpoint = async (db: Database, id: string) =>
  Number(
    (await db.deleteFrom("webhook_endpoints").where("id", "=", id).executeTakeFirst()).numDeletedRows,
  ) === 1;

/**
 * Writes an event and its deliveries in the caller's transaction, one statement: nothing at all when no
 * active endpoint wants it (the common case costs one index probe). An organization-scoped endpoint gets
 * only its organization's events.
 */
export const insertEvent = async (
  db: Database,
  event: {
    type: string;
    organizationId: string | null;
    caseId: string | null;
    payload: string;
    dedupeKey: string | null;
    staffOnly: boolean;
    now: Date;
  },
): Promise<void> => {
  await writeLater(
    db,
    sql`
    WITH webhook_targets AS (
      SELECT id FROM webhook_endpoints
      WHERE active AND ${event.type} = ANY (events)
        AND (organization_id IS NULL OR (organization_id = ${event.organizationId}::uuid AND NOT ${event.staffOnly}))
    ), webhook_event AS (
      INSERT INTO webhook_events (type, organization_id, case_id, payload, dedupe_key, created_at)
      SELECT ${event.type}, ${event.organizationId}::uuid, ${event.caseId}::uuid, ${event.payload}::jsonb,
        ${event.dedupeKey}, ${event.now}::timestamptz
      WHERE EXISTS (SELECT 1 FROM webhook_targets)
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id
    ), webhook_delivery AS (
      INSERT INTO webhook_deliveries (event_id, endpoint_id, order_key, next_attempt_at, created_at)
      SELECT webhook_event.id, webhook_targets.id, coalesce(${event.caseId}::uuid, webhook_event.id), ${event.now}::timestamptz,
        ${event.now}::timestamptz
      FROM webhook_event, webhook_targets
      RETURNING 1
    )
    SELECT 1 FROM webhook_delivery`,
  );
};

export type ClaimedDelivery = {
  id: number;
  attempts: number;
  created_at: Date;
  event_id: string;
  type: string;
  payload: unknown;
  event_created_at: Date;
  endpoint_id: string;
  url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_until: Date | null;
};

/**
 * Leases due deliveries of active endpoints, the oldest first, each only when no earlier delivery of the
 * same case to the same endpoint is still waiting: events reach an endpoint in order per case. A lease
 * that runs out (a process killed mid-send) makes the delivery due again.
 */
export const claimDeliveries = async (
  db: Database,
  options: { now: Date; limit: number; leaseSeconds: number },
): Promise<ClaimedDelivery[]> => {
  const result = await sql<ClaimedDelivery>`
    WITH due AS (
      SELECT d.id FROM webhook_deliveries d
      JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.active
      WHERE d.status IN ('pending', 'sending') AND d.next_attempt_at <= ${options.now}
        AND (d.status = 'pending' OR d.lease_until < ${options.now})
        AND NOT EXISTS (
          SELECT 1 FROM webhook_deliveries p
          WHERE p.endpoint_id = d.endpoint_id AND p.order_key = d.order_key AND p.id < d.id
            AND p.status IN ('pending', 'sending')
        )
      ORDER BY d.next_attempt_at, d.id
      LIMIT ${options.limit}
      FOR UPDATE OF d SKIP LOCKED
    ), leased AS (
      UPDATE webhook_deliveries d
      SET status = 'sending', attempts = d.attempts + 1,
        lease_until = ${options.now}::timestamptz + make_interval(secs => ${options.leaseSeconds})
      FROM due WHERE d.id = due.id
      RETURNING d.id, d.attempts, d.created_at, d.event_id, d.endpoint_id
    )
    SELECT l.id, l.attempts, l.created_at, l.event_id, v.type, v.payload, v.created_at AS event_created_at,
      l.endpoint_id, e.url, e.secret_sealed, e.previous_secret_sealed, e.previous_secret_until
    FROM leased l
    JOIN webhook_events v ON v.id = l.event_id
    JOIN webhook_endpoints e ON e.id = l.endpoint_id
    ORDER BY l.id`.execute(db);
  return result.rows.map((r) => ({ ...r, id: Number(r.id) }));
};

export const insertAttempt = (
  db: Database,
  attempt: {
    deliveryId: number;
    endpointId: string;
    at: Date;
    ok: boolean;
    statusCode: number | null;
    latencyMs: number;
    error: string | null;
    detail: string | null;
    responseExcerpt: string;
  },
) =>
  db
    .insertInto("webhook_attempts")
    .values({
      delivery_id: attempt.deliveryId,
      endpoint_id: attempt.endpointId,
      at: attempt.at,
      ok: attempt.ok,
      status_code: attempt.statusCode,
      latency_ms: attempt.latencyMs,
      error: attempt.error,
      detail: attempt.detail,
      response_excerpt: attempt.responseExcerpt,
    })
    .execute();

/** Finishes a leased delivery; false when the lease was lost (another process took it over). */
export const finishDelivery = async (
  db: Database,
  id: number,
  attempts: number,
  outcome:
    | { status: "delivered"; at: Date }
    | { status: "pending"; nextAttemptAt: Date; error: string }
    | { status: "failed"; error: string },
) =>
  Number(
    (
      await db
        .updateTable("webhook_deliveries")
        .set(
          outcome.status === "delivered"
            ? { status: "delivered", delivered_at: outcome.at, lease_until: null, last_error: null }
            : outcome.status === "pending"
              ? {
                  status: "pending",
                  next_attempt_at: outcome.nextAttemptAt,
                  lease_until: null,
                  last_error: outcome.error,
                }
              : { status: "failed", lease_until: null, last_error: outcome.error },
        )
        .where("id", "=", id)
        .where("attempts", "=", attempts)
        .where("status", "=", "sending")
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

/** A success clears the run of failures; a failure starts one (once). */
export const recordEndpointOutcome = (db: Database, endpointId: string, ok: boolean, now: Date) =>
  ok
    ? db
        .updateTable("webhook_endpoints")
        .set({ failing_since: null })
        .where("id", "=", endpointId)
        .where("failing_since", "is not", null)
        .execute()
    : db
        .updateTable("webhook_endpoints")
        .set({ failing_since: now })
        .where("id", "=", endpointId)
        .where("failing_since", "is", null)
        .execute();

/** Turns off an endpoint failing since before `failingBefore`; returns it when this call did. */
export const disableFailingEndpoint = (db: Database, endpointId: string, failingBefore: Date, now: Date) =>
  db
    .updateTable("webhook_endpoints")
    .set({
      active: false,
      disabled_at: now,
      disabled_reason: "failing",
      updated_at: now,
      version: sql`version + 1`,
    })
    .where("id", "=", endpointId)
    .where("active", "=", true)
    .where("failing_since", "<=", failingBefore)
    .returning(["id", "url", "description", "organization_id", "failing_since"])
    .executeTakeFirst();

export const findDeliveries = async (
  db: Database,
  endpointId: string,
  filter: { status?: string | undefined; limit: number; cursor?: string | undefined; id?: number },
): Promise<Page<DeliveryRow>> => {
  const after = decodeCursor(filter.cursor, ["number"]);
  let query = db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhook_events as v", "v.id", "d.event_id")
    .select([
      "d.id",
      "d.event_id",
      "v.type",
      "v.case_id",
      "d.status",
      "d.attempts",
      "d.next_attempt_at",
      "d.last_error",
      "d.delivered_at",
      "d.created_at",
    ])
    .where("d.endpoint_id", "=", endpointId);
  if (filter.status) query = query.where("d.status", "=", filter.status);
  if (filter.id !== undefined) query = query.where("d.id", "=", filter.id);
  if (after) query = query.where("d.id", "<", after[0] as number);
  const rows = await query
    .orderBy("d.id", "desc")
    .limit(filter.limit + 1)
    .execute();
  return toPage(
    rows.map((r) => ({ ...r, id: Number(r.id) })),
    filter.limit,
    (r) => r,
    (r) => [r.id],
  );
};
export type DeliveryRow = {
  id: number;
  event_id: string;
  type: string;
  case_id: string | null;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
};

/** The latest attempts of each delivery, newest first (a few per delivery). */
export const findAttempts = async (db: Database, deliveryIds: number[], perDelivery: number) => {
  if (deliveryIds.length === 0) return [];
  const result = await sql<{
    delivery_id: number;
    at: Date;
    ok: boolean;
    status_code: number | null;
    latency_ms: number;
    error: string | null;
    detail: string | null;
    response_excerpt: string;
  }>`
    SELECT a.delivery_id, a.at, a.ok, a.status_code, a.latency_ms, a.error, a.detail, a.response_excerpt
    FROM unnest(${deliveryIds}::bigint[]) AS ids (id)
    CROSS JOIN LATERAL (
      SELECT * FROM webhook_attempts w WHERE w.delivery_id = ids.id ORDER BY w.id DESC LIMIT ${perDelivery}
    ) a`.execute(db);
  return result.rows.map((r) => ({ ...r, delivery_id: Number(r.delivery_id) }));
};

/** Sends a delivery again (from now), whatever became of it; false when it is not this endpoint's. */
export const redeliver = async (db: Database, endpointId: string, deliveryId: number, now: Date) =>
  db
    .updateTable("webhook_deliveries")
    .set({ status: "pending", next_attempt_at: now, lease_until: null })
    .where("id", "=", deliveryId)
    .where("endpoint_id", "=", endpointId)
    .where("status", "!=", "sending")
    .returning(["id", "event_id", "status"])
    .executeTakeFirst();

export const findDelivery = (db: Database, endpointId: string, deliveryId: number) =>
  db
    .selectFrom("webhook_deliveries")
    .select(["id", "status"])
    .where("id", "=", deliveryId)
    .where("endpoint_id", "=", endpointId)
    .executeTakeFirst();

/** Contracts whose last day is within `days` of `today` and not past, for `contract.expiring`. */
export const findExpiringContracts = (db: Database, today: string, untilDate: string) =>
  db
    .selectFrom("contracts as k")
    .select(["k.id", "k.number", "k.organization_id", "k.system_id", "k.plan_id", "k.end_date"])
    .where("k.end_date", ">=", today)
    .where("k.end_date", "<=", untilDate)
    // a renewal already recorded: nothing is ending
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom("contracts as n").select("n.id").whereRef("n.previous_contract_id", "=", "k.id")),
      ),
    )
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("webhook_endpoints as e")
          .select("e.id")
          .where("e.active", "=", true)
          .where(sql<boolean>`'contract.expiring' = ANY (e.events)`)
          .where((eb) =>
            eb.or([
              eb("e.organization_id", "is", null),
              eb("e.organization_id", "=", eb.ref("k.organization_id")),
            ]),
          ),
      ),
    )
    .execute();

/** Admins to tell when an endpoint is turned off. */
export const findActiveAdmins = (db: Database) =>
  db
    .selectFrom("users")
    .select(["id", "email", "name", "preferred_language"])
    .where("role", "=", "admin")
    .where("active", "=", true)
    .execute();

export const organizationExists = async (db: Database, id: string) =>
  (await db.selectFrom("organizations").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
