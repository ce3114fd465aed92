/**
 * What the database benchmarks share: a PostgreSQL to run on, free ports, percentiles, a `soporte serve`
 * process, tables; load tests (autocannon) beside a trivial Fastify ceiling; the SQL a route runs, captured
 * and explained; seeded randomness; and a support desk with two years of cases — the desk through the
 * services, the cases bulk-inserted with the columns, history and audit rows the services write.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { Temporal } from "temporal-polyfill";
import { CHECKLIST_ITEMS } from "../src/api/cases";
import type { CaseStatus } from "../src/domain/cases/case-status";
import { suggestPriority } from "../src/domain/cases/priority";
import { addDays, localDateOf } from "../src/domain/contracts/local-date";
import type { PlanSettings } from "../src/domain/contracts/plan";
import {
  addBusinessTime,
  businessTimeBetween,
  explainAddBusinessTime,
  nextOpening,
} from "../src/domain/sla/business-time";
import type { BusinessCalendar } from "../src/domain/sla/compiled-calendar";
import { computeEscalationSchedule } from "../src/domain/sla/escalation-plan";
import { DEFAULT_ESCALATION_PLAN } from "../src/domain/sla/escalation-settings";
import { PRIORITIES, type Priority } from "../src/domain/sla/sla-clock";
import { buildApp } from "../src/server/app";
import { type Actor, SYSTEM_ACTOR } from "../src/server/platform/actor";
import { systemClock } from "../src/server/platform/clock";
import { loadConfig } from "../src/server/platform/config";
import type { Database, DB } from "../src/server/platform/db";
import { startEmbeddedDatabase } from "../src/server/platform/embedded-database";
import type { Services } from "../src/server/services";

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
 * `keep`) and stops an embedded server. `copy` makes another database with its rows as they are (no one
 * may be connected to it meanwhile), dropped with it.
 */
export const benchDatabase = async (prefix: string) => {
  const admin = await adminDatabase();
  const name = `${prefix}_${Date.now().toString(36)}`;
  const adminClient = new pg.Client({ connectionString: admin.url });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE ${name}`);
  const urlOf = (database: string) => {
    const url = new URL(admin.url);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const copies: string[] = [];
  return {
    url: urlOf(name),
    copy: async (suffix: string) => {
      const copyName = `${name}_${suffix}`;
      await adminClient.query(`CREATE DATABASE ${copyName} TEMPLATE ${name}`);
      copies.push(copyName);
      return urlOf(copyName);
    },
    drop: async (options: { keep?: boolean } = {}) => {
      for (const database of options.keep ? [] : [name, ...copies])
        await adminClient.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
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

/* ---------- measuring and showing ---------- */

/** Milliseconds with three significant digits at most. */
export const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** A plain-text table: the first `left` columns aligned left, the others right. */
export const table = (header: string[], rows: string[][], left = 1) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < left ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  log(line(header));
  log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) log(line(r));
};

export const MB = 1024 * 1024;
/** VmRSS of a process, in bytes. */
export const residentBytes = (pid: number) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : Number.NaN;
};

/** A built web app newer than its sources in `dataDir`: `serve` does not rebuild it (the API is measured). */
export const placeholderWebDir = (dataDir: string) => {
  const webDir = path.join(dataDir, "web");
  mkdirSync(webDir, { recursive: true });
  writeFileSync(path.join(webDir, "index.html"), "<!doctype html><title>Soporte</title>");
  return webDir;
};

/**
 * A `soporte serve` process (its own event loop and pool) on a free port, up when its health check answers.
 * Its log goes to `logFile`, whose tail is shown if it stops before `stop()`.
 */
export const startServer = async (options: {
  env: Record<string, string>;
  logFile: string;
  logLevel?: string;
}) => {
  const port = await freePort();
  const out = openSync(options.logFile, "a");
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "bin/soporte.js"), "serve"], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...options.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: options.logLevel ?? "warn",
    },
    stdio: ["ignore", out, out],
  });
  closeSync(out);
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      resolve();
      if (stopping) return;
      log(`the server stopped (code ${code}, signal ${signal}); its log:`);
      log(readFileSync(options.logFile, "utf8").split("\n").slice(-30).join("\n"));
    }),
  );
  const stop = async () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  for (let i = 0; i < 480; i += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok)
        return { child, pid: child.pid!, port, stop };
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  await stop();
  throw new Error("server did not start");
};

/** A signed-in browser: its session cookie and the CSRF header its writes send. */
export const signIn = async (base: string, email: string, password: string) => {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith("soporte_session="))!
    .split(";")[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, "x-csrf-token": csrfToken };
};

/** A trivial Fastify route (`GET /` → `{ok:true}`) in its own node process: the ceiling of an HTTP route. */
export const startTrivialFastify = async () => {
  const port = await freePort();
  const script = `import Fastify from "fastify";
    const app = Fastify();
    app.get("/", async () => ({ ok: true }));
    await app.listen({ port: ${port}, host: "127.0.0.1" });`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: ROOT,
    stdio: "ignore",
  });
  for (let i = 0; i < 200; i += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok)
        return { base: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => child.kill("SIGTERM") };
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  child.kill("SIGTERM");
  throw new Error("the trivial Fastify process did not start");
};

export type LoadCall = {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
};
export type LoadSample = {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The non-2xx statuses and how many of each ("429×12"). */
  codes: string;
  /** CPU milliseconds a request of the process `pid` and of PostgreSQL. */
  nodeMs: number;
  pgMs: number;
  /** The share of the machine's CPU time other processes used meanwhile (not `pid`, PostgreSQL or this one). */
  otherShare: number;
};

/**
 * autocannon for `seconds` after a warm-up of `warmupSeconds`, every request made by `make` (rotating ids,
 * callers, bodies); after each part, until the server is idle again (`settle`), so that neither starts
 * behind requests the other abandoned. req/s over the measured part, its p50 and p99 (whole ms), errors
 * (timeouts included), non-2xx; CPU a request (the requests in flight at the end counted as done).
 */
export const loadTest = async (options: {
  url: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  make: () => LoadCall;
  pid: number;
  /** A connection to the server's database, to see it idle. */
  client: pg.Client;
}): Promise<LoadSample & { busyAfter: number }> => {
  const run = (duration: number) =>
    autocannon({
      url: options.url,
      connections: options.connections,
      duration,
      requests: [{ setupRequest: (request) => ({ ...request, ...options.make() }) }],
    });
  await run(options.warmupSeconds);
  await settle(options.client);
  await waitForQuiet();
  const before = cpuSeconds(options.pid);
  const result = await run(options.seconds);
  const busyAfter = await settle(options.client);
  const after = cpuSeconds(options.pid);
  const total = result.requests.total + options.connections;
  const delta = (f: (c: NonNullable<typeof after>) => number) =>
    before && after ? f(after) - f(before) : Number.NaN;
  const other =
    delta((c) => c.machine.busy) - delta((c) => c.process) - delta((c) => c.postgres) - delta((c) => c.self);
  const perRequest = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? Number.NaN : ((b - a) * 1000) / total;
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    codes: Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => !code.startsWith("2"))
      .map(([code, s]) => `${code}×${s.count ?? 0}`)
      .join(" "),
    nodeMs: perRequest(before?.process, after?.process),
    pgMs: perRequest(before?.postgres, after?.postgres),
    otherShare: Math.max(0, other / delta((c) => c.machine.total)),
    busyAfter,
  };
};

/** The share of the machine's CPU time busy over `seconds`. */
export const machineBusyShare = async (seconds: number) => {
  const before = cpuSeconds(undefined);
  await sleep(seconds * 1000);
  const after = cpuSeconds(undefined);
  if (!before || !after) return 0;
  return (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total);
};

/**
 * Waits (up to ten minutes) until the machine is quiet — under `maxShare` of its CPU busy over a second — so
 * that another process's work (a test suite, another benchmark) does not count against a measurement.
 */
export const waitForQuiet = async (maxShare = 0.25) => {
  const started = performance.now();
  let share = await machineBusyShare(1);
  while (share >= maxShare && performance.now() - started < 600_000) share = await machineBusyShare(2);
  const waited = (performance.now() - started) / 1000 - 1;
  if (waited > 1)
    log(
      `  (waited ${waited.toFixed(0)} s for a quiet machine: ${(share * 100).toFixed(0)} % of its CPU busy)`,
    );
};

/**
 * Waits (up to two minutes) until the server's connections run no statement, so that requests a load test
 * abandoned (timeouts) do not weigh on the next one; the seconds waited.
 */
export const settle = async (client: pg.Client, applicationName = "soporte") => {
  const started = performance.now();
  for (let i = 0; i < 1200; i += 1) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = $1 AND state = 'active'`,
      [applicationName],
    );
    if (rows[0]!.n === 0) break;
    await sleep(100);
  }
  return (performance.now() - started) / 1000;
};

