import cluster, { type Worker } from "node:cluster";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import pino from "pino";
import { buildApp } from "./app";
import { startImapIntake, startSmtpIntake } from "./modules/email-intake";
import { systemClock } from "./platform/clock";
import type { Config } from "./platform/config";
import { openDatabase } from "./platform/db";
import { startDevMailSink } from "./platform/dev-mail-sink";
import { startEmbeddedDatabase } from "./platform/embedded-database";
import { startJobs } from "./platform/jobs";
import { migrate } from "./platform/migrate";
import { explainStartupFailure, StartupError } from "./platform/startup-failure";
import { type DemoSignIn, seedDemo } from "./seed/demo-seed";
import { formatDemoSignIns } from "./seed/demo-sign-ins";
import { createServices, type Services } from "./services";

export const VERSION = "0.1.0";

const loggerOptions = (config: Config) => ({
  level: config.logLevel,
  redact: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'],
});

/** The embedded PostgreSQL in DATA_DIR unless DATABASE_URL names a server. */
export const connectDatabase = async (config: Config, log: pino.Logger) => {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  const embedded = await startEmbeddedDatabase({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    log: (message) => log.debug({ component: "postgres" }, message),
  });
  log.info({ port: embedded.port, dir: path.join(config.dataDir, "pg") }, "embedded PostgreSQL started");
  return { url: embedded.url, embedded };
};

const writeSecretFile = async (file: string, text: string) => {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text, { mode: 0o600 });
};

export const writeDemoSignIns = (config: Config, signIns: DemoSignIn[]) =>
  writeSecretFile(path.join(config.dataDir, "demo-users.txt"), formatDemoSignIns(signIns));

/**
 * The background work of a process: the outbox sender (to SMTP_URL, or to the development sink), the
 * webhook sender, and the escalation backstop sweep. pg-boss's workers are started separately.
 */
const startWorkers = async (options: {
  config: Config;
  services: Services;
  log: pino.Logger;
  embedded: boolean;
  /** The database's URL (DATABASE_URL's or the embedded one's): the IMAP mailbox lock's own connection. */
  databaseUrl: string;
  imapCa: string | undefined;
}) => {
  const { config, services, log } = options;
  const sink = config.smtpUrl
    ? null
    : await startDevMailSink({ dataDir: config.dataDir, port: config.devSmtpPort });
  if (sink && config.nodeEnv === "production")
    log.warn("SMTP_URL is unset: outgoing mail is only captured locally");
  const sending = services.outbox.startSending({
    smtpUrl: config.smtpUrl ?? sink!.url,
    onError: (error) => log.error({ err: error }, "outbox sending failed"),
  });
  const webhooks = services.webhookDelivery.startDelivering({
    onError: (error) => log.error({ err: error }, "webhook delivery failed"),
  });
  let sweeping: Promise<unknown> = services.escalation
    .backfill({ limit: 10_000 })
    .then((count: number) => count && log.info({ count }, "escalation timers set for running cases"))
    .catch((error: unknown) => log.error({ err: error }, "escalation backfill failed"));
  const sweep = () => {
    sweeping = sweeping
      .then(() => services.escalation.sweep({ graceSeconds: 2, limit: 500 }))
      .then((fired) => fired && log.warn({ fired }, "escalation sweep fired overdue steps"))
      .catch((error) => log.error({ err: error }, "escalation sweep failed"));
  };
  const timer = setInterval(sweep, 2_000);

  // the email channel: an SMTP receiver when a port is configured (the embedded demo tries 2525), and the
  // IMAP mailbox of the mail settings
  const intakePort = config.mailIntakePort ?? (options.embedded ? 2525 : undefined);
  const smtpIntake =
    intakePort === undefined
      ? null
      : await startSmtpIntake({
          intake: services.emailIntake,
          port: intakePort,
          host: config.mailIntakeHost,
          onError: (error) => log.error({ err: error }, "mail intake error"),
        }).catch((error: unknown) => {
          log.warn({ err: error, port: intakePort }, "the SMTP mail intake could not start");
          return null;
        });
  const imapIntake = startImapIntake({
    intake: services.emailIntake,
    settings: async () => (await services.emailIntake.loadSettings()).imap,
    ca: options.imapCa,
    // of several processes on one DATABASE_URL, the holder of the mailbox's advisory lock polls
    databaseUrl: options.databaseUrl,
    onError: (error) => log.warn({ err: error }, "IMAP intake"),
  });
  // a calendar edit recounts its running cases right away; this resumes one a stopped process left running
  let recounting: Promise<unknown> = Promise.resolve();
  const recount = () => {
    recounting = recounting
      .then(() => services.cases.recomputeCalendars())
      .catch((error) => log.error({ err: error }, "recounting cases after a calendar edit failed"));
  };
  recount();
  recounting = recounting
    .then(() => services.reports.backfillResponseTimes({ limit: 50_000 }))
    .catch((error) => log.error({ err: error }, "counting earlier response times failed"));
  const recountTimer = setInterval(recount, 15_000);
  let mailSweeping: Promise<unknown> = Promise.resolve();
  const mailTimer = setInterval(() => {
    mailSweeping = mailSweeping
      .then(() => services.emailIntake.sweep({ graceSeconds: 30, limit: 100 }))
      .catch((error) => log.error({ err: error }, "mail intake sweep failed"));
  }, 5_000);
  return {
    devMailUrl: sink?.url ?? null,
    mailIntakePort: smtpIntake?.port ?? null,
    stop: async () => {
      clearInterval(timer);
      clearInterval(mailTimer);
      clearInterval(recountTimer);
      await recounting;
      await smtpIntake?.stop();
      await imapIntake.stop();
      await mailSweeping;
      await sweeping;
      await sending.stop();
      await webhooks.stop();
      await sink?.stop();
    },
  };
};

