import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string[]; raw: string; parsed: ParsedMail };

/**
 * A real SMTP server for tests: keeps what it receives, refuses recipients matching `reject` with 550, and
 * can be stopped and started again on the same port (the "mail server is down" case).
 */
export const startSmtpReceiver = async (options: { port?: number; reject?: RegExp } = {}) => {
  const received: ReceivedMail[] = [];
  let server: SMTPServer | null = null;
  let port = options.port ?? 0;

  const listen = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (options.reject?.test(address.address)) {
          const error = new Error("5.1.1 mailbox unavailable") as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
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
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    stop,
    start: listen,
  };
};
