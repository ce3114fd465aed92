import type { LightMyRequestResponse } from "fastify";
import type { ErrorCode, FieldErrorCode, ProblemReason } from "../../src/api/errors";
import type { Session } from "../harness/test-app";
import type { World } from "./world";

/** What kind of hostility an input is. */
export type Family =
  | "body"
  | "prototype"
  | "unicode"
  | "nul"
  | "search"
  | "upload"
  | "mail-header"
  | "tenancy"
  | "auth"
  | "malformed";

/** The route families of the API; the suite checks each one meets at least one input. */
export const AREAS = [
  "auth",
  "cases",
  "organizations",
  "contracts",
  "catalog",
  "support-center",
  "services",
  "calendars",
  "reports",
  "audit",
  "admin",
  "webhooks",
  "email-settings",
  "uploads",
  "notifications",
] as const;
export type Area = (typeof AREAS)[number];

/** Who sends: a browser session (cookie + CSRF header), an API token, or nobody. */
export type Caller = Session | { token: string } | null;

export type HostileRequest = {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: string;
  as: Caller;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as given, with its own content-type in `headers`. */
  payload?: string | Buffer;
  headers?: Record<string, string>;
  /** Leave the session's CSRF header out (the cookie alone). */
  withoutCsrf?: boolean;
};

/** The answer expected: its status, and for a problem its code, reason and the fields it names. */
export type Expected = {
  status: number | readonly number[];
  code?: ErrorCode | readonly ErrorCode[];
  reason?: ProblemReason;
  /** Each must be named by a field error (with `fieldCode` when given). */
  fields?: readonly string[];
  fieldCode?: FieldErrorCode;
};

/** What is wrong with an answer, or nothing. */
export type Complaint = string | null | undefined;
export type Check = (res: LightMyRequestResponse, w: World) => Complaint | Promise<Complaint>;

export type Hostile = {
  family: Family;
  area: Area;
  /** The input, in words. */
  input: string;
  send: (w: World) => HostileRequest | Promise<HostileRequest>;
  expect: Expected;
  /** Further checks on the answer (and on what the server did). */
  check?: Check;
};

/** Any 4xx problem a refusal may take. */
export const REFUSED = [400, 403, 404, 409, 422] as const;
/** A uuid no row has. */
export const NOBODY = "00000000-0000-4000-8000-000000000000";

/** A multipart/form-data body with one file, its part header written as given (`disposition`). */
export const multipart = (file: {
  disposition: string;
  type: string;
  content: Buffer | string;
  fields?: Record<string, string>;
}) => {
  const boundary = "----soporte-hostile-boundary";
  const fields = Object.entries(file.fields ?? {}).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return {
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(fields.join("")),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; ${file.disposition}\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
};

/** The JSON of an answer, or null. */
export const jsonOf = (res: LightMyRequestResponse): Record<string, unknown> | null => {
  try {
    return res.json();
  } catch {
    return null;
  }
};

/** The first complaint of several checks. */
export const all =
  (...checks: Check[]): Check =>
  async (res, w) => {
    for (const check of checks) {
      const complaint = await check(res, w);
      if (complaint) return complaint;
    }
    return null;
  };