/* ---------- the SQL a route runs, explained ---------- */

export type CapturedQuery = { sql: string; parameters: readonly unknown[] };

/**
 * The app built in this process (as the tests build it) over a Kysely on `pool` that records every statement
 * it compiles; `take()` returns those recorded since the last call.
 */
export const capturingApp = async (options: {
  url: string;
  pool: pg.Pool;
  dataDir: string;
  smtpUrl: string;
}) => {
  let captured: CapturedQuery[] = [];
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: options.pool }),
    log: (event) => {
      if (event.level === "query")
        captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  const app = await buildApp({
    config: loadConfig({ DATA_DIR: options.dataDir, DATABASE_URL: options.url, SMTP_URL: options.smtpUrl }),
    db,
    clock: systemClock,
  });
  await app.ready();
  const take = () => {
    const taken = captured;
    captured = [];
    return taken;
  };
  return { app, take };
};

export const isSelect = (sql: string) =>
  /^\s*(select|with)\b/i.test(sql) && !/\b(insert|update|delete)\b/i.test(sql);

const literal = (client: pg.Client, value: unknown): string =>
  value === null || value === undefined
    ? "NULL"
    : value instanceof Date
      ? client.escapeLiteral(value.toISOString())
      : typeof value === "number" || typeof value === "boolean"
        ? String(value)
        : Array.isArray(value)
          ? // a PostgreSQL array literal ({"a","b"}), as pg sends an array parameter
            client.escapeLiteral(
              `{${value.map((v) => `"${String(v).replace(/["\\]/g, "\\$&")}"`).join(",")}}`,
            )
          : client.escapeLiteral(typeof value === "string" ? value : JSON.stringify(value));

/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of a statement with its parameters: as planned for those values (custom), and
 * as a generic plan — what a statement the server prepares (db.ts) may use after its fifth run.
 */
