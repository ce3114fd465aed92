import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { SMTPServer } from "smtp-server";

export const devMailDir = (dataDir: string) => path.join(dataDir, "dev-mail");

/**
 * Without SMTP_URL, outgoing mail goes to this local SMTP server, which keeps each message as an .eml file
 * for the "captured mail" page: a newcomer sees the notifications without a mail server.
 */
export const startDevMailSink = async (options: { dataDir: string; port: number }) => {
  const dir = devMailDir(options.dataDir);
  await mkdir(dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    banner: "Soporte development mail sink",
    size: 25 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        // the name sorts by arrival
        const name = `${Date.now().toString(36).padStart(9, "0")}-${randomUUID().slice(0, 8)}.eml`;
        writeFile(path.join(dir, name), Buffer.concat(chunks)).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  server.on("error", () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    dir,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
