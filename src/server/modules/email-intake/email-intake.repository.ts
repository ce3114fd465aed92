import { sql } from "kysely";
import type { Database } from "../../platform/db";
import { newestFirstPage } from "../../platform/pagination";

/**
 * Stores a received message; a message seen before (same key) only counts one more delivery.
 * Returns the row and whether it was new.
 */
export const storeInbound = async (
  db: Database,
  values: {
    dedupeKey: string;
    messageId: string | null;
    source: "smtp" | "imap";
    sourceDetail: Record<string, unknown>;
    raw: Buffer;
    at: Date;
  },
) => {
  const row = await sql<{ id: string; inserted: boolean }>`
    INSERT INTO inbound_mail (dedupe_key, message_id, source, source_detail, raw, size_bytes, received_at,
      last_delivered_at)
    VALUES (${values.dedupeKey}, ${values.messageId}, ${values.source}, ${JSON.stringify(values.sourceDetail)},
      ${values.raw}, ${values.raw.length}, ${values.at}, ${values.at})
    ON CONFLICT (dedupe_key) DO UPDATE
      SET deliveries = inbound_mail.deliveries + 1, last_delivered_at = EXCLUDED.last_delivered_at
    RETURNING id, (xmax = 0) AS inserted`.execute(db);
  return row.rows[0]!;
};

/**
 * Takes a message to process, under a lease; a processor killed mid-way leaves it to be taken again — or a
 * failed attempt, once its retry is due — until it has had `maxAttempts` (an admin's retry is one more).
 */
export const claimInbound = async (
  db: Database,
  options: { id: string; claimId: string; now: Date; leaseSeconds: number; maxAttempts: number },
) =>
  db
    .updateTable("inbound_mail")
    .set({
      status: "processing",
      claim_id: options.claimId,
      attempts: sql<number>`attempts + 1`,
      locked_until: new Date(options.now.getTime() + options.leaseSeconds * 1000),
    })
    .where("id", "=", options.id)
    .where((eb) =>
      eb.or([
        eb("status", "=", "received"),
        eb.and([
          eb("status", "=", "processing"),
          eb("locked_until", "<", options.now),
          eb("attempts", "<", options.maxAttempts),
        ]),
      ]),
    )
    .returning(["id", "raw", "source", "source_detail", "message_id", "received_at", "attempts"])
    .executeTakeFirst();

/**
 * Who may finish a message: the holder of a claim (the sweep, a retry), or — for the process that has just
 * stored it and goes straight on — whoever finds it still untouched. Either way the row lock of the update
 * keeps a second processor out until the first one's transaction ends.
 */
export type Claim = { claimId: string } | "unclaimed";

export type InboundOutcome = {
  id: string;
  status: "processed" | "review" | "ignored";
  outcome: string;
  detail: string | null;
  reason: string | null;
  reasonParams: Record<string, string | number>;
  fromAddress: string | null;
  subject: string | null;
  caseId: string | null;
  heldRequestId: string | null;
  autoReplied: boolean;
  html: string | null;
  now: Date;
};

/** Records the outcome; false when another processor took over (the caller's transaction must roll back). */
export const finishInbound = async (db: Database, options: InboundOutcome & { claim: Claim }) => {
  const query = db
    .updateTable("inbound_mail")
    .set({
      status: options.status,
      outcome: options.outcome,
      detail: options.detail,
      reason: options.reason,
      reason_params: JSON.stringify(options.reasonParams),
      from_address: options.fromAddress,
      subject: options.subject,
      case_id: options.caseId,
      held_request_id: options.heldRequestId,
      auto_replied: options.autoReplied,
      html: options.html,
      processed_at: options.now,
      claim_id: null,
      locked_until: null,
      ...(options.claim === "unclaimed" ? { attempts: sql<number>`attempts + 1` } : {}),
    })
    .where("id", "=", options.id);
  const claimed =
    options.claim === "unclaimed"
      ? query.where("status", "=", "received")
      : query.where("claim_id", "=", options.claim.claimId);
  return Number((await claimed.executeTakeFirst()).numUpdatedRows) === 1;
};

/**
 * Records the outcomes of messages nobody has claimed (a batch of the process that stored them), in one
 * statement; returns how many were still untouched — fewer than given means another processor has some.
 */