export const explainBothWays = async (client: pg.Client, sql: string, parameters: unknown[]) => {
  const plan = async (text: string, values?: unknown[]) => {
    try {
      return (await client.query(text, values)).rows.map((r) => r["QUERY PLAN"] as string);
    } catch (error) {
      return [`(failed: ${(error as Error).message})`];
    }
  };
  const custom = await plan(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, parameters);
  let generic: string[];
  try {
    await client.query(`PREPARE bench_explained AS ${sql}`);
    await client.query("SET plan_cache_mode = force_generic_plan");
    const args = parameters.length ? `(${parameters.map((p) => literal(client, p)).join(", ")})` : "";
    generic = await plan(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_explained${args}`);
  } catch (error) {
    generic = [`(failed: ${(error as Error).message})`];
  } finally {
    await client.query("RESET plan_cache_mode");
    await client.query("DEALLOCATE ALL");
  }
  return { custom, generic };
};

/** A plan's top node, execution time and the `tables` it reads with a sequential scan. */
export const planSummary = (plan: string[], tables: string[]) => {
  const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan.join("\n"))?.[1] ?? Number.NaN);
  const top = plan[0]!.replace(/\s+\(cost.*$/, "").trim();
  const seqScans = plan
    .map((l) => /Seq Scan on (\w+)/.exec(l)?.[1])
    .filter((t): t is string => t !== undefined && tables.includes(t));
  return { ms, top, seqScans: [...new Set(seqScans)] };
};

/** The errors a server logged (pino JSON lines, level ≥ 50), counted by message: "unhandled error: deadlock…". */
export const loggedErrors = async (logFile: string) => {
  const counts = new Map<string, number>();
  // line by line: a run at 100k logs millions of requests, past the longest string node can hold
  for await (const line of createInterface({
    input: createReadStream(logFile),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    if (!line.startsWith("{")) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      if ((entry.level ?? 0) < 50) continue;
      const key = `${entry.msg ?? ""}${entry.err?.message ? `: ${entry.err.message.split("\n")[0]}` : ""}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } catch {
      // not a log entry
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
};

/* ---------- deterministic randomness ---------- */

/** mulberry32, a small seeded generator (the same rows every run), and the draws the benchmarks use. */
export const createRandom = (seed: number) => {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return {
    random,
    chance: (p: number) => random() < p,
    int: (min: number, max: number) => min + Math.floor(random() * (max - min + 1)),
    uniform: (min: number, max: number) => min + random() * (max - min),
    pick: <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!,
    weighted: <T>(entries: readonly (readonly [T, number])[]): T => {
      let r = random() * entries.reduce((sum, [, w]) => sum + w, 0);
      for (const [value, w] of entries) {
        r -= w;
        if (r < 0) return value;
      }
      return entries.at(-1)![0];
    },
    /** Standard normal (Box–Muller). */
    normal,
    lognormal: (median: number, sigma: number) => median * Math.exp(sigma * normal()),
  };
};
export type Random = ReturnType<typeof createRandom>;
export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const ZONE = "America/Mexico_City";
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/* ---------- Spanish case text ---------- */

export const ORG_KINDS = [
  "Secretaría de Finanzas",
  "Secretaría de Salud",
  "Instituto Electoral",
  "Tribunal Superior de Justicia",
  "Universidad Autónoma",
  "Comisión Estatal del Agua",
  "Congreso",
  "Instituto de Pensiones",
  "Fiscalía General",
  "Sistema DIF",
] as const;
export const STATES = ["de Jalisco", "de Nuevo León", "de Puebla", "de Yucatán", "de Sonora"] as const;
export const FIRST_NAMES = [
  "Ana",
  "Luis",
  "María",
  "Jorge",
  "Lucía",
  "Carlos",
  "Sofía",
  "Miguel",
  "Elena",
  "Raúl",
];
export const LAST_NAMES = [
  "Pérez",
  "García",
  "Hernández",
  "López",
  "Martínez",
  "Ramírez",
  "Torres",
  "Flores",
];
export const CASE_MODULES: Record<string, readonly string[]> = {
  SIGAP: ["Nómina", "Contabilidad", "Presupuesto", "Recursos Humanos", "Tesorería", "Adquisiciones"],
  "ECM Framework": ["Gestión documental", "Flujos de trabajo", "Expediente electrónico", "Digitalización"],
};
export const PROBLEMS = [
  "Error de tiempo de espera",
  "Pantalla en blanco",
  "Bloqueo de la sesión",
  "Cálculo incorrecto",
  "Lentitud extrema",
  "Pérdida de conexión",
  "Registros duplicados",
  "Acceso denegado",
  "Fallo en la exportación",
  "Caracteres ilegibles",
  "Cola de trabajos detenida",
  "Totales descuadrados",
] as const;
export const ACTIONS = [
  "timbrar",
  "exportar",
  "importar",
  "conciliar",
  "cerrar",
  "consultar",
  "autorizar",
  "firmar",
];
export const OBJECTS = [
  "la nómina quincenal",
  "la póliza contable",
  "el padrón de proveedores",
  "el expediente del empleado",
  "los reportes trimestrales",
  "el flujo de aprobación",
  "las órdenes de compra",
  "el presupuesto de egresos",
];
export const CONTEXTS = [
  "tras actualizar",
  "en el cierre de mes",
  "desde el navegador Edge",
  "con más de 500 usuarios",
  "al reiniciar el servicio",
  "durante la carga masiva",
];
// a few subjects a spreadsheet would read as formulas: the CSV must neutralise them
export const FORMULA_SUBJECTS = [
  '=HYPERLINK("http://x","y") aparece en el reporte',
  "=SUMA(A1:A9) en la exportación",
  "+52 teléfono no válido en el padrón",
  "-Error al timbrar la nómina",
  "@SUM(1+1) en la plantilla de oficio",
];
/** A word planted in a share of the subjects (what a search is measured with). */
export type Plant = { text: string; share: number };
const subjectFor = ({ chance, pick }: Random, module: string, plant?: Plant) => {
  if (chance(0.002)) return pick(FORMULA_SUBJECTS);
  const head = `${pick(PROBLEMS)} al ${pick(ACTIONS)} ${pick(OBJECTS)} en ${module}`;
  return plant && chance(plant.share) ? `${head} ${plant.text}` : `${head} ${pick(CONTEXTS)}`;
};
const descriptionFor = ({ int, pick }: Random, module: string) =>
  `${capitalize(pick(OBJECTS))} no se puede ${pick(ACTIONS)} ${pick(CONTEXTS)}. ` +
  `El módulo de ${module} muestra «${pick(PROBLEMS).toLowerCase()}» a ${int(1, 400)} usuarios. ` +
  `Ya reiniciamos el servicio y revisamos la bitácora; adjuntamos la captura de pantalla.`;
export const REPLIES = [
  "Gracias por reportarlo. Estamos revisando la bitácora del servidor; le pedimos la versión exacta del navegador.",
  "Identificamos la causa: un índice dañado. Le enviamos el procedimiento para reconstruirlo.",
  "Reproducimos el problema en nuestro ambiente. Aplique el parche 5.1.3 y confirme, por favor.",
  "Revisamos la configuración regional del servidor: debe ser es-MX. Le indicamos cómo cambiarla.",
];
export const CUSTOMER_REPLIES = [
  "Aplicamos el procedimiento pero el error continúa; adjuntamos la bitácora del servidor.",
  "¿Nos pueden indicar si el parche requiere reiniciar el servicio en horario hábil?",
  "Confirmamos que ya funciona en producción. Gracias por el apoyo.",
  "El problema volvió a presentarse esta mañana con otros usuarios.",
];
export const NOTES = [
  "Revisé la bitácora: el error aparece desde la actualización del viernes.",
  "Parece el mismo caso que resolvimos el mes pasado con el índice dañado.",
  "Consulté con desarrollo: hay un parche en pruebas para esta versión.",
  "El cliente tiene la versión sin soporte; ofrecer la actualización al cerrar.",
];

/* ---------- time in Mexico City ---------- */

const dateCache = new Map<number, string>();
/** The local date of an instant in Mexico City (cached by hour: zones change offset on the hour). */
export const mxDate = (ms: number) => {
  const hour = Math.floor(ms / HOUR_MS);
  let date = dateCache.get(hour);
  if (date === undefined) {
    date = localDateOf(hour * HOUR_MS, ZONE);
    dateCache.set(hour, date);
  }
  return date;
};
const startCache = new Map<string, number>();
/** The instant a local date starts in Mexico City. */
export const mxStart = (date: string) => {
  let start = startCache.get(date);
  if (start === undefined) {
    start = Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: ZONE }).epochMilliseconds;
    startCache.set(date, start);
  }
  return start;
};
export const wholeSecond = (ms: number) => Math.ceil(ms / 1000) * 1000;

