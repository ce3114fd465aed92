import nodemailer, { type Transporter } from "nodemailer";
import { type Actor, authorize } from "../../platform/actor";
import type { ServiceDeps } from "../../platform/deps";
import { notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import * as repo from "./notifications.repository";

/** Kinds a person wrote; everything else is automatic and says so (RFC 3834), so nobody auto-answers it. */
const HUMAN_KINDS = new Set(["staff_reply"]);

export type SendOutcome = "sent" | "retry" | "failed";

/** 5xx to the envelope or the message is the receiver's final word; anything else may work later. */
export const classifySendError = (error: unknown): "permanent" | "temporary" => {
  const e = error as { responseCode?: number; code?: string };
  return typeof e.responseCode === "number" &&
    e.responseCode >= 500 &&
    (e.code === "EENVELOPE" || e.code === "EMESSAGE")
    ? "permanent"
    : "temporary";
};

// longer than the worst send: connection 10 s + greeting 10 s + socket 20 s
const LEASE_SECONDS = 45;
/** How long temporary failures are retried before a message fails (Postfix's maximal_queue_lifetime). */
const QUEUE_LIFETIME_MS = 5 * 24 * 3_600_000;
// messages taken per claim and sent concurrently
const CLAIM_SIZE = 16;

const describe = (error: unknown) => {
  const e = error as { response?: string; message?: string; code?: string };
  return (e.response ?? e.message ?? String(error)).slice(0, 500);
};

export type OutboxSendingOptions = {
  smtpUrl: string;
  /** How often to look for due mail when idle. */
  pollMs?: number;
  /** Retry delay after the first failure; doubles each attempt up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
};

/**
 * The outbox: rows written by the change that caused them, sent here with retries. A message is leased
 * while it is being sent; its fixed Message-ID lets receivers drop the copy a crash after the server's
 * 250 but before our commit would resend.
 */
export const createOutboxService = ({ db, clock, config }: ServiceDeps) => {
  const sendOne = async (
    transport: Transporter,
    message: repo.OutboxRow,
    options: { baseBackoffMs: number; maxBackoffMs: number },
  ): Promise<SendOutcome> => {
    try {
      const info = await transport.sendMail({
        from: config.mailFrom,
        to: message.to_address,
        subject: message.subject,
        text: message.text_body,
        html: message.html_body,
        messageId: message.message_id,
        date: message.created_at,
        ...(message.in_reply_to ? { inReplyTo: message.in_reply_to } : {}),
        ...(message.references.length ? { references: message.references } : {}),
        headers: {
          // our own mail coming back (a loop through an autoresponder or a forward) is recognised by this
          "X-Soporte-Mail": "1",
          ...(HUMAN_KINDS.has(message.kind)
            ? {}
            : { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" }),
        },
      });
      if (info.rejected?.length) {
        await repo.markOutboxFailed(db, message.id, `rejected: ${String(info.response ?? "")}`.slice(0, 500));
        return "failed";
      }
      return "sent";
    } catch (error) {
      if (classifySendError(error) === "permanent") {
        await repo.markOutboxFailed(db, message.id, describe(error));
        return "failed";
      }
      if (clock.now().getTime() - message.created_at.getTime() >= QUEUE_LIFETIME_MS) {
        // like a mail server's queue lifetime: failed where an admin sees it and can send it again
        await repo.markOutboxFailed(
          db,
          message.id,
          `gave up after 5 days of temporary failures: ${describe(error)}`,
        );
        return "failed";
      }
      const delay = Math.min(options.maxBackoffMs, options.baseBackoffMs * 2 ** (message.attempts - 1));
      const jittered = delay * (0.8 + Math.random() * 0.4);
      await repo.markOutboxRetry(db, message.id, {
        at: new Date(clock.now().getTime() + jittered),
        error: describe(error),
      });
      return "retry";
    }
  };

  const sendBatch = async (
    transport: Transporter,
    options: Required<Pick<OutboxSendingOptions, "baseBackoffMs" | "maxBackoffMs" | "batchSize">> & {
      claimSize?: number;
    },
  ): Promise<Record<SendOutcome, number>> => {
    const counts = { sent: 0, retry: 0, failed: 0 };
    // a few messages per claim, sent side by side over the pooled connections; a sender killed mid-send
    // strands at most these few, for one lease
    for (let n = 0; n < options.batchSize; ) {
      const messages = await repo.claimOutbox(db, {
        now: clock.now(),
        limit: Math.min(options.claimSize ?? CLAIM_SIZE, options.batchSize - n),
        leaseSeconds: LEASE_SECONDS,
      });
      if (!messages.length) break;
      n += messages.length;
      const outcomes = await Promise.all(messages.map((m) => sendOne(transport, m, options)));
      await repo.markOutboxSent(
        db,
        messages.filter((_, i) => outcomes[i] === "sent").map((m) => m.id),
        clock.now(),
      );
      for (const outcome of outcomes) counts[outcome] += 1;
      if (messages.length < (options.claimSize ?? CLAIM_SIZE)) break;
    }
    return counts;
  };

  /** The sending loop of one process; several processes share the outbox safely. */
  const startSending = (options: OutboxSendingOptions) => {
    const transport = nodemailer.createTransport(options.smtpUrl, {
      pool: true,
      maxConnections: 5,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as never);
    const settings = {
      // as the webhooks': 5 s, 10 s, 20 s … up to 5 minutes (a relay restarting is back before long)
      baseBackoffMs: options.baseBackoffMs ?? 5_000,
      maxBackoffMs: options.maxBackoffMs ?? 5 * 60_000,
      batchSize: options.batchSize ?? 20,
    };
    let stopped = false;
    let timer: NodeJS.Timeout | null = null;
    let running: Promise<void> = Promise.resolve();
    const tick = async () => {
      try {
        // a full batch means more may be waiting: go again at once
        while (!stopped) {
          const counts = await sendBatch(transport, settings);
          if (counts.sent + counts.retry + counts.failed < settings.batchSize) break;
        }
      } catch (error) {
        options.onError?.(error);
      }
      if (!stopped) timer = setTimeout(() => (running = tick()), options.pollMs ?? 1_000);
    };
    running = tick();
    return {
      stop: async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        await running;
        transport.close();
      },
    };
  };

  const toMessage = (m: repo.OutboxRow & { case_number?: string | null }) => ({
    id: m.id,
    messageId: m.message_id,
    kind: m.kind,
    caseId: m.case_id,
    caseNumber: m.case_number ?? null,
    to: m.to_address,
    locale: m.locale,
    subject: m.subject,
    status: m.status as "pending" | "sending" | "sent" | "failed",
    attempts: m.attempts,
    nextAttemptAt: m.next_attempt_at.toISOString(),
    lastError: m.last_error,
    createdAt: m.created_at.toISOString(),
    sentAt: m.sent_at?.toISOString() ?? null,
    bounce:
      m.bounced_at && m.bounce_action && m.bounce_recipient
        ? {
            action: m.bounce_action,
            status: m.bounce_status,
            recipient: m.bounce_recipient,
            diagnostic: m.bounce_diagnostic,
            at: m.bounced_at.toISOString(),
          }
        : null,
  });

  const list = async (
    actor: Actor | null,
    query: { status?: string | undefined; limit: number; cursor?: string | undefined },
  ) => {
    authorize(actor, "outbox:read");
    const page = await repo.findOutbox(db, query);
    const counts = await repo.countOutboxByStatus(db);
    return {
      items: page.items.map(toMessage),
      nextCursor: page.nextCursor,
      counts: {
        pending: counts.pending ?? 0,
        sending: counts.sending ?? 0,
        sent: counts.sent ?? 0,
        failed: counts.failed ?? 0,
      },
    };
  };

  /** Send a failed or waiting message again now (after fixing the address or the mail server). */
  const retry = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "outbox:retry");
    await db.transaction().execute(async (tx) => {
      if (!(await repo.retryOutbox(tx, id, clock.now()))) throw notFound("outbox_message");
      await insertAudit(tx, {
        actor: caller,
        action: "outbox.retried",
        entity: "outbox_message",
        entityId: id,
      });
    });
    return { id, status: "pending" as const };
  };

  return { sendBatch, startSending, list, retry };
};

export type OutboxService = ReturnType<typeof createOutboxService>;
