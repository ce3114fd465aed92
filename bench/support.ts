/** What the database benchmarks share: a PostgreSQL to run on, free ports, and percentiles. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { startEmbeddedDatabase } from "../src/server/platform/embedded-database";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const log = (line: string) => process.stdout.write(`${line}\n`);
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** BENCH_DATABASE_URL, else the local PostgreSQL server, else an embedded one in a temp folder. */
export const adminDatabase = async () => {
  if (process.env.BENCH_DATABASE_URL)
    return { url: process.env.BENCH_DATABASE_URL, stop: async () => undefined };
  if (await reachable(5432))
    return { url: "postgres://postgres@127.0.0.1:5432/postgres", stop: async () => undefined };
  const dir = await mkdtemp(path.join(tmpdir(), "soporte-bench-pg-"));
  const embedded = await startEmbeddedDatabase({ dataDir: dir, database: "postgres" });
  return {
    url: embedded.adminUrl,
    stop: async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

/**
 * A new database for one benchmark run on the server adminDatabase finds; `drop` removes it (unless
 * `keep`) and stops an embedded server.
 */
export const benchDatabase = async (prefix: string) => {
  const admin = await adminDatabase();
  const name = `${prefix}_${Date.now().toString(36)}`;
  const adminClient = new pg.Client({ connectionString: admin.url });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE ${name}`);
  const url = new URL(admin.url);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async (options: { keep?: boolean } = {}) => {
      if (!options.keep) await adminClient.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await adminClient.end();
      await admin.stop();
    },
  };
};

const TICKS_PER_SECOND = 100;
const readStat = (pid: number | string) => {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // the command name may hold spaces: fields count from the closing parenthesis
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { comm: text.slice(text.indexOf("(") + 1, text.lastIndexOf(")")), fields };
  } catch {
    return null;
  }
};

/**
 * CPU seconds used so far by a process, and by every PostgreSQL process of this machine (the
 * postmaster's reaped children included). Linux only; null elsewhere.
 */
export const cpuSeconds = (pid: number | undefined) => {
  if (!existsSync("/proc/self/stat")) return null;
  const own = (f: string[]) => (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND;
  const reaped = (f: string[]) => (Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND;
  let postgres = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (!stat?.comm.startsWith("postgres")) continue;
    postgres += own(stat.fields);
    // the postmaster (its parent is not postgres) accounts for the backends that have exited
    const parent = readStat(stat.fields[1]!);
    if (!parent?.comm.startsWith("postgres")) postgres += reaped(stat.fields);
  }
  const usage = process.cpuUsage();
  // the whole machine: busy and idle time of all CPUs
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.split(/\s+/).slice(1).map(Number);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  const total = cpu.reduce((a, b) => a + b, 0);
  const child = pid === undefined ? null : readStat(pid);
  return {
    process: child ? own(child.fields) : 0,
    postgres,
    self: (usage.user + usage.system) / 1e6,
    machine: { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND },
  };
};

/** An SMTP receiver that counts and drops what it is sent (the benchmarks' mail relay). */
export const startMailSink = async () => {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("data", () => undefined);
      stream.on("end", () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () => received,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
};