/* ---------- a support desk through the services ---------- */

export type ContractRef = { id: string; start: string; end: string; planId: string; plan: PlanSettings };
export type DeskOrganization = {
  id: string;
  name: string;
  weight: number;
  systemId: string;
  productId: string;
  modules: readonly string[];
  installedVersion: string;
  versionSupport: { status: string; endOfSupportOn: string | null };
  contracts: ContractRef[];
  /** The authorized contacts (the first may sign in when `contactPasswords` covers the organization). */
  contactIds: string[];
  contactEmails: string[];
  specialistId: string;
  sampleCaseIds: string[];
};
export type Staff = { id: string; name: string };
export type DeskOptions = {
  /** In the users' email addresses: `especialista1@<label>.example`, `contacto1@org1.<label>.example`. */
  label: string;
  organizations: number;
  specialists: number;
  /** The staff's password (the contacts have none unless `contactPasswords`). */
  password: string;
  /** The first contact of this many organizations gets the password too (to sign in to the portal). */
  contactPasswords?: number;
};

/**
 * Through the services: two products, a manager and `specialists` specialists, `organizations` organizations
 * with three contacts each (two trained and authorized), one production system each whose contract chain
 * (Estándar or Extendido, a few switching plan at renewal) starts two or three years ago and is renewed
 * until today, some renewed ahead of an end within 60 days; two organizations in five also have a test
 * system whose contracts stop being renewed somewhere in the period. `setClock` moves the services' clock.
 */
export const setUpDesk = async (
  services: Services,
  db: Database,
  setClock: (at: number) => void,
  today: string,
  rng: Random,
  desk: DeskOptions,
) => {
  const { chance, int, pick } = rng;
  const products: { id: string; name: string }[] = [];
  for (const [name, modules] of Object.entries(CASE_MODULES)) {
    const product = await services.catalog.createProduct(SYSTEM_ACTOR, {
      name,
      description: "",
      modules: [...modules],
    });
    products.push({ id: product.id, name });
  }
  const manager = await services.users.createStaffUser(SYSTEM_ACTOR, {
    name: "Gerente de soporte",
    email: `gerente@${desk.label}.example`,
    role: "manager",
    preferredLanguage: "es-MX",
    password: desk.password,
  });
  const managerActor: Actor = {
    ...SYSTEM_ACTOR,
    userId: manager.id,
    email: manager.email,
    name: manager.name,
    role: "manager",
    via: "token",
  };
  const specialists: Staff[] = [];
  for (let i = 0; i < desk.specialists; i += 1) {
    const name = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 3) % LAST_NAMES.length]} ${i + 1}`;
    const user = await services.users.createStaffUser(SYSTEM_ACTOR, {
      name,
      email: `especialista${i + 1}@${desk.label}.example`,
      role: "specialist",
      preferredLanguage: "es-MX",
      password: desk.password,
    });
    specialists.push({ id: user.id, name });
  }

  let contractsMade = 0;
  /** A contract and its renewals through the services: renewed a month ahead while it ends before today. */
  const chain = async (options: {
    systemId: string;
    planId: string;
    firstStart: string;
    /** How many contracts at most (Infinity: renewed until one is current). */
    count: number;
    /** A current contract ending within this many days is sometimes renewed already. */
    renewAheadWithin: number;
    /** Done on the first contract before it is renewed (authorized contacts carry over). */
    onFirst?: (contractId: string) => Promise<void>;
  }) => {
    const refs: ContractRef[] = [];
    setClock(mxStart(options.firstStart) + 10 * HOUR_MS);
    let contract = await services.contracts.createContract(SYSTEM_ACTOR, {
      systemId: options.systemId,
      planId: options.planId,
      startDate: options.firstStart,
      salePriceCents: int(20, 400) * 100_000,
      notes: "",
    });
    contractsMade += 1;
    await options.onFirst?.(contract.id);
    for (;;) {
      refs.push({
        id: contract.id,
        start: contract.startDate,
        end: contract.endDate,
        planId: contract.planId,
        // the plan as the contract keeps it (what intake counts a case's clock on)
        plan: (
          await db
            .selectFrom("contracts")
            .select("plan_settings")
            .where("id", "=", contract.id)
            .executeTakeFirstOrThrow()
        ).plan_settings as PlanSettings,
      });
      if (refs.length >= options.count) break;
      if (contract.endDate >= today) {
        const daysLeft = (mxStart(contract.endDate) - mxStart(today)) / DAY_MS;
        if (!(daysLeft <= options.renewAheadWithin && chance(0.35))) break;
      }
      setClock(Math.min(Date.now(), mxStart(contract.endDate) - 30 * DAY_MS + 11 * HOUR_MS));
      contract = await services.contracts.renewContract(SYSTEM_ACTOR, contract.id, {
        // one renewal in ten changes plan
        ...(chance(0.1) ? { planId: contract.planId === "estandar" ? "extendido" : "estandar" } : {}),
        purchaseOrder: `OC-${int(10_000, 99_999)}`,
      });
      contractsMade += 1;
    }
    return refs;
  };

  const organizations: DeskOrganization[] = [];
  const weights = Array.from({ length: desk.organizations }, (_, i) => 1 / (i + 2) ** 0.9);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < desk.organizations; i += 1) {
    const name = `${ORG_KINDS[i % ORG_KINDS.length]} ${STATES[Math.floor(i / ORG_KINDS.length) % STATES.length]}`;
    const firstStart = addDays(today, -(730 + int(0, 364)));
    setClock(mxStart(firstStart) - 60 * DAY_MS);
    const organization = await services.organizations.createOrganization(SYSTEM_ACTOR, {
      name,
      emailDomains: [],
      timeZone: ZONE,
    });
    const productIndex = i % 3 === 2 ? 1 : 0;
    const product = products[productIndex]!;
    const installedVersion = `5.${int(0, 3)}.${int(0, 9)}`;
    const system = await services.catalog.createSystem(SYSTEM_ACTOR, {
      organizationId: organization.id,
      productId: product.id,
      name: `${product.name} producción`,
      moduleIds: [],
      installedVersion,
      environment: "production",
    });
    const contactIds: string[] = [];
    const contactEmails: string[] = [];
    setClock(mxStart(firstStart) + 9 * HOUR_MS);
    for (let c = 0; c < 3; c += 1) {
      const email = `contacto${c + 1}@org${i + 1}.${desk.label}.example`;
      const contact = await services.organizations.createContact(SYSTEM_ACTOR, organization.id, {
        name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)} ${pick(LAST_NAMES)}`,
        email,
        preferredLanguage: "es-MX",
        ...(c === 0 && i < (desk.contactPasswords ?? 0) ? { password: desk.password } : {}),
      });
      if (c === 2) continue; // the third is not authorized
      await services.authorizedContacts.addTraining(SYSTEM_ACTOR, contact.id, {
        course: product.name,
        completedOn: addDays(firstStart, -30),
      });
      contactIds.push(contact.id);
      contactEmails.push(email);
    }
    const contracts = await chain({
      systemId: system.id,
      planId: chance(0.6) ? "estandar" : "extendido",
      firstStart,
      count: Number.POSITIVE_INFINITY,
      renewAheadWithin: 60,
      onFirst: async (contractId) => {
        for (const contactId of contactIds)
          await services.authorizedContacts.authorizeContact(SYSTEM_ACTOR, contractId, contactId);
      },
    });
    // a test system whose contracts stop being renewed somewhere in the period: renewals lost
    if (i % 5 < 2) {
      const test = await services.catalog.createSystem(SYSTEM_ACTOR, {
        organizationId: organization.id,
        productId: products[1 - productIndex]!.id,
        name: "Ambiente de pruebas",
        moduleIds: [],
        installedVersion,
        environment: "test",
      });
      await chain({
        systemId: test.id,
        planId: "estandar",
        firstStart: addDays(today, -(365 + int(0, 700))),
        count: int(1, 2),
        renewAheadWithin: 0,
      });
    }
    const [versionSupport] = await services.catalog.supportOf(db, [
      { productId: product.id, version: installedVersion },
    ]);
    organizations.push({
      id: organization.id,
      name,
      weight: weights[i]! / totalWeight,
      systemId: system.id,
      productId: product.id,
      modules: CASE_MODULES[product.name]!,
      installedVersion,
      versionSupport: versionSupport ?? { status: "unannounced", endOfSupportOn: null },
      contracts,
      contactIds,
      contactEmails,
      specialistId: specialists[i % desk.specialists]!.id,
      sampleCaseIds: [],
    });
  }
  return { products, manager, managerActor, specialists, organizations, contractsMade };
};

