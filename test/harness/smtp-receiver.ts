import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string[]; raw: string; parsed: ParsedMail; at: number };

/** A temporary refusal: 421 at the greeting (the relay is busy or shutting down) or 451 to each recipient. */
export type TempFail = 421 | 451;

/** An attempt the receiver turned away: when, with which code, and to whom (unknown at a 421 greeting). */
export type Refusal = { at: number; code: number; to: string | null };

const smtpError = (code: number, text: string) => {
  const error = new Error(text) as Error & { responseCode: number };
  error.responseCode = code;
  return error;
};

/**
 * A real SMTP server for tests: keeps what it receives, refuses recipients matching `reject` with 550, and
 * can be stopped and started again on the same port (the "mail server is down" case). `tempFail` answers
 * every attempt 421 or 451 (a relay busy for a while) until it is set back to null; `setReject` changes the
 * refused recipients. Every refusal is kept in `refused`, with its time.
 */
export const startSmtpReceiver = async (
  options: { port?: number; reject?: RegExp; tempFail?: TempFail | null } = {},
) => {
  const received: ReceivedMail[] = [];
  const refused: Refusal[] = [];
  let reject = options.reject ?? null;
  let tempFail = options.tempFail ?? null;
  let server: SMTPServer | null = null;
  let port = options.port ?? 0;

  const listen = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      // a stop closes the connections still open after a second (not the default 30 s)
      closeTimeout: 1_000,
      onConnect(_session, callback) {
        if (tempFail === 421) {
          refused.push({ at: Date.now(), code: 421, to: null });
          callback(smtpError(421, "4.3.2 service not available, try again later"));
          return;
        }
        callback();
      },
      onRcptTo(address, _session, callback) {
        if (tempFail === 451) {
          refused.push({ at: Date.now(), code: 451, to: address.address });
          callback(smtpError(451, "4.3.0 temporary local problem, try again later"));
          return;
        }
        if (reject?.test(address.address)) {
          refused.push({ at: Date.now(), code: 550, to: address.address });
          callback(smtpError(550, "5.1.1 mailbox unavailable"));
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then(
            (parsed) => {
              received.push({
                to: session.envelope.rcptTo.map((r) => r.address),
                raw: raw.toString("utf8"),
                parsed,
                at: Date.now(),
              });
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    server.on("error", () => undefined);
    await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", () => resolve()));
    port = (server!.server.address() as AddressInfo).port;
  };

  const stop = async () => {
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  return {
    received,
    refused,
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    /** Answers 421 or 451 from now on; null accepts again. */
    setTempFail: (code: TempFail | null) => {
      tempFail = code;
    },
    /** Refuses recipients matching this with 550 from now on; null accepts everyone. */
    setReject: (pattern: RegExp | null) => {
      reject = pattern;
    },
    stop,
    start: listen,
  };
};
