import { sql } from "kysely";
import type { Database } from "../../platform/db";
import { newestFirstPage, type Page } from "../../platform/pagination";
import { writeLater } from "../../platform/write-later";

export type Recipient = {
  id: string;
  email: string;
  name: string;
  role: string;
  preferred_language: string;
  time_zone: string;
};

const recipientQuery = (db: Database) =>
  db
    .selectFrom("users as u")
    .leftJoin("organizations as o", "o.id", "u.organization_id")
    .select([
      "u.id",
      "u.email",
      "u.name",
      "u.role",
      "u.preferred_language",
      // staff have no zone of their own: the desk's
      sql<string>`coalesce(o.time_zone, 'America/Mexico_City')`.as("time_zone"),
    ])
    .where("u.active", "=", true);

export const findRecipientsByIds = async (db: Database, ids: readonly string[]): Promise<Recipient[]> =>
  ids.length ? recipientQuery(db).where("u.id", "in", ids).orderBy("u.email").execute() : [];

export const findRecipientsByRoles = async (db: Database, roles: readonly string[]): Promise<Recipient[]> =>
  roles.length ? recipientQuery(db).where("u.role", "in", roles).orderBy("u.email").execute() : [];

/**
 * What a case's mail needs to say, and to whom when it goes to the requester (null when they are no longer
 * active), read inside the caller's transaction in one round trip.
 */
export const findCaseContext = (db: Database, caseId: string) =>
  db
    .selectFrom("cases as c")
    .innerJoin("organizations as o", "o.id", "c.organization_id")
    .leftJoin("users as a", "a.id", "c.assignee_id")
    .leftJoin("users as r", (join) => join.onRef("r.id", "=", "c.requester_id").on("r.active", "=", true))
    .select([
      "c.id",
      "c.number",
      "c.subject",
      "c.thread_token",
      "c.priority",
      "c.status",
      "c.channel",
      "c.checklist",
      "c.requester_id",
      "c.assignee_id",
      "c.response_due_at",
      "c.sla_calendar_id",
      "c.sla_target_minutes",
      "c.resolution_due_at",
      "c.organization_id",
      "o.name as organization_name",
      "o.account_executive_id",
      "a.name as assignee_name",
      "r.email as requester_email",
      "r.name as requester_name",
      "r.role as requester_role",
      "r.preferred_language as requester_language",
      // a requester belongs to the case's organization (intake checks it): the zone is that organization's
      "o.time_zone as requester_time_zone",
    ])
    .where("c.id", "=", caseId)
    .executeTakeFirst();
export type CaseContext = NonNullable<Awaited<ReturnType<typeof findCaseContext>>>;

export const findWarningDelivery = async (
  db: Database,
  userIds: readonly string[],
): Promise<Map<string, string>> => {
  if (!userIds.length) return new Map();
  const rows = await db
    .selectFrom("notification_preferences")
    .select(["user_id", "warning_delivery"])
    .where("user_id", "in", userIds)
    .execute();
  return new Map(rows.map((r) => [r.user_id, r.warning_delivery]));
};

export const saveWarningDelivery = (db: Database, userId: string, value: string, now: Date) =>
  db
    .insertInto("notification_preferences")
    .values({ user_id: userId, warning_delivery: value, updated_at: now })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ warning_delivery: value, updated_at: now }))
    .execute();

type NotificationValues = {
  userId: string;
  caseId: string | null;
  kind: string;
  data: Record<string, unknown>;
  at: Date;
  digest: boolean;
};

const notificationRow = (r: NotificationValues) => ({
  user_id: r.userId,
  case_id: r.caseId,
  kind: r.kind,
  data: JSON.stringify(r.data),
  created_at: r.at,
  digest_state: r.digest ? "pending" : null,
});

export const insertNotifications = async (db: Database, rows: NotificationValues[]) => {
  if (!rows.length) return;
  await writeLater(db, db.insertInto("notifications").values(rows.map(notificationRow)));
};

export const findNotifications = async (
  db: Database,
  options: { userId: string; limit: number; cursor?: string | undefined; unreadOnly: boolean },
) => {
  let query = db
    .selectFrom("notifications as n")
    .leftJoin("cases as c", "c.id", "n.case_id")
    .select(["n.id", "n.kind", "n.case_id", "c.number as case_number", "n.data", "n.created_at", "n.read_at"])
    .where("n.user_id", "=", options.userId);
  if (options.unreadOnly) query = query.where("n.read_at", "is", null);
  return newestFirstPage(query, {
    ...options,
    at: "n.created_at",
    id: "n.id",
    instantOf: (r) => r.created_at,
  });
};