/* ---------- cases: timelines made in Node, bulk-inserted ---------- */

export const RUNNING_STATUSES: readonly string[] = ["new", "open", "waiting_on_customer"];
export type CaseOptions = {
  /** A word planted in a share of the subjects. */
  plant?: Plant;
  /** More of the conversation: 0–3 more exchanges after the first answer, internal notes on half the cases. */
  conversation?: boolean;
};

export type EventRow = {
  caseId: string;
  at: number;
  actorId: string | null;
  kind: string;
  visibility: "public" | "internal";
  body: string;
  data: Record<string, unknown>;
};
type Firing = {
  level: number;
  percent: number;
  audiences: readonly string[];
  dueAt: number;
  firedAt: number;
};
export type CaseRow = {
  id: string;
  organizationId: string;
  systemId: string;
  contractId: string;
  requesterId: string;
  channel: string;
  subject: string;
  description: string;
  installedVersion: string;
  versionSupport: string;
  versionEndOfSupport: string | null;
  affectedPercent: number;
  canKeepWorking: boolean;
  checklist: string;
  suggestedPriority: Priority;
  proposedPriority: Priority | null;
  priority: Priority;
  triagedAt: number | null;
  status: CaseStatus;
  assigneeId: string | null;
  registeredAt: number;
  slaCalendarId: string;
  slaTargetMinutes: number;
  responseDueAt: number;
  slaExplanation: string;
  responseMetAt: number | null;
  responseBusinessSeconds: number | null;
  pausedSince: number | null;
  pauses: string;
  resolvedAt: number | null;
  closedAt: number | null;
  version: number;
  updatedAt: number;
  escalationLevel: number | null;
  escalatedAt: number | null;
  firings: Firing[];
  timer: { level: number; dueAt: number } | null;
  events: EventRow[];
};

const PRIORITY_SHARES = [
  ["P1", 5],
  ["P2", 20],
  ["P3", 45],
  ["P4", 30],
] as const;
const CHANNEL_SHARES = [
  ["portal", 50],
  ["email", 30],
  ["phone", 15],
  ["api", 5],
] as const;
const neighbour = ({ chance }: Random, p: Priority): Priority =>
  p === "P1" ? "P2" : p === "P4" ? "P3" : PRIORITIES[PRIORITIES.indexOf(p) + (chance(0.5) ? 1 : -1)]!;
const impactOf = ({ chance, int }: Random, p: Priority) =>
  p === "P1"
    ? { affectedPercent: 100, canKeepWorking: false }
    : p === "P2"
      ? { affectedPercent: int(51, 99), canKeepWorking: chance(0.4) }
      : p === "P3"
        ? { affectedPercent: int(10, 50), canKeepWorking: chance(0.8) }
        : { affectedPercent: int(0, 9), canKeepWorking: true };

const weekendCache = new Map<string, boolean>();
export const isWeekend = (date: string) => {
  let weekend = weekendCache.get(date);
  if (weekend === undefined) {
    weekend = Temporal.PlainDate.from(date).dayOfWeek >= 6;
    weekendCache.set(date, weekend);
  }
  return weekend;
};

/**
 * `count` registration instants over the two years before now, in order: growing by a third over the period,
 * one weekend day in eight kept, 85 % in office hours (around 11:30 in Mexico City).
 */
export const registrationInstants = (rng: Random, now: number, count: number) => {
  const { random, chance, normal, uniform } = rng;
  const start = now - 730 * DAY_MS;
  const growth = 0.35;
  const instants: number[] = [];
  while (instants.length < count) {
    const u = random();
    const x = (-1 + Math.sqrt(1 + 2 * growth * u * (1 + growth / 2))) / growth;
    const date = mxDate(start + x * 730 * DAY_MS);
    if (isWeekend(date) && !chance(0.12)) continue;
    const hourOfDay = chance(0.85) ? Math.min(20, Math.max(7, 11.5 + 2.5 * normal())) : uniform(0, 24);
    const at = Math.floor((mxStart(date) + hourOfDay * HOUR_MS) / 1000) * 1000;
    if (at < start || at > now - MINUTE_MS) continue;
    instants.push(at);
  }
  return instants.sort((a, b) => a - b);
};

export const iso = (ms: number) => new Date(ms).toISOString();

