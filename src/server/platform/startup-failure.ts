import { errorChain } from "./errors";

/**
 * A start that cannot go on for a reason on the machine, not in the code: printed as one line that names the
 * cause and the fix, exit code 2 (like a usage error), never a stack trace.
 */
export class StartupError extends Error {
  override readonly name = "StartupError";
}

type Errno = NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string };

const errnoOf = (error: unknown): Errno | null => {
  for (const e of errorChain(error)) if (typeof e.code === "string") return e as Errno;
  return null;
};

/** Where the database answers, without its password. */
const describeDatabase = (url: string | undefined) => {
  if (!url) return "the embedded PostgreSQL";
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "the PostgreSQL of DATABASE_URL";
  }
};

/**
 * The one line for a failure we know how to explain; null for anything else (a bug: the stack is logged).
 * `databaseUrl` is set when the database is DATABASE_URL's (not the embedded one).
 */
export const explainStartupFailure = (
  error: unknown,
  context: { port: number; host: string; dataDir: string; databaseUrl: string | undefined },
): string | null => {
  if (error instanceof StartupError) return error.message;
  const e = errnoOf(error);
  const db = describeDatabase(context.databaseUrl);
  switch (e?.code) {
    case "EADDRINUSE":
      return e.port !== undefined && e.port !== context.port
        ? `port ${e.port} is in use by another program: stop it, or choose another port for it`
        : `port ${context.port} on ${context.host} is in use by another program (perhaps another Soporte): stop it or set PORT to a free port`;
    case "EACCES":
      if (e.syscall === "listen")
        return `port ${context.port} needs privileges this user does not have: set PORT to 1024 or above`;
      return `permission denied on ${e.path ?? context.dataDir}: give this user access to it, or set DATA_DIR to a folder it owns`;
    case "ENOSPC":
      return `no space left on the disk of ${e.path ?? context.dataDir}: free some space (df -h ${context.dataDir}) and start again`;
    case "EROFS":
      return `${e.path ?? context.dataDir} is on a read-only file system: set DATA_DIR to a writable folder`;
    case "ECONNREFUSED":
      return `${db} refuses connections: start PostgreSQL, or correct DATABASE_URL`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `the host of DATABASE_URL (${e.hostname ?? "?"}) is not known: correct DATABASE_URL`;
    case "ETIMEDOUT":
      return `${db} does not answer: check that it runs and that a firewall lets this machine reach it`;
    // PostgreSQL's own codes
    case "28P01":
    case "28000":
      return `${db} refused the user or password of DATABASE_URL: correct them`;
    case "3D000":
      return `${db} has no such database: create it (createdb) or correct DATABASE_URL`;
    case "53100":
      return `${db} has no space left on its disk: free some space and start again`;
    case "57P03":
      return `${db} is starting up or shutting down: start Soporte again in a moment`;
    default:
      // initdb and the postmaster report a full disk only in their output
      return /No space left on device/i.test(String((error as Error | null)?.message ?? error))
        ? `no space left on the disk of ${context.dataDir}: free some space (df -h ${context.dataDir}) and start again`
        : null;
  }
};
