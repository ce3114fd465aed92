import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { EmailIntakeService, IntakeSource, StoredMessage } from "./email-intake.service";

export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
// raw bytes kept in memory for messages waiting to be processed; past this, they are read back from the store
const QUEUED_BYTES = 64 * 1024 * 1024;
// messages waiting for a lane before the receiver makes senders wait for their 250
const MAX_WAITING = 96;
// messages a lane takes at once from a long queue (one transaction)
const BATCH = 8;

/**
 * The SMTP receiver (MX forwarding or a relay): a message is answered 250 only after it is stored, so a
 * crash before the commit makes the sending server retry; a message over the size limit is refused (552).
 * Processing starts right after the answer, from the bytes still in memory (up to a budget; beyond it, from
 * the store); the sweep finishes whatever this process leaves behind when it dies.
 */
export const startSmtpIntake = async (options: {
  intake: EmailIntakeService;
  port: number;
  host: string;
  maxBytes?: number;
  concurrency?: number;
  onError?: (error: unknown) => void;
}) => {
  const maxBytes = options.maxBytes ?? MAX_MESSAGE_BYTES;
  let inFlight = 0;
  const processing = new Set<Promise<unknown>>();
  const concurrency = options.concurrency ?? 6;
  // processing runs a few lanes at a time; a burst waits here (stored already, so nothing is at risk)
  const queue: { id: string; raw: Buffer | null; origin: IntakeSource }[] = [];
  let queuedBytes = 0;
  let lanes = 0;
  // senders whose 250 waits for room in the queue
  const waiting: (() => void)[] = [];
  const release = () => {
    while (waiting.length && queue.length < MAX_WAITING) waiting.shift()!();
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
  const server = new SMTPServer({
    name: "soporte",
    banner: "Soporte mail intake",
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: maxBytes,
    logger: false,
    // a sender that opens connections without end does not exhaust us
    maxClients: 200,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on("end", () => {
        if (stream.sizeExceeded || size > maxBytes) {
          const error = new Error(`552 message exceeds the limit of ${maxBytes} bytes`) as Error & {
            responseCode: number;
          };
          error.responseCode = 552;
          callback(error);
          return;
        }
        inFlight += 1;
        const raw = Buffer.concat(chunks);
        const origin: IntakeSource = {
          source: "smtp",
          detail: {
            mailFrom: session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            remoteAddress: session.remoteAddress,
            helo: session.hostNameAppearsAs,
          },
        };
        options.intake
          .store(raw, origin)
          .then(
            (stored) => {
              const answer = () => callback(null, stored.duplicate ? "OK: already received" : "OK: received");
              if (stored.duplicate) return answer();
              const keep = queuedBytes + raw.length <= QUEUED_BYTES;
              if (keep) queuedBytes += raw.length;
              queue.push({ id: stored.id, raw: keep ? raw : null, origin });
              pump();
              // flow control: while processing is behind, the 250 waits (the message is safe already), so
              // a burst slows its senders down instead of piling up unprocessed mail here
              if (queue.length <= MAX_WAITING) answer();
              else waiting.push(answer);
            },
            (error: unknown) => {
              options.onError?.(error);
              // the sending server keeps the message and tries again later
              const failure = new Error("451 temporary failure storing the message; try again") as Error & {
                responseCode: number;
              };
              failure.responseCode = 451;
              callback(failure);
            },
          )
          .finally(() => {
            inFlight -= 1;
          });
      });
    },
  });
  server.on("error", (error) => options.onError?.(error));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    inFlight: () => inFlight,
    /** Messages stored and waiting or being processed in this process. */
    backlog: () => queue.length + lanes,
    stop: async () => {
      queue.length = 0;
      release();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...processing]);
    },
  };
};