export const finishUnclaimedInbound = async (db: Database, outcomes: readonly InboundOutcome[]) => {
  if (!outcomes.length) return 0;
  const column = <T>(pick: (o: InboundOutcome) => T) => outcomes.map(pick);
  const { rows } = await sql<{ id: string }>`
    UPDATE inbound_mail AS m
       SET status = v.status, outcome = v.outcome, detail = v.detail, reason = v.reason,
           reason_params = v.reason_params, from_address = v.from_address,
           subject = v.subject, case_id = v.case_id, held_request_id = v.held_request_id,
           auto_replied = v.auto_replied, html = v.html, processed_at = v.processed_at,
           claim_id = NULL, locked_until = NULL, attempts = m.attempts + 1
      FROM unnest(${column((o) => o.id)}::uuid[], ${column((o) => o.status)}::text[],
                  ${column((o) => o.outcome)}::text[], ${column((o) => o.detail)}::text[],
                  ${column((o) => o.reason)}::text[], ${column((o) => JSON.stringify(o.reasonParams))}::jsonb[],
                  ${column((o) => o.fromAddress)}::text[], ${column((o) => o.subject)}::text[],
                  ${column((o) => o.caseId)}::uuid[], ${column((o) => o.heldRequestId)}::uuid[],
                  ${column((o) => o.autoReplied)}::boolean[], ${column((o) => o.html)}::text[],
                  ${column((o) => o.now.toISOString())}::timestamptz[])
           AS v(id, status, outcome, detail, reason, reason_params, from_address, subject, case_id,
                held_request_id, auto_replied, html, processed_at)
     WHERE m.id = v.id AND m.status = 'received'
    RETURNING m.id`.execute(db);
  return rows.length;
};

/**
 * A processing attempt threw. With `retryAt` the message waits for another attempt (processing, its lease
 * lapsing then, for the sweep to take it), showing the error meanwhile; without, it failed for good and is
 * listed for review. A first attempt by the process that stored it is counted here.
 */
export const failInbound = async (
  db: Database,
  options: { id: string; claim: Claim; retryAt: Date | null } & Pick<
    InboundOutcome,
    "reason" | "reasonParams" | "detail"
  >,
) => {
  const query = db
    .updateTable("inbound_mail")
    .set({
      status: options.retryAt ? "processing" : "failed",
      detail: options.detail,
      reason: options.reason,
      reason_params: JSON.stringify(options.reasonParams),
      claim_id: null,
      locked_until: options.retryAt,
      ...(options.claim === "unclaimed" ? { attempts: sql<number>`attempts + 1` } : {}),
    })
    .where("id", "=", options.id);
  await (options.claim === "unclaimed"
    ? query.where("status", "=", "received")
    : query.where("claim_id", "=", options.claim.claimId)
  ).execute();
};

/** Messages whose processors kept dying (every attempt used, the lease lapsed) fail for good. */
export const giveUpInbound = (
  db: Database,
  options: { now: Date; maxAttempts: number } & Pick<InboundOutcome, "reason" | "reasonParams" | "detail">,
) =>
  db
    .updateTable("inbound_mail")
    .set({
      status: "failed",
      detail: options.detail,
      reason: options.reason,
      reason_params: JSON.stringify(options.reasonParams),
      claim_id: null,
      locked_until: null,
    })
    .where("status", "=", "processing")
    .where("locked_until", "<", options.now)
    .where("attempts", ">=", options.maxAttempts)
    .executeTakeFirst();

/** Messages whose processing never happened or never finished (a job lost with a killed process). */
export const findStaleInbound = async (db: Database, options: { before: Date; now: Date; limit: number }) =>
  (
    await db
      .selectFrom("inbound_mail")
      .select("id")
      .where((eb) =>
        eb.or([
          eb.and([eb("status", "=", "received"), eb("received_at", "<", options.before)]),
          eb.and([eb("status", "=", "processing"), eb("locked_until", "<", options.now)]),
        ]),
      )
      .orderBy("received_at")
      .limit(options.limit)
      .execute()
  ).map((r) => r.id);

/** The person with a sender's address, and their organization's zone. */
type SenderPerson = {
  id: string;
  email: string;
  name: string;
  role: string;
  organization_id: string | null;
  preferred_language: string;
  active: boolean;
  time_zone: string | null;
};

export type SenderFacts = {
  /** Messages from the address that count toward the loop guard, since `since`. */
  recent: number;
  /** Automatic replies its mail received since `repliedSince`. */
  replied: number;
  /** A permanent delivery failure was reported for the address (until mail from it arrives). */
  undeliverable: boolean;
  person: SenderPerson | null;
};

/** The outcomes that count toward a sender's loop guard. */
export const LOOP_COUNTED = ["case_opened", "reply_added", "refused", "held", "loop_suspected"] as const;

/**
 * What processing needs to know about senders, in one round trip for all of them: per address, how many of
 * its messages counted toward the loop guard in the window, how many automatic replies its mail got since
 * `repliedSince`, and the person with that address (case-insensitive), if any.
 */
