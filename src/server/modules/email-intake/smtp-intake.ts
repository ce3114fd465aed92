import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { EmailIntakeService, IntakeSource } from "./email-intake.service";
import { createIntakeLanes } from "./intake-lanes";

export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

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
  // processing runs a few lanes at a time; a burst waits there (stored already, so nothing is at risk)
  const lanes = createIntakeLanes({
    intake: options.intake,
    concurrency: options.concurrency,
    onError: options.onError,
  });
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
              lanes.push({ id: stored.id, raw, origin });
              // flow control: while processing is behind, the 250 waits (the message is safe already), so
              // a burst slows its senders down instead of piling up unprocessed mail here
              void lanes.room().then(answer);
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
    backlog: lanes.backlog,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await lanes.stop();
      await closed;
    },
  };
};