export const makeCase = (
  rng: Random,
  registeredAt: number,
  ctx: {
    now: number;
    organizations: DeskOrganization[];
    cumulative: number[];
    specialists: Staff[];
    calendars: Map<string, BusinessCalendar>;
  },
  options: CaseOptions = {},
): CaseRow => {
  const { random, chance, int, uniform, pick, weighted, lognormal } = rng;
  const { now, calendars } = ctx;
  const u = random();
  const organization =
    ctx.organizations[
      Math.max(
        0,
        ctx.cumulative.findIndex((c) => u < c),
      )
    ]!;
  const date = mxDate(registeredAt);
  const contract = organization.contracts.findLast((c) => c.start <= date) ?? organization.contracts[0]!;
  const plan = contract.plan;
  const id = randomUUID();
  const channel = weighted(CHANNEL_SHARES);
  const priority = weighted(PRIORITY_SHARES);
  const requesterId = pick(organization.contactIds);
  const email = channel === "email";
  // what the requester reported; the specialist's triage changes one priority in seven
  const impact = email
    ? { affectedPercent: 0, canKeepWorking: true }
    : impactOf(rng, chance(0.85) ? priority : neighbour(rng, priority));
  const suggested: Priority = email ? "P2" : suggestPriority({ environment: "production", ...impact });
  const module = pick(organization.modules);
  const clock = plan.responseClocks[priority];
  const calendar = calendars.get(clock.calendarId)!;
  const target = clock.targetMinutes * 60;
  const explanation = explainAddBusinessTime(calendar, registeredAt, target);
  const dueAt = explanation.due;
  const suggestedClock = plan.responseClocks[suggested];
  const suggestedDue =
    suggested === priority
      ? dueAt
      : addBusinessTime(
          calendars.get(suggestedClock.calendarId)!,
          registeredAt,
          suggestedClock.targetMinutes * 60,
        );
  const desk = calendars.get("cdmx-habil")!;

  // the whole timeline, then cut at now: what would happen later has not happened
  const answered = !chance(0.025);
  const share = Math.max(120 / target, lognormal(0.3, 0.9));
  const replyAt = answered ? wholeSecond(addBusinessTime(calendar, registeredAt, target * share)) : Infinity;
  const triageAt = answered
    ? wholeSecond(
        registeredAt +
          Math.max(
            MINUTE_MS,
            Math.min((replyAt - registeredAt) * uniform(0.1, 0.6), uniform(2, 90) * MINUTE_MS),
          ),
      )
    : wholeSecond(registeredAt + uniform(5, 240) * MINUTE_MS);
  const stuck = chance(0.02);
  const waits = answered && chance(0.25);
  const waitFrom = waits ? wholeSecond(replyAt + uniform(10 * MINUTE_MS, 6 * HOUR_MS)) : Infinity;
  const waitTo = waits
    ? stuck && chance(0.5)
      ? Infinity
      : wholeSecond(waitFrom + lognormal(DAY_MS, 1))
    : Infinity;
  const resolveFrom = answered ? (waits ? waitTo : replyAt) : triageAt;
  const resolveAt =
    stuck || resolveFrom === Infinity
      ? Infinity
      : wholeSecond(nextOpening(desk, resolveFrom + lognormal(1.5 * DAY_MS, 1.1)));
  const closeAt =
    resolveAt !== Infinity && chance(0.75) ? wholeSecond(resolveAt + uniform(1, 15) * DAY_MS) : Infinity;
  const happened = (at: number) => at <= now;

  const assigneeId = chance(0.6) ? organization.specialistId : pick(ctx.specialists).id;
  const events: EventRow[] = [];
  const event = (
    at: number,
    actorId: string | null,
    kind: string,
    data: Record<string, unknown>,
    body = "",
  ) =>
    events.push({
      caseId: id,
      at,
      actorId,
      kind,
      visibility:
        kind === "assignee_changed" || kind === "warned" || kind === "escalated" || kind === "note"
          ? "internal"
          : "public",
      body,
      data,
    });
  event(registeredAt, channel === "phone" ? assigneeId : requesterId, "created", {
    channel,
    requesterId,
    priority: suggested,
    responseDueAt: iso(suggestedDue),
  });
  let status: CaseStatus = "new";
  let version = 1;
  let updatedAt = registeredAt;
  const change = (at: number) => {
    version += 1;
    updatedAt = at;
  };
  const triaged = happened(triageAt);
  if (triaged) {
    event(triageAt, assigneeId, "priority_changed", {
      from: suggested,
      to: priority,
      suggested,
      reason: null,
      responseDueAt: iso(dueAt),
    });
    event(triageAt, assigneeId, "status_changed", { from: "new", to: "open" });
    change(triageAt);
    event(triageAt, assigneeId, "assignee_changed", { from: null, to: assigneeId });
    change(triageAt);
    status = "open";
  }
  const replied = happened(replyAt);
  if (replied) {
    event(replyAt, assigneeId, "reply", {}, pick(REPLIES));
    event(replyAt, assigneeId, "response_met", { dueAt: iso(dueAt), breached: replyAt > dueAt });
    change(replyAt);
  }
  let pausedSince: number | null = null;
  const pauses: { from: string; to: string }[] = [];
  if (happened(waitFrom)) {
    event(waitFrom, assigneeId, "status_changed", { from: "open", to: "waiting_on_customer" });
    change(waitFrom);
    status = "waiting_on_customer";
    if (happened(waitTo)) {
      event(waitTo, requesterId, "reply", {}, "Adjuntamos la bitácora que nos pidieron.");
      event(waitTo, assigneeId, "status_changed", { from: "waiting_on_customer", to: "open" });
      change(waitTo);
      pauses.push({ from: iso(waitFrom), to: iso(waitTo) });
      status = "open";
    } else pausedSince = waitFrom;
  }
  if (happened(resolveAt)) {
    event(resolveAt, assigneeId, "status_changed", { from: status, to: "resolved" });
    change(resolveAt);
    status = "resolved";
  }
  if (happened(closeAt)) {
    event(closeAt, chance(0.5) ? requesterId : assigneeId, "status_changed", {
      from: "resolved",
      to: "closed",
    });
    change(closeAt);
    status = "closed";
  }

  // escalation: the response clock runs from registration until the reply, the resolution or now
  const stopAt = Math.min(replyAt, resolveAt, now);
  // an untriaged case still counts on the clock of its suggested priority
  const schedule = computeEscalationSchedule({
    calendar: triaged ? calendar : calendars.get(suggestedClock.calendarId)!,
    registeredAt,
    targetSeconds: triaged ? target : suggestedClock.targetMinutes * 60,
    plan: DEFAULT_ESCALATION_PLAN,
  });
  const firings: Firing[] = [];
  for (const step of schedule) {
    if (step.dueAt >= stopAt) continue;
    const firedAt = Math.min(step.dueAt + int(20, 1500), stopAt - 1);
    firings.push({
      level: step.level,
      percent: step.percent,
      audiences: step.audiences,
      dueAt: step.dueAt,
      firedAt,
    });
    event(firedAt, null, step.level === 0 ? "warned" : "escalated", {
      clock: "response",
      level: step.level,
      percent: step.percent,
      dueAt: iso(step.dueAt),
      audiences: step.audiences,
      notified: [],
    });
  }
  const running = RUNNING_STATUSES.includes(status) && !replied;
  const next = running ? schedule.find((s) => s.dueAt >= stopAt) : undefined;
  const escalated = firings.filter((f) => f.level >= 1);
  if (chance(0.05)) organization.sampleCaseIds.push(id);
  const row: CaseRow = {
    id,
    organizationId: organization.id,
    systemId: organization.systemId,
    contractId: contract.id,
    requesterId,
    channel,
    subject: subjectFor(rng, module, options.plant),
    description: descriptionFor(rng, module),
    installedVersion: organization.installedVersion,
    versionSupport: organization.versionSupport.status,
    versionEndOfSupport: organization.versionSupport.endOfSupportOn,
    affectedPercent: impact.affectedPercent,
    canKeepWorking: impact.canKeepWorking,
    checklist: JSON.stringify(Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, !email]))),
    suggestedPriority: suggested,
    proposedPriority: channel === "portal" && chance(0.1) ? pick(PRIORITIES) : null,
    priority: triaged ? priority : suggested,
    triagedAt: triaged ? triageAt : null,
    status,
    assigneeId: triaged ? assigneeId : null,
    registeredAt,
    slaCalendarId: triaged ? clock.calendarId : suggestedClock.calendarId,
    slaTargetMinutes: triaged ? clock.targetMinutes : suggestedClock.targetMinutes,
    responseDueAt: triaged ? dueAt : suggestedDue,
    slaExplanation: JSON.stringify(
      (triaged || suggested === priority
        ? explanation
        : explainAddBusinessTime(
            calendars.get(suggestedClock.calendarId)!,
            registeredAt,
            suggestedClock.targetMinutes * 60,
          )
      ).counted.map((c) => ({ from: iso(c.from), to: iso(c.to), seconds: Math.round(c.seconds) })),
    ),
    responseMetAt: replied ? replyAt : null,
    responseBusinessSeconds: replied
      ? Math.round(businessTimeBetween(calendar, registeredAt, replyAt))
      : null,
    pausedSince,
    pauses: JSON.stringify(pauses),
    resolvedAt: status === "resolved" || status === "closed" ? resolveAt : null,
    closedAt: status === "closed" ? closeAt : null,
    version,
    updatedAt,
    escalationLevel: firings.length ? Math.max(...firings.map((f) => f.level)) : null,
    escalatedAt: escalated.length ? escalated[0]!.firedAt : null,
    firings,
    timer: next ? { level: next.level, dueAt: next.dueAt } : null,
    events,
  };
  if (options.conversation) {
    // the rest of the conversation: the customer asks again and staff answer, until the wait or resolution
    const end = Math.min(waits ? waitFrom : resolveAt, now);
    if (replied && end > replyAt)
      for (let k = int(0, 3); k > 0; k -= 1) {
        const asked = wholeSecond(uniform(replyAt, end));
        event(asked, requesterId, "reply", {}, pick(CUSTOMER_REPLIES));
        event(wholeSecond(uniform(asked, end)), assigneeId, "reply", {}, pick(REPLIES));
      }
    // and the desk's internal notes, from triage until resolution
    const noteFrom = triaged ? triageAt : registeredAt;
    const noteTo = Math.min(resolveAt, now);
    if (noteTo > noteFrom && chance(0.5))
      for (let k = int(1, 2); k > 0; k -= 1)
        event(wholeSecond(uniform(noteFrom, noteTo)), assigneeId, "note", {}, pick(NOTES));
  }
  return row;
};