/** What a process answering HTTP keeps in memory, each while PostgreSQL tells it of every change. */
const watchCaches = (services: Services, databaseUrl: string, log: pino.Logger) => {
  // who a session or token is
  const signIns = services.auth.watchSignIns(databaseUrl, (error) =>
    log.warn({ err: error }, "sign-in changes: connection lost, checking every request until it is back"),
  );
  // the JSON of the cases shown, kept by case and revision while told of the names and settings they show
  const caseViews = services.cases.watchCaseViews(databaseUrl, (error) =>
    log.warn({ err: error }, "case view changes: connection lost, writing every case view until it is back"),
  );
  // each caller's queue counts, kept until a case changes queue or time moves one into due soon or breached
  const queueCounts = services.cases.watchQueueCounts(databaseUrl, (error) =>
    log.warn({ err: error }, "case count changes: connection lost, counting every request until it is back"),
  );
  return {
    stop: async () => {
      await signIns.stop();
      await caseViews.stop();
      await queueCounts.stop();
    },
  };
};

/**
 * The process's log: lines leave 4 KB at a time, not each in its own write(2) (at thousands of requests a
 * second those writes were a tenth of a kept read), flushed every second so a quiet server's lines are not
 * held, and before anything else goes to stdout and before exit.
 */
const openLog = (config: Config) => {
  const destination = pino.destination({ dest: 1, minLength: 4096, sync: false });
  setInterval(() => destination.flush(), 1000).unref();
  return { log: pino(loggerOptions(config), destination), destination };
};

/** The HTTP app of this process, listening. */
const listenApp = async (
  deps: Parameters<typeof buildApp>[0],
  config: Config,
  logDestination: pino.DestinationStream,
) => {
  const app = await buildApp({ ...deps, logger: { ...loggerOptions(config), stream: logDestination } });
  await app.listen({ port: config.port, host: config.host });
  return app;
};

/** PostgreSQL connections of one HTTP process: ten each, fewer when many processes share the server. */
const httpPoolSize = (processes: number) => (processes <= 4 ? 10 : Math.max(3, Math.floor(40 / processes)));

/** What a forked HTTP process that could not start tells the first: the one-line cause, if it is known. */
type StartFailure = { startFailure: string | null };

