/**
 * `npm run bench:escalation`: the escalation scheduler with 10,000 open cases on one PostgreSQL.
 *
 * Every case has a running response clock and a timer (given its pg-boss job when the step comes within ten
 * minutes). FIRING_CASES of them are
 * registered so that their warning, level 1 and level 2 fall due, staggered, during a WINDOW_S-second
 * window; the rest fall due hours later. SERVERS real `soporte serve` processes (default 2) do the work,
 * mailing a local SMTP receiver. Reported:
 *  - lateness of fired steps (fired_at − due_at): p50, p99, max;
 *  - database load of the scheduler idle (10,000 timers, nothing due) and while firing, from
 *    pg_stat_database: transactions and rows read per second;
 *  - the peer: a per-second scan of the cases table for due steps (the classic polling escalator), timed on
 *    the same 10,000 cases — its cost is paid every second whether anything is due or not.
 * Uses the PostgreSQL at BENCH_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres, else an
 * embedded one. Last line: `escalation-bench: p50 … ms, p99 … ms, idle … tx/s`.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import { CHECKLIST_ITEMS } from "../src/api/cases";
import { SYSTEM_ACTOR } from "../src/server/platform/actor";
import { loadConfig } from "../src/server/platform/config";
import { openDatabase } from "../src/server/platform/db";
import { migrate } from "../src/server/platform/migrate";
import { createServices } from "../src/server/services";
import { benchDatabase, freePort, log, percentile, ROOT, startMailSink } from "./support";

const OPEN_CASES = Number(process.env.ESCALATION_BENCH_CASES ?? 10_000);
const FIRING_CASES = Number(process.env.ESCALATION_BENCH_FIRING ?? 1_000);
const WINDOW_S = Number(process.env.ESCALATION_BENCH_WINDOW_S ?? 60);
const SERVERS = Number(process.env.ESCALATION_BENCH_SERVERS ?? 2);
const IDLE_S = 20;

const startServer = async (env: Record<string, string>) => {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, "bin/soporte.js"), "serve"], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 240; i += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok) return child;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error("server did not start");
};

const main = async () => {
  const database = await benchDatabase("soporte_bench");
  const databaseUrl = database.url;
  const dirs: string[] = [];
  const children: ReturnType<typeof spawn>[] = [];
  const receiver = await startMailSink();
  const handle = openDatabase(databaseUrl, { max: 6 });
  try {
    await migrate(databaseUrl);
    const db = handle.db;
    let now = new Date();
    const services = createServices({
      config: loadConfig({ DATA_DIR: "/tmp/soporte-unused", DATABASE_URL: databaseUrl }),
      db,
      clock: { now: () => now },
    });

    // a plan whose P1 must be answered within 2 minutes, 24×7: warning 90 s, level 1 120 s, level 2 180 s
    const extendido = (
      await db.selectFrom("plans").select("settings").where("id", "=", "extendido").executeTakeFirstOrThrow()
    ).settings as { responseClocks: Record<string, unknown> };
    await db
      .insertInto("plans")
      .values({
        id: "relampago",
        name: "Relámpago",
        settings: JSON.stringify({
          ...extendido,
          id: "relampago",
          name: "Relámpago",
          responseClocks: { ...extendido.responseClocks, P1: { calendarId: "24x7", targetMinutes: 2 } },
        }),
      })
      .execute();
    const organization = await services.organizations.createOrganization(SYSTEM_ACTOR, {
      name: "Banco de pruebas",
      emailDomains: [],
      timeZone: "America/Mexico_City",
    });
    const product = await services.catalog.createProduct(SYSTEM_ACTOR, {
      name: "SIGAP",
      description: "",
      modules: [],
    });
    const system = await services.catalog.createSystem(SYSTEM_ACTOR, {
      organizationId: organization.id,
      productId: product.id,
      name: "SIGAP producción",
      moduleIds: [],
      installedVersion: "5.1.0",
      environment: "production",
    });
    const contract = await services.contracts.createContract(SYSTEM_ACTOR, {
      systemId: system.id,
      planId: "relampago",
      startDate: "2026-01-02",
      salePriceCents: 0,
      notes: "",
    });
    const contact = await services.organizations.createContact(SYSTEM_ACTOR, organization.id, {
      name: "Ana Pérez",
      email: "ana@banco.example",
      preferredLanguage: "es-MX",
      password: "correct horse battery staple",
    });
    await services.authorizedContacts.addTraining(SYSTEM_ACTOR, contact.id, {
      course: "SIGAP",
      completedOn: "2026-01-15",
    });
    await services.authorizedContacts.authorizeContact(SYSTEM_ACTOR, contract.id, contact.id);
    for (const role of ["specialist", "manager"] as const) {
      await services.users.createStaffUser(SYSTEM_ACTOR, {
        name: `${role} de guardia`,
        email: `${role}@banco.example`,
        role,
        preferredLanguage: "es-MX",
        password: "correct horse battery staple",
      });
    }
    const template = await services.cases.openCase(
      SYSTEM_ACTOR,
      {
        systemId: system.id,
        requesterId: contact.id,
        subject: "Plantilla",
        description: "Error fatal para todos los usuarios.",
        affectedPercent: 100,
        canKeepWorking: false,
        checklist: Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i, true])),
      } as never,
      "phone",
    );
    if (template.outcome !== "opened") throw new Error("template case not opened");

    // the window opens once every timer is set and the servers are up
    const setupStarted = Date.now();
    const windowStart = Math.ceil((setupStarted + 150_000) / 1000) * 1000;
    const spacingMs = (WINDOW_S * 1000) / FIRING_CASES;
    await sql`
      INSERT INTO cases (number, organization_id, system_id, contract_id, requester_id, channel, subject, description,
        installed_version, environment, affected_percent, can_keep_working, checklist, suggested_priority, priority,
        status, registered_at, sla_calendar_id, sla_target_minutes, response_due_at, sla_explanation, updated_at)
      SELECT 'BEN-' || lpad(g::text, 6, '0'), organization_id, system_id, contract_id, requester_id, channel,
        'Carga ' || g, description, installed_version, environment, affected_percent, can_keep_working, checklist,
        suggested_priority, priority, 'new', r.at, sla_calendar_id, sla_target_minutes, r.at + interval '2 minutes',
        sla_explanation, r.at
      FROM cases t, generate_series(1, ${OPEN_CASES}::int) g,
        LATERAL (SELECT CASE WHEN g <= ${FIRING_CASES}::int
          -- whole seconds, like every registration: firing cases warn across the window
          THEN date_trunc('second', to_timestamp((${windowStart}::float8 - 90000 + (g - 1) * ${spacingMs}::float8) / 1000.0))
          ELSE now() + interval '6 hours' + g * interval '1 second' END AS at) r
      WHERE t.id = ${template.case.id}`.execute(db);
    await db.deleteFrom("escalation_timers").where("case_id", "=", template.case.id).execute();
    const ids = (
      await db.selectFrom("cases").select("id").where("number", "like", "BEN-%").orderBy("number").execute()
    ).map((r) => r.id);
    now = new Date(Date.now());
    const syncStarted = Date.now();
    for (let i = 0; i < ids.length; i += 250) {
      await db.transaction().execute(async (tx) => {
        for (const id of ids.slice(i, i + 250)) await services.escalation.syncTimers(tx, id);
      });
    }
    const syncMs = Date.now() - syncStarted;
    log(
      `timers: ${ids.length} cases scheduled in ${(syncMs / 1000).toFixed(1)} s (${Math.round((ids.length / syncMs) * 1000)}/s)`,
    );

    for (let i = 0; i < SERVERS; i += 1) {
      const dir = await mkdtemp(path.join(tmpdir(), "soporte-bench-"));
      dirs.push(dir);
      children.push(await startServer({ DATABASE_URL: databaseUrl, SMTP_URL: receiver.url, DATA_DIR: dir }));
    }
    if (Date.now() > windowStart - IDLE_S * 1000)
      throw new Error("set-up took too long: the window has started");

    const stats = async () =>
      (
        await sql<{ tx: string; read: string }>`
          SELECT xact_commit + xact_rollback AS tx, tup_returned + tup_fetched AS read
          FROM pg_stat_database WHERE datname = current_database()`.execute(db)
      ).rows[0]!;
    // idle: 10,000 timers, nothing due; our own two stats queries are negligible
    await sleep(windowStart - IDLE_S * 1000 - Date.now());
    const idleFrom = await stats();
    await sleep(IDLE_S * 1000);
    const idleTo = await stats();
    const idleTx = (Number(idleTo.tx) - Number(idleFrom.tx)) / IDLE_S;
    const idleRead = (Number(idleTo.read) - Number(idleFrom.read)) / IDLE_S;

    const activeFrom = await stats();
    const activeStarted = Date.now();
    const expected = FIRING_CASES * 3;
    const deadline = windowStart + (WINDOW_S + 90 + 60) * 1000;
    let fired = 0;
    while (Date.now() < deadline) {
      fired = Number(
        (
          await sql<{ n: string }>`
            SELECT count(*) AS n FROM case_escalations e JOIN cases c ON c.id = e.case_id
            WHERE c.number LIKE 'BEN-%'`.execute(db)
        ).rows[0]!.n,
      );
      if (fired >= expected) break;
      await sleep(1000);
    }
    const activeTo = await stats();
    const activeS = (Date.now() - activeStarted) / 1000;
    const rows = (
      await sql<{ ms: number }>`
        SELECT extract(epoch FROM e.fired_at - e.due_at) * 1000 AS ms
        FROM case_escalations e JOIN cases c ON c.id = e.case_id WHERE c.number LIKE 'BEN-%'`.execute(db)
    ).rows.map((r) => Number(r.ms));
    rows.sort((a, b) => a - b);
    const activeTx = (Number(activeTo.tx) - Number(activeFrom.tx)) / activeS;
    // the mail of the last steps is still leaving: wait for the outbox to drain
    for (let i = 0; i < 120; i += 1) {
      const left = await db
        .selectFrom("outbox")
        .select("id")
        .where("status", "in", ["pending", "sending"])
        .limit(1)
        .execute();
      if (!left.length) break;
      await sleep(500);
    }
    const mailsExpected = Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM outbox`.execute(db)).rows[0]!.n,
    );

    // the peer: one scan for due steps over the open cases, as a polling escalator does every second
    const scans: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const t = performance.now();
      await sql`
        SELECT id FROM cases
        WHERE status IN ('new', 'open', 'waiting_on_customer') AND response_met_at IS NULL
          AND registered_at + (sla_target_minutes * interval '1 minute') * 0.75 <= now()`.execute(db);
      scans.push(performance.now() - t);
    }
    scans.sort((a, b) => a - b);

    log(`open cases: ${OPEN_CASES}; steps due in the window: ${expected}; servers: ${SERVERS}`);
    log(`fired: ${rows.length} of ${expected} (exactly once each: primary key per case and level)`);
    log(
      `lateness: p50 ${percentile(rows, 0.5).toFixed(0)} ms, p99 ${percentile(rows, 0.99).toFixed(0)} ms, max ${rows.at(-1)?.toFixed(0)} ms`,
    );
    log(
      `database idle (10,000 timers): ${idleTx.toFixed(1)} transactions/s, ${Math.round(idleRead)} rows read/s`,
    );
    log(
      `database while firing: ${activeTx.toFixed(1)} transactions/s (${(activeTx / (expected / activeS)).toFixed(1)} per fired step)`,
    );
    log(`mails: ${receiver.count()} received of ${mailsExpected} in the outbox (acknowledgements included)`);
    log(
      `peer (a polling escalator's per-second scan of ${OPEN_CASES} cases): p50 ${percentile(scans, 0.5).toFixed(1)} ms per scan, every second`,
    );
    log(
      `escalation-bench: p50 ${percentile(rows, 0.5).toFixed(0)} ms, p99 ${percentile(rows, 0.99).toFixed(0)} ms, idle ${idleTx.toFixed(1)} tx/s`,
    );
    if (rows.length !== expected) process.exitCode = 1;
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))),
    );
    await handle.close();
    await database.drop();
    await receiver.stop();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
};

await main();