export const findSenderFacts = async (
  db: Database,
  options: { addresses: readonly string[]; since: Date; repliedSince: Date; excludeIds: readonly string[] },
): Promise<Map<string, SenderFacts>> => {
  const { rows } = await sql<
    { address: string; recent: number; replied: number; undeliverable: boolean } & Omit<
      SenderPerson,
      "id"
    > & {
        id: string | null;
      }
  >`
    SELECT a.address,
           (SELECT count(*) FROM inbound_mail m
             WHERE m.from_address = a.address AND m.received_at >= ${options.since}
               AND m.id <> ALL(${[...options.excludeIds]}::uuid[])
               AND m.outcome = ANY(${[...LOOP_COUNTED]}::text[])) AS recent,
           (SELECT count(*) FROM inbound_mail m
             WHERE m.from_address = a.address AND m.received_at >= ${options.repliedSince}
               AND m.auto_replied) AS replied,
           EXISTS (SELECT 1 FROM undeliverable_addresses x WHERE x.address = a.address) AS undeliverable,
           u.id, u.email, u.name, u.role, u.organization_id, u.preferred_language, u.active, o.time_zone
      FROM unnest(${[...new Set(options.addresses)]}::text[]) AS a(address)
      LEFT JOIN users u ON lower(u.email) = lower(a.address)
      LEFT JOIN organizations o ON o.id = u.organization_id`.execute(db);
  return new Map(
    rows.map(({ address, recent, replied, undeliverable, id, ...person }) => [
      address,
      {
        recent: Number(recent),
        replied: Number(replied),
        undeliverable,
        person: id ? { id, ...person } : null,
      },
    ]),
  );
};

const SUMMARY = [
  "id",
  "message_id",
  "source",
  "received_at",
  "deliveries",
  "status",
  "outcome",
  "detail",
  "reason",
  "reason_params",
  "from_address",
  "subject",
  "case_id",
  "size_bytes",
  "auto_replied",
  "attempts",
  "processed_at",
] as const;

export const findInboundPage = async (
  db: Database,
  options: { statuses: readonly string[] | null; limit: number; cursor?: string | undefined },
) => {
  let query = db.selectFrom("inbound_mail").select(SUMMARY);
  if (options.statuses) query = query.where("status", "in", options.statuses);
  return newestFirstPage(query, { ...options, at: "received_at", id: "id", instantOf: (r) => r.received_at });
};

export const findInbound = (db: Database, id: string) =>
  db
    .selectFrom("inbound_mail")
    .select([...SUMMARY, "raw", "html", "source_detail"])
    .where("id", "=", id)
    .executeTakeFirst();

/** A failed or reviewed message goes through processing again. */
export const requeueInbound = async (db: Database, id: string) =>
  Number(
    (
      await db
        .updateTable("inbound_mail")
        .set({ status: "received", outcome: null, detail: null, reason: null, reason_params: "{}" })
        .where("id", "=", id)
        .where("status", "in", ["failed", "review"])
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

/** Staff looked at a message under review and closed it without a case. */
export const dismissInbound = async (db: Database, options: { id: string; by: string | null; now: Date }) =>
  Number(
    (
      await db
        .updateTable("inbound_mail")
        .set({ status: "ignored", outcome: "dismissed", resolved_by: options.by, resolved_at: options.now })
        .where("id", "=", options.id)
        .where("status", "in", ["failed", "review"])
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

export const countInboundByStatus = async (db: Database): Promise<Record<string, number>> => {
  const rows = await db
    .selectFrom("inbound_mail")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("status")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
};

export const findMailSettings = async (db: Database): Promise<unknown> =>
  (await db.selectFrom("settings").select("value").where("key", "=", "mail").executeTakeFirst())?.value ??
  null;

export const lockMailSettings = (db: Database) =>
  db.selectFrom("settings").select("key").where("key", "=", "mail").forUpdate().execute();

export const saveMailSettings = (db: Database, value: unknown, now: Date) =>
  db
    .insertInto("settings")
    .values({ key: "mail", value: JSON.stringify(value), updated_at: now })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
    .execute();

/** Inbound message of a case event, for "show original headers": only when it belongs to that case. */
export const findInboundOfCase = (db: Database, options: { id: string; caseId: string }) =>
  db
    .selectFrom("inbound_mail")
    .select(["id", "raw", "received_at", "source"])
    .where("id", "=", options.id)
    .where("case_id", "=", options.caseId)
    .executeTakeFirst();

const senderKey = (sender: string) => sql`hashtextextended(${sender}, 7331)`;

/**
 * Opens a processing transaction in one round trip: its commit need not wait for the WAL flush (the work is
 * re-derivable from the durable stored rows), and its senders' mail is serialised, so that their loop counts
 * and reply allowances are exact. The first sender's lock is waited for (nothing else is held yet); the
 * others are only taken if free, so two batches never wait for each other. Returns the others it holds.
 */
export const beginMailWork = async (
  db: Database,
  senders: { first: string | null; others?: readonly string[] },
): Promise<Set<string>> => {
  const others = [...new Set(senders.others ?? [])].filter((s) => s !== senders.first);
  const { rows } = await sql<Record<string, unknown>>`
    SELECT set_config('synchronous_commit', 'off', true)${
      senders.first ? sql`, pg_advisory_xact_lock(${senderKey(senders.first)})` : sql``
    }${sql.join(
      others.map((s, i) => sql`, pg_try_advisory_xact_lock(${senderKey(s)}) AS ${sql.ref(`l${i}`)}`),
      sql``,
    )}`.execute(db);
  return new Set(others.filter((_, i) => rows[0]![`l${i}`] === true));
};