/**
 * SERVER_PROCESSES > 1: that many forked processes answer HTTP on the port (node:cluster hands each new
 * connection to one of them in turn); this one keeps the background work. One that dies is replaced; one
 * that cannot start fails the start, with its cause.
 */
const startHttpProcesses = async (options: { count: number; databaseUrl: string; log: pino.Logger }) => {
  let stopping = false;
  const running = new Set<Worker>();
  const fork = (): Worker => {
    // the database this process runs on (the embedded one's port is known only now)
    const worker = cluster.fork({ DATABASE_URL: options.databaseUrl });
    running.add(worker);
    worker.once("exit", (code, signal) => {
      running.delete(worker);
      if (stopping) return;
      options.log.error(
        { pid: worker.process.pid, code, signal },
        "an HTTP process stopped; starting another",
      );
      setTimeout(() => !stopping && fork(), 1_000).unref();
    });
    return worker;
  };
  const first = Array.from({ length: options.count }, fork);
  const stop = async () => {
    stopping = true;
    await Promise.all(
      [...running].map(async (worker) => {
        const exited = once(worker, "exit");
        worker.process.kill("SIGTERM");
        await exited;
      }),
    );
  };
  let cause: string | null = null;
  for (const worker of first)
    worker.on("message", (message: StartFailure) => {
      cause ??= message.startFailure;
    });
  const started = await Promise.race([
    Promise.all(first.map((w) => once(w, "listening"))).then(() => true),
    Promise.race(first.map((w) => once(w, "exit"))).then(() => false),
  ]);
  if (!started) {
    await stop();
    throw cause === null ? new Error("an HTTP process could not start") : new StartupError(cause);
  }
  return { stop };
};

/** A forked HTTP process: the app and its caches on the first process's database, until told to stop. */
const serveHttp = async (config: Config) => {
  const { log, destination } = openLog(config);
  const url = config.databaseUrl!;
  const handle = openDatabase(url, { max: httpPoolSize(config.serverProcesses) });
  const imapCa = config.imapCaFile ? await readFile(config.imapCaFile, "utf8") : undefined;
  const deps = { config, db: handle.db, clock: systemClock, version: VERSION, imapCa };
  const services = createServices(deps);
  const caches = watchCaches(services, url, log);
  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await app?.close().catch((e) => log.error(e));
    await caches.stop().catch((e) => log.error(e));
    await handle.close().catch((e) => log.error(e));
    destination.flushSync();
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));
  // the first process gone (even by kill -9): nothing is left to serve for
  process.on("disconnect", () => void stop(0));
  try {
    app = await listenApp({ ...deps, services }, config, destination);
  } catch (error) {
    // the first process prints the cause once, however many could not start
    const startFailure = explainStartupFailure(error, config);
    if (startFailure === null) log.error({ err: error }, "start-up failed");
    await new Promise<void>((resolve) =>
      process.send ? process.send({ startFailure } satisfies StartFailure, () => resolve()) : resolve(),
    );
    await stop(startFailure === null ? 1 : 2);
  }
};