export const countUnread = async (db: Database, userId: string): Promise<number> =>
  Number(
    (
      await db
        .selectFrom("notifications")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("user_id", "=", userId)
        .where("read_at", "is", null)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const markRead = async (db: Database, userId: string, ids: readonly string[] | null, now: Date) => {
  let query = db
    .updateTable("notifications")
    .set({ read_at: now })
    .where("user_id", "=", userId)
    .where("read_at", "is", null);
  if (ids) query = query.where("id", "in", ids.length ? ids : ["00000000-0000-0000-0000-000000000000"]);
  return Number((await query.executeTakeFirst()).numUpdatedRows);
};

export type OutboxValues = {
  messageId: string;
  kind: string;
  caseId: string | null;
  toUserId: string | null;
  toAddress: string;
  locale: string;
  subject: string;
  text: string;
  html: string;
  inReplyTo: string | null;
  references: string[];
  at: Date;
};

const outboxRow = (v: OutboxValues) => ({
  message_id: v.messageId,
  kind: v.kind,
  case_id: v.caseId,
  to_user_id: v.toUserId,
  to_address: v.toAddress,
  locale: v.locale,
  subject: v.subject,
  text_body: v.text,
  html_body: v.html,
  in_reply_to: v.inReplyTo,
  references: v.references,
  next_attempt_at: v.at,
  created_at: v.at,
});

export const insertOutbox = async (db: Database, values: OutboxValues[]) => {
  if (!values.length) return;
  await writeLater(db, db.insertInto("outbox").values(values.map(outboxRow)));
};

/**
 * Takes up to `limit` messages to send: pending ones that are due, and ones whose sender's lease lapsed
 * (it crashed). SKIP LOCKED lets several processes share the outbox without taking a message twice.
 */
export const claimOutbox = async (
  db: Database,
  options: { now: Date; limit: number; leaseSeconds: number },
) => {
  const result = await sql<OutboxRow>`
    UPDATE outbox SET status = 'sending', attempts = attempts + 1,
      locked_until = ${options.now}::timestamptz + make_interval(secs => ${options.leaseSeconds})
    WHERE id IN (
      SELECT id FROM outbox
      WHERE (status = 'pending' AND next_attempt_at <= ${options.now})
         OR (status = 'sending' AND locked_until < ${options.now})
      ORDER BY next_attempt_at
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(db);
  return result.rows;
};

export type OutboxRow = {
  id: string;
  message_id: string;
  kind: string;
  case_id: string | null;
  to_address: string;
  locale: string;
  subject: string;
  text_body: string;
  html_body: string;
  in_reply_to: string | null;
  references: string[];
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  bounce_action: string | null;
  bounce_status: string | null;
  bounce_recipient: string | null;
  bounce_diagnostic: string | null;
  bounced_at: Date | null;
};

export const markOutboxSent = async (db: Database, ids: readonly string[], now: Date) => {
  if (!ids.length) return;
  await db
    .updateTable("outbox")
    .set({ status: "sent", sent_at: now, locked_until: null, last_error: null })
    .where("id", "in", ids)
    .where("status", "=", "sending")
    .execute();
};

export const markOutboxRetry = (db: Database, id: string, options: { at: Date; error: string }) =>
  db
    .updateTable("outbox")
    .set({ status: "pending", next_attempt_at: options.at, locked_until: null, last_error: options.error })
    .where("id", "=", id)
    .where("status", "=", "sending")
    .execute();

export const markOutboxFailed = (db: Database, id: string, error: string) =>
  db
    .updateTable("outbox")
    .set({ status: "failed", locked_until: null, last_error: error })
    .where("id", "=", id)
    .where("status", "=", "sending")
    .execute();

/** An admin's retry: a failed or waiting message is due now. */
export const retryOutbox = async (db: Database, id: string, now: Date) =>
  (
    await db
      .updateTable("outbox")
      .set({ status: "pending", next_attempt_at: now })
      .where("id", "=", id)
      .where("status", "in", ["failed", "pending"])
      .executeTakeFirst()
  ).numUpdatedRows > 0n;

export const findOutbox = async (
  db: Database,
  options: { status?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<OutboxRow & { case_number: string | null }>> => {
  let query = db
    .selectFrom("outbox as m")
    .leftJoin("cases as c", "c.id", "m.case_id")
    .selectAll("m")
    .select("c.number as case_number");
  if (options.status) query = query.where("m.status", "=", options.status);
  return newestFirstPage(query, {
    ...options,
    at: "m.created_at",
    id: "m.id",
    instantOf: (r) => r.created_at,
  }) as Promise<Page<OutboxRow & { case_number: string | null }>>;
};

export const countOutboxByStatus = async (db: Database): Promise<Record<string, number>> => {
  const rows = await db
    .selectFrom("outbox")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("status")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
};

/** Users with warnings waiting for their digest. */
export const findDigestUsers = async (db: Database): Promise<string[]> =>
  (
    await db
      .selectFrom("notifications")
      .select("user_id")
      .distinct()
      .where("digest_state", "=", "pending")
      .execute()
  ).map((r) => r.user_id);

/** Takes a user's pending digest warnings (locked, so two processes never send the same digest). */
export const takeDigest = async (db: Database, userId: string) => {
  const rows = await db
    .selectFrom("notifications as n")
    .innerJoin("cases as c", "c.id", "n.case_id")
    .select(["n.id", "n.data", "n.created_at", "c.number", "c.subject", "c.priority"])
    .where("n.user_id", "=", userId)
    .where("n.digest_state", "=", "pending")
    .orderBy("n.created_at")
    .forUpdate("n")
    .skipLocked()
    .execute();
  if (rows.length) {
    await db
      .updateTable("notifications")
      .set({ digest_state: "sent" })
      .where(
        "id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
  }
  return rows;
};

/** Automatic mail sent to an address since an instant (the per-address daily limit of the email channel). */
/** A bounce names the message it returns: that message failed. */
export const markOutboxBounced = async (db: Database, messageIds: readonly string[], detail: string) =>
  messageIds.length
    ? Number(
        (
          await db
            .updateTable("outbox")
            .set({ status: "failed", last_error: detail.slice(0, 500), locked_until: null })
            .where(sql<string>`lower(trim(both '<>' from message_id))`, "in", messageIds)
            .executeTakeFirst()
        ).numUpdatedRows,
      )
    : 0;

/** Our outgoing messages with these bare, lower-case Message-IDs. */
export const findOutboxByMessageIds = async (db: Database, messageIds: readonly string[]) =>
  messageIds.length
    ? db
        .selectFrom("outbox")
        .select(["id", "kind", "case_id", "to_address", "status"])
        .where(sql<string>`lower(trim(both '<>' from message_id))`, "in", messageIds)
        .execute()
    : [];

/** What a delivery report said about an outgoing message; a permanent failure also fails the message. */
export const recordOutboxBounce = (
  db: Database,
  options: {
    id: string;
    action: string;
    status: string | null;
    recipient: string;
    diagnostic: string | null;
    at: Date;
    fail: boolean;
  },
) =>
  db
    .updateTable("outbox")
    .set({
      bounce_action: options.action,
      bounce_status: options.status,
      bounce_recipient: options.recipient,
      bounce_diagnostic: options.diagnostic,
      bounced_at: options.at,
      ...(options.fail
        ? {
            status: "failed",
            locked_until: null,
            last_error: [options.status, options.diagnostic].filter(Boolean).join(" ").slice(0, 500),
          }
        : {}),
    })
    .where("id", "=", options.id)
    .execute();

/** An address a permanent failure was reported for; the latest report wins. */
export const markUndeliverable = (
  db: Database,
  values: { address: string; status: string | null; diagnostic: string | null; outboxId: string; at: Date },
) =>
  db
    .insertInto("undeliverable_addresses")
    .values({
      address: values.address.toLowerCase(),
      status: values.status,
      diagnostic: values.diagnostic,
      outbox_id: values.outboxId,
      since: values.at,
    })
    .onConflict((oc) =>
      oc.column("address").doUpdateSet({
        status: values.status,
        diagnostic: values.diagnostic,
        outbox_id: values.outboxId,
        since: values.at,
      }),
    )
    .execute();

/** Mail arrived from the address, or staff cleared it: it is deliverable again. True when it was marked. */
export const clearUndeliverable = async (db: Database, address: string) =>
  Number(
    (
      await db
        .deleteFrom("undeliverable_addresses")
        .where("address", "=", address.toLowerCase())
        .executeTakeFirst()
    ).numDeletedRows,
  ) > 0;

export const isOwnMessageId = async (db: Database, messageId: string) =>
  (await db
    .selectFrom("outbox")
    .select("id")
    .where(sql<string>`lower(trim(both '<>' from message_id))`, "=", messageId.toLowerCase())
    .executeTakeFirst()) !== undefined;
