import type { EmailIntakeService, IntakeSource, StoredMessage } from "./email-intake.service";

// raw bytes kept in memory for messages waiting to be processed; past this, they are read back from the store
const QUEUED_BYTES = 64 * 1024 * 1024;
// messages waiting for a lane before the receivers hold back (SMTP: the 250; IMAP: the next fetch)
export const MAX_WAITING = 96;
// messages a lane takes at once from a long queue (one transaction)
const BATCH = 8;

type Queued = { id: string; raw: Buffer | null; origin: IntakeSource };

/**
 * Where the receivers (SMTP, IMAP) put what they have just stored: a queue taken by a few lanes, a long
 * one several messages per transaction. The messages are stored already, so whatever is queued when the
 * process dies is only late: the sweep takes it.
 */
export const createIntakeLanes = (options: {
  intake: Pick<EmailIntakeService, "processMessage" | "processStoredBatch">;
  concurrency?: number;
  onError?: (error: unknown) => void;
}) => {
  const concurrency = options.concurrency ?? 6;
  const queue: Queued[] = [];
  let queuedBytes = 0;
  let lanes = 0;
  const processing = new Set<Promise<unknown>>();
  // receivers waiting for room in the queue
  const waiting: (() => void)[] = [];
  const release = () => {
    while (waiting.length && queue.length <= MAX_WAITING) waiting.shift()!();
  };

  const take = (): (() => Promise<unknown>) => {
    const head = queue.shift()!;
    if (!head.raw) return () => options.intake.processMessage(head.id);
    // a long queue is taken a few at a time, sharing a transaction; a short one is spread over the lanes
    const batch: StoredMessage[] = [{ id: head.id, raw: head.raw, origin: head.origin }];
    const size = Math.min(BATCH, Math.ceil((queue.length + 1) / (concurrency - lanes + 1)));
    while (batch.length < size && queue[0]?.raw) {
      const next = queue.shift()!;
      batch.push({ id: next.id, raw: next.raw!, origin: next.origin });
    }
    for (const item of batch) queuedBytes -= item.raw.length;
    return async () => {
      // what was left out (a sender busy in another lane) goes back to the front
      const rest = await options.intake.processStoredBatch(batch);
      for (const item of rest) queuedBytes += item.raw.length;
      queue.unshift(...rest);
    };
  };

  const pump = () => {
    while (lanes < concurrency && queue.length) {
      const run = take();
      lanes += 1;
      const work = run()
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          lanes -= 1;
          processing.delete(work);
          pump();
        });
      processing.add(work);
    }
    release();
  };

  let stopped = false;
  return {
    /** Queues a message just stored; its bytes are kept while the budget lasts. */
    push: (stored: StoredMessage) => {
      if (stopped) return;
      const keep = queuedBytes + stored.raw.length <= QUEUED_BYTES;
      if (keep) queuedBytes += stored.raw.length;
      queue.push({ id: stored.id, raw: keep ? stored.raw : null, origin: stored.origin });
      pump();
    },
    /** Resolves at once while the queue is short, else once it has drained to MAX_WAITING (or on stop). */
    room: (): Promise<void> =>
      queue.length <= MAX_WAITING || stopped
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiting.push(resolve)),
    /** Messages waiting or being processed. */
    backlog: () => queue.length + lanes,
    /** Drops the queue (the sweep takes it) and waits for the lanes' current work. */
    stop: async () => {
      stopped = true;
      queue.length = 0;
      queuedBytes = 0;
      for (const resolve of waiting.splice(0)) resolve();
      await Promise.allSettled([...processing]);
    },
  };
};

export type IntakeLanes = ReturnType<typeof createIntakeLanes>;
