import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

export type ReceivedRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: Date;
  /** Whether our whole answer went out (false while it is held, or when the client hung up midway). */
  answered: boolean;
};

export type ReceiverAnswer = {
  status: number;
  /** An iterable is streamed with backpressure until it ends or the client hangs up. */
  body?: string | Buffer | Iterable<Buffer> | AsyncIterable<Buffer>;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Keep the request open without a byte of answer until close(). */
  neverAnswer?: boolean;
};

export type Responder = (request: {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
}) => ReceiverAnswer | Promise<ReceiverAnswer>;

export type HttpsReceiver = {
  /** https://localhost:PORT/hook (http:// when started with `plain: true`). */
  url: string;
  /** https://localhost:PORT */
  origin: string;
  port: number;
  /** PEM of the test CA that signed the certificate (localhost and 127.0.0.1): pass it as the client's `ca`. */
  ca: string;
  received: ReceivedRequest[];
  /** TCP connections accepted, whatever came of them (TLS failures included). */
  connections: () => number;
  setResponder: (respond: Responder) => void;
  close: () => Promise<void>;
};

type TestCertificates = { ca: string; key: string; cert: string };

const OPENSSL_CONFIG = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/** A CA made now and a localhost certificate it signed, with the openssl CLI, in a temp folder removed after. */
const makeCertificates = async (): Promise<TestCertificates> => {
  const dir = await mkdtemp(path.join(tmpdir(), "soporte-test-ca-"));
  try {
    const file = (name: string) => path.join(dir, name);
    await writeFile(file("openssl.cnf"), OPENSSL_CONFIG);
    const config = ["-config", file("openssl.cnf")];
    await run("openssl", [
      "req",
      "-x509",
      ...config,
      "-extensions",
      "ca_ext",
      ...EC_KEY,
      "-days",
      "2",
      "-subj",
      "/CN=Soporte test CA",
      "-keyout",
      file("ca.key"),
      "-out",
      file("ca.pem"),
    ]);
    await run("openssl", [
      "req",
      "-new",
      ...config,
      ...EC_KEY,
      "-subj",
      "/CN=localhost",
      "-keyout",
      file("server.key"),
      "-out",
      file("server.csr"),
    ]);
    await run("openssl", [
      "x509",
      "-req",
      "-in",
      file("server.csr"),
      "-CA",
      file("ca.pem"),
      "-CAkey",
      file("ca.key"),
      "-set_serial",
      `0x${randomBytes(8).toString("hex")}`,
      "-days",
      "2",
      "-extfile",
      file("openssl.cnf"),
      "-extensions",
      "server_ext",
      "-out",
      file("server.pem"),
    ]);
    const [ca, key, cert] = await Promise.all(
      ["ca.pem", "server.key", "server.pem"].map((name) => readFile(file(name), "utf8")),
    );
    return { ca: ca!, key: key!, cert: cert! };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

// one CA per test process: making keys is the slow part
let certificates: Promise<TestCertificates> | undefined;
export const testCertificates = () => {
  certificates ??= makeCertificates();
  return certificates;
};

/**
 * A real webhook receiver for tests on 127.0.0.1 (named `localhost` in its URL): HTTPS with a certificate
 * from a CA made at test time, or plain HTTP with `plain: true`. Keeps every request and answers what the
 * responder says (default 200 "ok").
 */
export const startHttpsReceiver = async (
  options: { respond?: Responder; plain?: boolean } = {},
): Promise<HttpsReceiver> => {
  const { ca, key, cert } = await testCertificates();
  let respond: Responder = options.respond ?? (() => ({ status: 200, body: "ok" }));
  const received: ReceivedRequest[] = [];
  let connections = 0;

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const entry: ReceivedRequest = {
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: new Date(),
        answered: false,
      };
      received.push(entry);
      response.on("finish", () => {
        entry.answered = true;
      });
      response.on("error", () => undefined);
      try {
        const answer = await respond({ headers: entry.headers, body: entry.body, path: entry.path });
        if (answer.neverAnswer) return;
        if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
        if (response.destroyed) return;
        response.writeHead(answer.status, answer.headers);
        const body = answer.body ?? "";
        if (typeof body === "string" || Buffer.isBuffer(body)) response.end(body);
        else await pipeline(Readable.from(body), response).catch(() => undefined);
      } catch (error) {
        if (!response.headersSent) response.writeHead(599);
        response.end(String(error));
      }
    });
  };

  const server = options.plain ? http.createServer(handle) : https.createServer({ key, cert }, handle);
  server.on("connection", () => {
    connections += 1;
  });
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `${options.plain ? "http" : "https"}://localhost:${port}`;

  return {
    url: `${origin}/hook`,
    origin,
    port,
    ca,
    received,
    connections: () => connections,
    setResponder: (next) => {
      respond = next;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
