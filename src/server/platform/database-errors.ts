import { errorChain } from "./errors";

/**
 * A database failure a client can do nothing about but wait (PostgreSQL restarting, unreachable, out of
 * connections) or that needs an operator (its disk is full): told apart from a bug, so the API answers
 * 503 or 507 instead of 500.
 */
export type DatabaseFailure = "unavailable" | "storage_full";

const UNAVAILABLE_ERRNO = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);
// node-postgres reports a lost or refused connection by message only
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended)/;

export const databaseFailureOf = (error: unknown): DatabaseFailure | null => {
  for (const e of errorChain(error)) {
    const code = typeof e.code === "string" ? e.code : "";
    // SQLSTATE: 53100 disk_full; class 08 connection exceptions; 57P01-03 shutting down, crashed, starting;
    // 53200 out of memory; 53300 too many connections
    if (code === "53100") return "storage_full";
    if (/^08...$/.test(code) || /^57P0[123]$/.test(code) || code === "53200" || code === "53300")
      return "unavailable";
    if (UNAVAILABLE_ERRNO.has(code)) return "unavailable";
    if (typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message)) return "unavailable";
  }
  return null;
};