/** `soporte serve`: migrate, bootstrap, serve HTTP and jobs until SIGINT/SIGTERM. */
export const serve = async (config: Config): Promise<void> => {
  if (cluster.isWorker) return serveHttp(config);
  const { log, destination: logDestination } = openLog(config);
  let embedded: Awaited<ReturnType<typeof connectDatabase>>["embedded"] = null;
  let handle: ReturnType<typeof openDatabase> | null = null;
  let jobs: Awaited<ReturnType<typeof startJobs>> | null = null;
  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  let caches: ReturnType<typeof watchCaches> | null = null;
  let httpProcesses: Awaited<ReturnType<typeof startHttpProcesses>> | null = null;
  let workers: Awaited<ReturnType<typeof startWorkers>> | null = null;
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log.info("stopping");
    await app?.close().catch((e) => log.error(e));
    await httpProcesses?.stop().catch((e) => log.error(e));
    await caches?.stop().catch((e) => log.error(e));
    await workers?.stop().catch((e) => log.error(e));
    await jobs?.stop().catch((e) => log.error(e));
    await handle?.close().catch((e) => log.error(e));
    await embedded?.stop().catch((e) => log.error(e));
    log.info("stopped");
    logDestination.flushSync();
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) {
        logDestination.flushSync();
        process.exit(1);
      }
      void stop(0);
    });
  }

  try {
    const connected = await connectDatabase(config, log);
    embedded = connected.embedded;
    const url = connected.url;
    handle = openDatabase(url);
    const applied = await migrate(url);
    if (applied.length) log.info({ applied }, "migrations applied");
    const imapCa = config.imapCaFile ? await readFile(config.imapCaFile, "utf8") : undefined;
    const deps = { config, db: handle.db, clock: systemClock, version: VERSION, imapCa };
    const services = createServices(deps);
    const admin = await services.users.bootstrapAdmin(config.adminEmail);
    const adminFile = path.join(config.dataDir, "initial-admin.txt");
    if (admin) {
      await writeSecretFile(adminFile, `email: ${admin.email}\npassword: ${admin.password}\n`);
      if (embedded) await writeDemoSignIns(config, await seedDemo(services, systemClock.now()));
    }
    workers = await startWorkers({
      config,
      services,
      log,
      embedded: embedded !== null,
      imapCa,
      databaseUrl: url,
    });
    jobs = await startJobs({
      connectionString: url,
      onError: (error) => log.error({ err: error }, "job queue error"),
      handlers: {
        escalation: async (data) => {
          const caseId = (data as { caseId?: unknown }).caseId;
          if (typeof caseId === "string") await services.escalation.fireDue(caseId);
        },
        "notification-digest": async () => {
          await services.notifications.sendDigests();
          await services.notifications.sendArticleDigests();
        },
        // the optional services' alerts and reminders that days passing make due
        "services-alerts": async () => {
          await services.hourBanks.sendDueAlerts();
          await services.sts.sendDueReminders();
          await services.webhookDelivery.emitExpiringContracts();
        },
      },
      schedules: [
        { queue: "notification-digest", cron: "0 * * * *" },
        { queue: "services-alerts", cron: "*/15 * * * *" },
      ],
    });
    if (config.serverProcesses > 1)
      httpProcesses = await startHttpProcesses({ count: config.serverProcesses, databaseUrl: url, log });
    else {
      caches = watchCaches(services, url, log);
      app = await listenApp({ ...deps, services }, config, logDestination);
    }
    const lines = [
      "",
      `  Soporte ${VERSION} is running at ${config.publicUrl}`,
      admin
        ? `  Sign in as ${admin.email} with password ${admin.password}\n  (shown once; also saved in ${adminFile}, readable only by you)`
        : existsSync(adminFile)
          ? `  The initial admin sign-in is in ${adminFile}`
          : "  Sign in with your account.",
      admin && embedded
        ? `  Demo users and their passwords: ${path.join(config.dataDir, "demo-users.txt")}`
        : "",
      `  API reference: ${config.publicUrl}/api/v1/docs`,
      httpProcesses ? `  ${config.serverProcesses} processes answer HTTP` : "",
      workers.mailIntakePort
        ? `  Mail to the support address is received by SMTP on port ${workers.mailIntakePort}`
        : "",
      workers.devMailUrl
        ? `  No SMTP_URL: outgoing mail is captured at ${workers.devMailUrl} and listed at ${config.publicUrl}/dev-mail`
        : "",
      "",
    ];
    logDestination.flushSync();
    process.stdout.write(`${lines.filter((l) => l !== "").join("\n")}\n\n`);
  } catch (error) {
    const cause = explainStartupFailure(error, config);
    if (cause === null) {
      log.error({ err: error }, "start-up failed");
      await stop(1);
      return;
    }
    // a machine's problem, not a bug: one line with the cause and the fix, no stack
    log.debug({ err: error }, "start-up failed");
    process.stderr.write(`soporte: ${cause}\n`);
    log.level = "warn";
    await stop(2);
  }
};