const at = (ms: number | null) => (ms === null ? null : iso(ms));

const VIA_OF_CHANNEL: Record<string, string> = {
  portal: "session",
  api: "token",
  email: "email",
  phone: "session",
};
type AuditRow = {
  at: number;
  actorId: string | null;
  via: string;
  action: string;
  caseId: string;
  details: object;
};

/** The audit entries the services write with a case's history (`case.opened`, `case.triaged`, …). */
const auditOf = (r: CaseRow): AuditRow[] =>
  r.events.flatMap((e): AuditRow[] => {
    const entry = (action: string, details: object, via = "session") => [
      { at: e.at, actorId: e.actorId, via, action, caseId: r.id, details },
    ];
    const d = e.data as Record<string, string | null>;
    switch (e.kind) {
      case "created":
        return entry(
          "case.opened",
          { ...d, systemId: r.systemId, contractId: r.contractId },
          VIA_OF_CHANNEL[r.channel],
        );
      case "priority_changed":
        return entry("case.triaged", {
          suggested: d.suggested,
          reason: null,
          before: { priority: d.from, status: "new" },
          after: { priority: d.to, status: "open" },
        });
      case "status_changed": // the triage's own status change is in its case.triaged entry
        return d.from === "new"
          ? []
          : entry("case.status_changed", { before: { status: d.from }, after: { status: d.to } });
      case "assignee_changed":
        return entry("case.assigned", { before: { assigneeId: d.from }, after: { assigneeId: d.to } });
      case "reply":
        return entry("case.replied", { visibility: "public", length: e.body.length });
      case "note":
        return entry("case.note_added", { visibility: "internal", length: e.body.length });
      default: // response_met and the escalation firings have no entry of their own
        return [];
    }
  });

/**
 * One batch: the cases, their history with the firings' rows, the running cases' next timers and, with
 * `audit`, the audit entries of every step.
 */
