import { isIP } from "node:net";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { decodeSecretsKey } from "./secrets";

const DEFAULT_WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../dist/web");

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const portSchema = z.coerce
  .number({ error: "must be a port number 0-65535" })
  .int({ error: "must be a port number 0-65535" })
  .min(0, { error: "must be a port number 0-65535" })
  .max(65535, { error: "must be a port number 0-65535" });
const postgresUrlSchema = z
  .url({ protocol: /^postgres(ql)?$/, message: "must be a postgres:// URL" })
  .optional();

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/;
const ALLOW_HOSTS_MESSAGE =
  "must be host names or IP addresses separated by commas, e.g. localhost,127.0.0.1";
const hostListSchema = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((host) =>
        host
          .trim()
          .toLowerCase()
          .replace(/^\[(.*)\]$/, "$1"),
      )
      .filter((host) => host !== ""),
  )
  .refine((hosts) => hosts.every((host) => HOST_NAME.test(host) || isIP(host) !== 0), {
    error: ALLOW_HOSTS_MESSAGE,
  });

const MAX_SERVER_PROCESSES = 32;
const SERVER_PROCESSES_MESSAGE = `must be auto (one per core) or a number of processes, 1-${MAX_SERVER_PROCESSES}`;

const HIDDEN_VARIABLES = new Set(["SECRETS_KEY", "SECRETS_PREVIOUS_KEY"]);

const envSchema = z.object({
  PORT: portSchema.default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: postgresUrlSchema,
  DATA_DIR: z.string().min(1).default("./data"),
  PUBLIC_URL: z.url({ message: "must be an http(s) URL" }).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  EMBEDDED_PG_PORT: portSchema.optional(),
  ADMIN_EMAIL: z.email().default("admin@soporte.local"),
  SMTP_URL: z.url({ protocol: /^smtps?$/, message: "must be an smtp:// or smtps:// URL" }).optional(),
  MAIL_FROM: z
    .string()
    .regex(/^[^\r\n]*<?[^\s@<>]+@[^\s@<>]+>?$/, "must be an address, e.g. Soporte <soporte@example.com>")
    .optional(),
  DEV_SMTP_PORT: portSchema.optional(),
  MAIL_INTAKE_PORT: portSchema.optional(),
  MAIL_INTAKE_HOST: z.string().min(1).optional(),
  IMAP_TLS_CA_FILE: z.string().min(1).optional(),
  WEB_DIR: z.string().min(1).optional(),
  RELEASE_FILE_MAX_MB: z.coerce
    .number({ error: "must be a number of megabytes, 1-4096" })
    .int({ error: "must be a number of megabytes, 1-4096" })
    .min(1, { error: "must be a number of megabytes, 1-4096" })
    .max(4096, { error: "must be a number of megabytes, 1-4096" })
    .default(500),
  SECRETS_KEY: z
    .string()
    .refine((value) => decodeSecretsKey(value) !== undefined, {
      error: "must be 32 bytes as base64 or 64 hex characters, e.g. from `openssl rand -base64 32`",
    })
    .optional(),
  /** After a rotation with SECRETS_KEY: the key before, until every server runs with the new one. */
  SECRETS_PREVIOUS_KEY: z
    .string()
    .refine((value) => decodeSecretsKey(value) !== undefined, {
      error: "must be 32 bytes as base64 or 64 hex characters",
    })
    .optional(),
  WEBHOOK_ALLOW_HOSTS: hostListSchema.optional(),
  TRUST_PROXY: z.enum(["true", "false", "1", "0"], { error: "must be true or false" }).default("false"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SERVER_PROCESSES: z
    .union(
      [
        z.literal("auto"),
        z.coerce
          .number({ error: SERVER_PROCESSES_MESSAGE })
          .int({ error: SERVER_PROCESSES_MESSAGE })
          .min(1, { error: SERVER_PROCESSES_MESSAGE })
          .max(MAX_SERVER_PROCESSES, { error: SERVER_PROCESSES_MESSAGE }),
      ],
      { error: SERVER_PROCESSES_MESSAGE },
    )
    .default(1),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  logLevel: (typeof LOG_LEVELS)[number];
  embeddedPgPort: number | undefined;
  adminEmail: string;
  smtpUrl: string | undefined;
  /** The From of outgoing mail; its domain also ends every Message-ID we send. */
  mailFrom: string;
  mailDomain: string;
  /** Port of the development mail sink started when SMTP_URL is unset (0: any free port). */
  devSmtpPort: number;
  /** The SMTP receiver of the email channel; unset: not started (embedded demo: 2525). */
  mailIntakePort: number | undefined;
  mailIntakeHost: string;
  imapCaFile: string | undefined;
  /** The built web app (`npm run build:web`, or `soporte serve` when it is missing or stale). */
  webDir: string;
  /** The largest file a release may carry (its installer). */
  releaseFileMaxBytes: number;
  secureCookies: boolean;
  nodeEnv: "development" | "production" | "test";
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  /** The key that seals secrets at rest; unset: `<dataDir>/secrets.key`, made on first use. */
  secretsKey: string | undefined;
  /** SECRETS_PREVIOUS_KEY: still opens what it sealed (the key before a rotation). */
  secretsPreviousKey: string | undefined;
  /**
   * Hosts a webhook may reach over plain http and on private addresses (local development); anything
   * else must be https to a public address.
   */
  webhookAllowHosts: string[];
  /** How many processes answer HTTP (SERVER_PROCESSES; auto: one per core, up to the maximum). */
  serverProcesses: number;
};

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Parses the environment once; the only place that reads process.env. */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  // empty variables count as unset, as in most shells' `VAR= cmd`
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    // a key must not reach the log, even a wrong one
    const shown = HIDDEN_VARIABLES.has(variable) ? "(hidden)" : JSON.stringify(cleaned[variable] ?? "");
    throw new ConfigError(`invalid ${variable}=${shown}: ${issue.message}`);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  const mailFrom = e.MAIL_FROM ?? `Soporte <soporte@${new URL(publicUrl).hostname}>`;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl,
    logLevel: e.LOG_LEVEL,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    adminEmail: e.ADMIN_EMAIL.toLowerCase(),
    smtpUrl: e.SMTP_URL,
    mailFrom,
    mailDomain: /@([^\s@<>]+)>?\s*$/.exec(mailFrom)![1]!.toLowerCase(),
    devSmtpPort: e.DEV_SMTP_PORT ?? 0,
    mailIntakePort: e.MAIL_INTAKE_PORT,
    mailIntakeHost: e.MAIL_INTAKE_HOST ?? e.HOST,
    imapCaFile: e.IMAP_TLS_CA_FILE,
    webDir: e.WEB_DIR ? path.resolve(e.WEB_DIR) : DEFAULT_WEB_DIR,
    releaseFileMaxBytes: e.RELEASE_FILE_MAX_MB * 1024 * 1024,
    secureCookies: publicUrl.startsWith("https://"),
    nodeEnv: e.NODE_ENV,
    trustProxy: e.TRUST_PROXY === "true" || e.TRUST_PROXY === "1",
    secretsKey: e.SECRETS_KEY,
    secretsPreviousKey: e.SECRETS_PREVIOUS_KEY,
    webhookAllowHosts: e.WEBHOOK_ALLOW_HOSTS ?? [],
    serverProcesses:
      e.SERVER_PROCESSES === "auto"
        ? Math.min(availableParallelism(), MAX_SERVER_PROCESSES)
        : e.SERVER_PROCESSES,
  };
};
