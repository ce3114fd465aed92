/**
 * `npm run bench:mail`: the email channel end to end — MAIL_BENCH_MESSAGES messages (default 2,000) from
 * 40 authorized contacts of 40 organizations, sent over SMTP (8 connections) to a real `soporte serve`
 * process on PostgreSQL, each becoming a case with its acknowledgement in the outbox.
 * Reported: messages per second from the first SMTP answer to the last case stored (target ≥ 200/s on
 * 2 cores), the SMTP acceptance rate alone, and the latency from the SMTP 250 to the case being committed
 * (p50, p99, max). Uses BENCH_DATABASE_URL, else the local PostgreSQL, else an embedded one.
 * Last line: `mail-bench: N msg/s to case, p99 X ms from 250 to case`.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import nodemailer from "nodemailer";
import { SYSTEM_ACTOR } from "../src/server/platform/actor";
import { loadConfig } from "../src/server/platform/config";
import { openDatabase } from "../src/server/platform/db";
import { migrate } from "../src/server/platform/migrate";
import { createServices } from "../src/server/services";
import {
  benchDatabase,
  cpuSeconds,
  freePort,
  log,
  percentile,
  ROOT,
  reachable,
  startMailSink,
} from "./support";

const MESSAGES = Number(process.env.MAIL_BENCH_MESSAGES ?? 2_000);
const SENDERS = 40;
const CONNECTIONS = Number(process.env.MAIL_BENCH_CONNECTIONS ?? 8);
const SUPPORT = "soporte@soporte.example";

const main = async () => {
  const database = await benchDatabase("soporte_mailbench");
  const databaseUrl = database.url;
  const handle = openDatabase(databaseUrl, { max: 4 });
  const dir = await mkdtemp(path.join(tmpdir(), "soporte-mailbench-"));
  // outgoing acknowledgements land here
  const sink = await startMailSink();
  let child: ReturnType<typeof spawn> | null = null;
  try {
    await migrate(databaseUrl);
    const config = loadConfig({
      DATA_DIR: "/tmp/soporte-unused",
      DATABASE_URL: databaseUrl,
      MAIL_FROM: `Soporte <${SUPPORT}>`,
    });
    const services = createServices({ config, db: handle.db, clock: { now: () => new Date() } });
    const senders: string[] = [];
    for (let i = 0; i < SENDERS; i += 1) {
      const organization = await services.organizations.createOrganization(SYSTEM_ACTOR, {
        name: `Organización ${i}`,
        emailDomains: [],
        timeZone: "America/Mexico_City",
      });
      const product = await services.catalog.createProduct(SYSTEM_ACTOR, {
        name: `SIGAP ${i}`,
        description: "",
        modules: [],
      });
      const system = await services.catalog.createSystem(SYSTEM_ACTOR, {
        organizationId: organization.id,
        productId: product.id,
        name: `SIGAP producción ${i}`,
        moduleIds: [],
        installedVersion: "5.1.0",
        environment: "production",
      });
      const contract = await services.contracts.createContract(SYSTEM_ACTOR, {
        systemId: system.id,
        planId: "estandar",
        startDate: "2026-06-01",
        salePriceCents: 0,
        notes: "",
      });
      const contact = await services.organizations.createContact(SYSTEM_ACTOR, organization.id, {
        name: `Contacto ${i}`,
        email: `contacto${i}@cliente${i}.example`,
        preferredLanguage: "es-MX",
        password: "correct horse battery staple",
      });
      await services.authorizedContacts.addTraining(SYSTEM_ACTOR, contact.id, {
        course: "SIGAP",
        completedOn: "2026-01-15",
      });
      await services.authorizedContacts.authorizeContact(SYSTEM_ACTOR, contract.id, contact.id);
      senders.push(`contacto${i}@cliente${i}.example`);
    }
    await services.emailIntake.updateSettings(SYSTEM_ACTOR, {
      supportAddresses: [SUPPORT],
      trustedAuthServIds: [],
      autoRepliesPerAddressPerDay: 100,
      loopThreshold: { messages: 10_000, minutes: 10 },
      imap: null,
    });

    const intakePort = await freePort();
    const httpPort = await freePort();
    // MAIL_BENCH_PROFILE=<dir>: a CPU profile of the server process
    const profile = process.env.MAIL_BENCH_PROFILE
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.MAIL_BENCH_PROFILE}`]
      : [];
    child = spawn(process.execPath, [...profile, path.join(ROOT, "bin/soporte.js"), "serve"], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATA_DIR: dir,
        PORT: String(httpPort),
        HOST: "127.0.0.1",
        MAIL_INTAKE_PORT: String(intakePort),
        MAIL_FROM: `Soporte <${SUPPORT}>`,
        SMTP_URL: sink.url,
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    for (let i = 0; i < 240 && !(await reachable(intakePort)); i += 1) await sleep(250);

    const transport = nodemailer.createTransport({
      host: "127.0.0.1",
      port: intakePort,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: CONNECTIONS,
      maxMessages: Number.POSITIVE_INFINITY,
    });
    const cpuBefore = cpuSeconds(child.pid);
    const acceptedAt = new Map<string, number>();
    const queue = Array.from({ length: MESSAGES }, (_, i) => i);
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          const from = senders[i % SENDERS]!;
          const id = `bench-${i}@cliente.example`;
          const raw = [
            `From: Contacto <${from}>`,
            `To: ${SUPPORT}`,
            `Subject: Falla ${i} en SIGAP`,
            `Message-ID: <${id}>`,
            "Date: Fri, 27 Nov 2026 17:00:00 -0600",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "",
            `El módulo de nómina no responde (${i}).`,
            "",
          ].join("\r\n");
          await transport.sendMail({ envelope: { from, to: [SUPPORT] }, raw });
          acceptedAt.set(id, Date.now());
        }
      }),
    );
    const allAccepted = Date.now();
    transport.close();
    for (;;) {
      const left = Number(
        (
          await sql<{ n: string }>`
            SELECT count(*) AS n FROM inbound_mail WHERE status IN ('received', 'processing')`.execute(
            handle.db,
          )
        ).rows[0]!.n,
      );
      if (left === 0) break;
      await sleep(100);
    }
    const cpuAfter = cpuSeconds(child.pid);
    const acknowledgedByLastCase = sink.count();
    const rows = (
      await sql<{ message_id: string; processed_at: Date; outcome: string }>`
        SELECT message_id, processed_at, outcome FROM inbound_mail`.execute(handle.db)
    ).rows;
    const lastCase = Math.max(...rows.map((r) => r.processed_at.getTime()));
    const latencies = rows
      .map((r) => r.processed_at.getTime() - (acceptedAt.get(r.message_id) ?? r.processed_at.getTime()))
      .sort((a, b) => a - b);
    const cases = rows.filter((r) => r.outcome === "case_opened").length;
    const rate = (cases / (lastCase - started)) * 1000;
    log(
      `messages: ${MESSAGES} from ${SENDERS} contacts over ${CONNECTIONS} SMTP connections; cases opened: ${cases}`,
    );
    log(
      `SMTP acceptance: ${((MESSAGES / (allAccepted - started)) * 1000).toFixed(0)} msg/s (stored before each 250)`,
    );
    log(`end to end: ${rate.toFixed(0)} msg/s to case (target 200/s, ${(rate / 200).toFixed(2)}x)`);
    log(
      `250 → case committed: p50 ${percentile(latencies, 0.5)} ms, p99 ${percentile(latencies, 0.99)} ms, max ${latencies.at(-1)} ms`,
    );
    // the outbox drains after the burst: how long until every acknowledgement reached the relay
    const drainStarted = Date.now();
    while (sink.count() < MESSAGES && Date.now() - drainStarted < 300_000) await sleep(100);
    log(
      `acknowledgements delivered to the relay: ${acknowledgedByLastCase} of ${MESSAGES} by the last case, ${sink.count()} ${(
        (Date.now() - lastCase) / 1000
      ).toFixed(1)} s after it`,
    );
    if (cpuBefore && cpuAfter) {
      const per = (a: number, b: number) => `${(((b - a) / MESSAGES) * 1000).toFixed(2)} ms`;
      log(
        `CPU per message: server ${per(cpuBefore.process, cpuAfter.process)}, PostgreSQL ${per(cpuBefore.postgres, cpuAfter.postgres)}, load generator and sink ${per(cpuBefore.self, cpuAfter.self)}`,
      );
      const busy = cpuAfter.machine.busy - cpuBefore.machine.busy;
      const total = cpuAfter.machine.total - cpuBefore.machine.total;
      log(`machine busy while measured: ${((busy / total) * 100).toFixed(0)} % of all CPUs`);
    }
    log(
      `mail-bench: ${rate.toFixed(0)} msg/s to case, p99 ${percentile(latencies, 0.99)} ms from 250 to case`,
    );
    if (cases !== MESSAGES) process.exitCode = 1;
  } finally {
    child?.kill("SIGTERM");
    if (child && child.exitCode === null) await new Promise((r) => child!.once("exit", r));
    await handle.close();
    await database.drop();
    await sink.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

await main();