export const insertCases = async (
  client: pg.Client,
  rows: CaseRow[],
  options: { withBusinessSeconds: boolean; audit?: boolean },
) => {
  const { withBusinessSeconds } = options;
  const columns: [string, string, (r: CaseRow) => unknown][] = [
    ["id", "uuid", (r) => r.id],
    ["organization_id", "uuid", (r) => r.organizationId],
    ["system_id", "uuid", (r) => r.systemId],
    ["contract_id", "uuid", (r) => r.contractId],
    ["requester_id", "uuid", (r) => r.requesterId],
    ["channel", "text", (r) => r.channel],
    ["subject", "text", (r) => r.subject],
    ["description", "text", (r) => r.description],
    ["installed_version", "text", (r) => r.installedVersion],
    ["version_support", "text", (r) => r.versionSupport],
    ["version_end_of_support", "date", (r) => r.versionEndOfSupport],
    ["environment", "text", () => "production"],
    ["affected_percent", "numeric", (r) => r.affectedPercent],
    ["can_keep_working", "boolean", (r) => r.canKeepWorking],
    ["checklist", "jsonb", (r) => r.checklist],
    ["suggested_priority", "text", (r) => r.suggestedPriority],
    ["proposed_priority", "text", (r) => r.proposedPriority],
    ["priority", "text", (r) => r.priority],
    ["triaged_at", "timestamptz", (r) => at(r.triagedAt)],
    ["status", "text", (r) => r.status],
    ["assignee_id", "uuid", (r) => r.assigneeId],
    ["registered_at", "timestamptz", (r) => at(r.registeredAt)],
    ["sla_calendar_id", "text", (r) => r.slaCalendarId],
    ["sla_target_minutes", "int", (r) => r.slaTargetMinutes],
    ["response_due_at", "timestamptz", (r) => at(r.responseDueAt)],
    ["sla_explanation", "jsonb", (r) => r.slaExplanation],
    ["response_met_at", "timestamptz", (r) => at(r.responseMetAt)],
    ["resolution_met_at", "timestamptz", (r) => at(r.resolvedAt)],
    ["paused_since", "timestamptz", (r) => at(r.pausedSince)],
    ["pauses", "jsonb", (r) => r.pauses],
    ["resolved_at", "timestamptz", (r) => at(r.resolvedAt)],
    ["closed_at", "timestamptz", (r) => at(r.closedAt)],
    ["version", "int", (r) => r.version],
    ["updated_at", "timestamptz", (r) => at(r.updatedAt)],
    ["escalation_level", "smallint", (r) => r.escalationLevel],
    ["escalated_at", "timestamptz", (r) => at(r.escalatedAt)],
    ...(withBusinessSeconds
      ? [
          ["response_business_seconds", "int", (r: CaseRow) => r.responseBusinessSeconds] as [
            string,
            string,
            (r: CaseRow) => unknown,
          ],
        ]
      : []),
  ];
  const names = columns.map(([name]) => name);
  // numbered in registration order, as intake numbers them: CAS-<UTC year>-<sequence>
  await client.query(
    `INSERT INTO cases (number, ${names.join(", ")})
     SELECT 'CAS-' || extract(year FROM x.registered_at AT TIME ZONE 'UTC')::int || '-' ||
            lpad(nextval('case_number_seq')::text, 6, '0'), ${names.map((n) => `x.${n}`).join(", ")}
     FROM (SELECT * FROM unnest(${columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")})
           WITH ORDINALITY AS u(${names.join(", ")}, ord) ORDER BY ord) x`,
    columns.map(([, , value]) => rows.map(value)),
  );
  const plain = rows.flatMap((r) => r.events.filter((e) => e.kind !== "warned" && e.kind !== "escalated"));
  plain.sort((a, b) => a.at - b.at);
  await client.query(
    `INSERT INTO case_events (case_id, at, actor_id, kind, visibility, body, data)
     SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::jsonb[])`,
    [
      plain.map((e) => e.caseId),
      plain.map((e) => iso(e.at)),
      plain.map((e) => e.actorId),
      plain.map((e) => e.kind),
      plain.map((e) => e.visibility),
      plain.map((e) => e.body),
      plain.map((e) => JSON.stringify(e.data)),
    ],
  );
  const fired = rows.flatMap((r) => r.firings.map((f) => ({ caseId: r.id, ...f })));
  if (fired.length) {
    await client.query(
      `WITH x AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::timestamptz[], $5::timestamptz[], $6::jsonb[])
           AS x(case_id, level, percent, due_at, fired_at, audiences)
       ), e AS (
         INSERT INTO case_events (case_id, at, actor_id, kind, visibility, data)
         SELECT case_id, fired_at, NULL, CASE WHEN level = 0 THEN 'warned' ELSE 'escalated' END, 'internal',
           jsonb_build_object('clock', 'response', 'level', level, 'percent', percent, 'dueAt',
             to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'audiences', audiences,
             'notified', '[]'::jsonb)
         FROM x ORDER BY fired_at
         RETURNING id, case_id, (data ->> 'level')::int AS level
       )
       INSERT INTO case_escalations (case_id, clock, level, due_at, fired_at, event_id)
       SELECT x.case_id, 'response', x.level, x.due_at, x.fired_at, e.id
       FROM x JOIN e ON e.case_id = x.case_id AND e.level = x.level`,
      [
        fired.map((f) => f.caseId),
        fired.map((f) => f.level),
        fired.map((f) => f.percent),
        fired.map((f) => iso(f.dueAt)),
        fired.map((f) => iso(f.firedAt)),
        fired.map((f) => JSON.stringify(f.audiences)),
      ],
    );
  }
  const timers = rows.filter((r) => r.timer);
  if (timers.length) {
    await client.query(
      `INSERT INTO escalation_timers (case_id, clock, level, due_at, job_id)
       SELECT case_id, 'response', level, due_at, NULL
       FROM unnest($1::uuid[], $2::int[], $3::timestamptz[]) AS x(case_id, level, due_at)`,
      [timers.map((r) => r.id), timers.map((r) => r.timer!.level), timers.map((r) => iso(r.timer!.dueAt))],
    );
  }
  const audit = options.audit ? rows.flatMap(auditOf).sort((a, b) => a.at - b.at) : [];
  if (audit.length) {
    await client.query(
      `INSERT INTO audit_log (at, actor_id, via, action, entity, entity_id, organization_id, details)
       SELECT x.at, x.actor_id, x.via, x.action, 'case', x.case_id, c.organization_id,
              jsonb_build_object('number', c.number) || x.details
       FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::jsonb[])
         WITH ORDINALITY AS x(at, actor_id, via, action, case_id, details, ord)
       JOIN cases c ON c.id = x.case_id ORDER BY x.ord`,
      [
        audit.map((a) => iso(a.at)),
        audit.map((a) => a.actorId),
        audit.map((a) => a.via),
        audit.map((a) => a.action),
        audit.map((a) => a.caseId),
        audit.map((a) => JSON.stringify(a.details)),
      ],
    );
  }
  return { events: plain.length + fired.length, firings: fired.length, audit: audit.length };
};
