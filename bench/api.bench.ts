/**
 * `npm run bench:api`: the desk's and the portal's busiest API routes under load (autocannon, 50 connections)
 * against a real `soporte serve` process, at 10,000 and then 100,000 cases of 50 organizations, each beside
 * the ceiling measured in the same run: a trivial Fastify route (`GET /` → `{ok:true}`) in its own process.
 *
 * The data. A fresh database on the local PostgreSQL (dropped at the end unless API_BENCH_KEEP=1), the
 * migrations, then the desk through the services (`setUpDesk` in support.ts, as the reports bench): two
 * products, a manager and 12 specialists, 50 organizations with three contacts each — two trained and
 * authorized on the contract chain of the organization's production system, renewed through the services
 * until a contract is current, so that they may open cases — and the first contact of 10 organizations with
 * a portal password. The cases are bulk-inserted (`makeCase` / `insertCases` in support.ts, INSERT … SELECT
 * FROM unnest, 2,000 cases a statement), because intake through the services costs milliseconds of
 * entitlement, SLA, timers, audit and outbox per case and each later step as much again: 100,000 cases with
 * their histories would take the best part of an hour, the bulk path a few minutes. It writes what the
 * services write: the `cases` columns of intake and of each later step (number from the same sequence,
 * contract current that day, requester, SLA due time and explanation on the domain's calendars, triage,
 * assignee, response met with its business seconds, waits and pauses, resolution, closing, version and
 * updated_at, escalation level), the `case_events` history (created, triage, the first staff reply and
 * response_met, 0–3 further customer/staff exchanges, internal notes on half the cases, status changes, the
 * escalation warnings with their `case_escalations` rows), the running cases' next `escalation_timers`, and
 * the `audit_log` entry of every step (case.opened, case.triaged, case.assigned, case.replied,
 * case.note_added, case.status_changed). Not written: the outbox mail, the bell notifications and the inbound
 * mail of those steps — no measured route reads them, and the mail sender reads only pending rows. About
 * 1 % of the subjects end in "desde el kiosco de autoservicio": the search word. The 10k point is an evenly
 * spread tenth of the registrations (the same two years, a smaller desk), copied to a database of its own
 * (`CREATE DATABASE … TEMPLATE`) and kept beside the original, which is then grown to API_BENCH_CASES.
 *
 * A `soporte serve` on each database. Each read route is measured on the smaller, then at once on the larger,
 * so that both points see the same host (a shared machine's speed moves by more than the 1.5× allowed within
 * minutes). SECONDS s each after a 2 s warm-up, 50 connections, each part followed by a wait until the
 * server's connections are idle and each measurement started on a quiet machine (under 25 % of its CPU
 * busy), writes only at the larger size and after every read (the cases they open would stand at the head of
 * every queue, thousands unanswered, registered in one minute): the ceiling (again at the end: the better
 * run is the ceiling, for both sizes); as a specialist with a personal API token (`POST /api/v1/auth/tokens` after signing in): get a
 * case (rotating over 5,000 ids in turn: the warm-up reads each once), its timeline, the console's list and each desk queue's first page, the
 * search `q=kiosco`, the queue counts (`GET /cases/counts`; n/a when missing); as customer contacts signed in
 * by cookie (10 contacts, rotating): get a case of their organization, list their cases; then the writes: a
 * staff reply (rotating over 2,000 cases not closed), a staff phone intake (`requesterId`, rotating over the
 * 50 organizations), a contact's portal intake (with the CSRF header). For each: req/s, p50 and p99
 * (autocannon: whole ms), errors (timeouts included), non-2xx, the server's and PostgreSQL's CPU ms per
 * request, the share of the CPU other processes took meanwhile, and req/s ÷ the ceiling's; then "cost at 100k ÷ cost at 10k" (cost = 1 / req/s) for every read.
 * The server logs at LOG_LEVEL=info, the production default (API_BENCH_LOG_LEVEL to change it), to a file;
 * its RSS (VmRSS) is read after each size.
 * Targets at 100k, each for the worst route of its kind: get (case, timeline, the contact's case) ≥ 15 % of
 * the ceiling, list (console, queues, counts, the contact's list) ≥ 10 %, search ≥ 5 %, create ≥ 3 %, reply
 * ≥ 3 %; reads' p99 < 50 ms; reads' cost at 100k within 1.5× of 10k. A missed target is printed, not fatal.
 * The server keeps sign-ins and case views in memory as `soporte serve` does: the figures are of a warm
 * process (its first read of each case writes the view).
 * PostgreSQL alone: last, `pgbench` writes the rows of a reply and of an intake, each set in one prepared
 * statement (`write-floor.ts`), and the write routes are also given as a share of that.
 * EXPLAIN: at the end the app is built in this process over a Kysely that records its SQL (`capturingApp`),
 * keeping sign-ins and case views as the server does; each read route is injected once to warm it, then
 * again, and every SELECT that second request ran is explained with its parameters — `EXPLAIN
 * (ANALYZE, BUFFERS)` as planned for those values, and as the generic plan a statement the server prepares
 * may switch to after five runs — into bench/results/api-explain.txt, with one summary line per route.
 * Knobs: API_BENCH_CASES (100000), API_BENCH_SECONDS (15), API_BENCH_KEEP=1, API_BENCH_DATA_ONLY=1 (the data at
 * full size, kept, and nothing measured).
 * Last line: `api-bench: get R1, list R2, search R3, create R4 of ceiling at 100k cases` (each the worst route
 * of its kind, as a percentage of the ceiling's req/s).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { CASE_QUEUES, CHECKLIST_ITEMS } from "../src/api/cases";
import { loadConfig } from "../src/server/platform/config";
import { openDatabase } from "../src/server/platform/db";
import { migrate } from "../src/server/platform/migrate";
import { createServices } from "../src/server/services";
import {
  benchDatabase,
  type CaseRow,
  capturingApp,
  createRandom,
  type DeskOrganization,
  explainBothWays,
  insertCases,
  isSelect,
  type LoadCall,
  type LoadSample,
  loadTest,
  log,
  loggedErrors,
  MB,
  makeCase,
  mxDate,
  placeholderWebDir,
  planSummary,
  ROOT,
  registrationInstants,
  residentBytes,
  setUpDesk,
  signIn,
  startMailSink,
  startServer,
  startTrivialFastify,
  table,
} from "./support";
import { measureWriteFloor } from "./write-floor";

const CASES = Number(process.env.API_BENCH_CASES ?? 100_000);
const FIRST = Math.min(10_000, Math.round(CASES / 10));
const SECONDS = Number(process.env.API_BENCH_SECONDS ?? 15);
// only the data, at the full size, kept: to study a query's plan at that size
const DATA_ONLY = Boolean(process.env.API_BENCH_DATA_ONLY);
const KEEP = Boolean(process.env.API_BENCH_KEEP) || DATA_ONLY;
const LOG_LEVEL = process.env.API_BENCH_LOG_LEVEL ?? "info";
const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const ORGANIZATIONS = 50;
const SPECIALISTS = 12;
const CUSTOMERS = 10;
const BATCH = 2_000;
const SEED = 20_261_215;
const PASSWORD = "correct horse battery staple";
const WORD = "kiosco";
const PLANT = { text: `desde el ${WORD} de autoservicio`, share: 0.01 };
const TARGETS = { get: 15, list: 10, search: 5, create: 3, reply: 3 } as const;
const TARGET_P99_MS = 50;
const TARGET_GROWTH = 1.5;
const API = "/api/v1";
const CEILING = "ceiling GET /";
const CEILING_AGAIN = "ceiling GET / (again)";
const COUNTS = "staff queue counts";
const COLUMNS = [
  ...["route", "req/s", "p50 ms", "p99 ms", "errors", "non-2xx"],
  ...["CPU ms node / pg", "other CPU", "of ceiling"],
];
const WIDTHS = [7, 6, 6, 6, 16, 16, 9, 10];

type Kind = keyof typeof TARGETS;
type Call = LoadCall;
type Route = { key: string; kind: Kind | null; make: () => Call };
type Sample = LoadSample | null;
type Server = Awaited<ReturnType<typeof startServer>>;
type Customer = { organization: DeskOrganization; headers: Record<string, string>; cases: string[] };

const label = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));
const pct = (n: number) => `${n.toFixed(1)} %`;
const rotate = <T>(items: readonly T[]) => {
  let i = 0;
  return () => items[i++ % items.length]!;
};

const intakeBody = (systemId: string, subject: string, requesterId?: string) =>
  JSON.stringify({
    systemId,
    subject,
    description: "El timbrado de la nómina quincenal falla con error de tiempo de espera desde la mañana.",
    affectedPercent: 30,
    canKeepWorking: true,
    checklist: Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, true])),
    ...(requesterId ? { requesterId } : {}),
  });

/* ---------- EXPLAIN of what each read route runs ---------- */

const explainRoutes = async (options: {
  url: string;
  pool: pg.Pool;
  dataDir: string;
  smtpUrl: string;
  calls: { key: string; call: Call }[];
  file: string;
}) => {
  const { app, take } = await capturingApp(options);
  // as the server runs: sign-ins and case views kept while told of changes; each route is asked once first
  const watches = [
    app.services.auth.watchSignIns(options.url),
    app.services.cases.watchCaseViews(options.url),
  ];
  while (!watches.every((w) => w.listening())) await new Promise((resolve) => setTimeout(resolve, 20));
  const client = new pg.Client({ connectionString: options.url, application_name: "api-bench explain" });
  await client.connect();
  const out: string[] = [];
  const summaries: string[][] = [];
  try {
    for (const { key, call } of options.calls) {
      await app.inject({ method: call.method, url: call.path, headers: call.headers });
      take();
      const res = await app.inject({ method: call.method, url: call.path, headers: call.headers });
      out.push(`## ${key}: ${call.method} ${call.path} → ${res.statusCode}`, "");
      if (res.statusCode >= 300) {
        summaries.push([key, `HTTP ${res.statusCode}`, "", "", "", ""]);
        continue;
      }
      type Summary = ReturnType<typeof planSummary>;
      let main: { custom: Summary; generic: Summary } | null = null;
      const seq = new Set<string>();
      let total = 0;
      for (const [n, q] of take()
        .filter((c) => isSelect(c.sql))
        .entries()) {
        const plans = await explainBothWays(client, q.sql, [...q.parameters]);
        const custom = planSummary(plans.custom, ["cases", "case_events"]);
        const generic = planSummary(plans.generic, ["cases", "case_events"]);
        for (const table of [...custom.seqScans, ...generic.seqScans]) seq.add(table);
        total += custom.ms;
        if (!main || custom.ms > main.custom.ms) main = { custom, generic };
        out.push(
          `### statement ${n + 1}: ${q.sql}`,
          `parameters: ${JSON.stringify(q.parameters)}`,
          "",
          "custom plan (for these values):",
          ...plans.custom,
          "",
          "generic plan (plan_cache_mode = force_generic_plan):",
          ...plans.generic,
          "",
        );
      }
      summaries.push([
        key,
        main ? main.custom.top : "-",
        seq.size ? `Seq Scan on ${[...seq].join(", ")}` : "no",
        main ? `${main.custom.ms.toFixed(2)} ms` : "-",
        main ? `${main.generic.top}, ${main.generic.ms.toFixed(2)} ms` : "-",
        `${total.toFixed(2)} ms`,
      ]);
    }
  } finally {
    for (const watch of watches) await watch.stop();
    await client.end();
    await app.close();
  }
  mkdirSync(path.dirname(options.file), { recursive: true });
  writeFileSync(options.file, `${out.join("\n")}\n`);
  return summaries;
};

/* ---------- the run ---------- */

const main = async () => {
  const database = await benchDatabase("soporte_api_bench");
  const url = database.url;
  const dataDir = await mkdtemp(path.join(tmpdir(), "soporte-api-bench-"));
  const receiver = await startMailSink();
  let handle = openDatabase(url, { max: 4 });
  let client = new pg.Client({ connectionString: url, application_name: "api-bench" });
  const clients: pg.Client[] = [];
  const servers: Server[] = [];
  let ceiling: Awaited<ReturnType<typeof startTrivialFastify>> | null = null;
  try {
    await migrate(url);
    await client.connect();
    const rng = createRandom(SEED);
    let clockAt = Date.now();
    const services = createServices({
      config: loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url, SMTP_URL: receiver.url }),
      db: handle.db,
      clock: { now: () => new Date(clockAt) },
    });

    /* the desk through the services, the cases in bulk */
    const now = Math.floor(Date.now() / 1000) * 1000;
    const phase = performance.now();
    const desk = await setUpDesk(
      services,
      handle.db,
      (at) => {
        clockAt = at;
      },
      mxDate(now),
      rng,
      {
        label: "api-bench",
        organizations: ORGANIZATIONS,
        specialists: SPECIALISTS,
        password: PASSWORD,
        contactPasswords: CUSTOMERS,
      },
    );
    clockAt = Date.now();
    log(
      `desk through the services: ${ORGANIZATIONS} organizations, ${desk.contractsMade} contracts, ${SPECIALISTS + 1} staff in ${((performance.now() - phase) / 1000).toFixed(1)} s`,
    );
    const calendars = new Map(
      (await services.calendars.load(handle.db)).entries().map((e) => [e.id, e.compiled]),
    );
    const cumulative: number[] = [];
    for (const o of desk.organizations) cumulative.push((cumulative.at(-1) ?? 0) + o.weight);
    cumulative[cumulative.length - 1] = 1;
    const instants = registrationInstants(rng, now, CASES);
    // an evenly spread tenth first (the smaller desk), the rest later
    const inFirst = (i: number) => Math.floor(((i + 1) * FIRST) / CASES) !== Math.floor((i * FIRST) / CASES);
    const firstInstants = instants.filter((_, i) => inFirst(i));
    const restInstants = instants.filter((_, i) => !inFirst(i));

    const grow = async (times: number[]) => {
      const started = performance.now();
      const totals = { events: 0, audit: 0 };
      let pending: Promise<unknown> = Promise.resolve();
      for (let done = 0; done < times.length; done += BATCH) {
        const rows: CaseRow[] = times.slice(done, done + BATCH).map((t) =>
          makeCase(
            rng,
            t,
            {
              now,
              organizations: desk.organizations,
              cumulative,
              specialists: desk.specialists,
              calendars,
            },
            { plant: PLANT, conversation: true },
          ),
        );
        await pending;
        pending = insertCases(client, rows, { withBusinessSeconds: true, audit: true }).then((n) => {
          totals.events += n.events;
          totals.audit += n.audit;
        });
      }
      await pending;
      const inserted = performance.now();
      await client.query("VACUUM (ANALYZE)");
      log(
        `cases: ${times.length.toLocaleString("en-US")} bulk-inserted with ${totals.events.toLocaleString("en-US")} history rows and ${totals.audit.toLocaleString("en-US")} audit entries in ${((inserted - started) / 1000).toFixed(1)} s, VACUUM (ANALYZE) ${((performance.now() - inserted) / 1000).toFixed(1)} s`,
      );
    };
    await grow(firstInstants);
    if (DATA_ONLY) {
      await grow(restInstants);
      return;
    }

    /* the smaller desk kept beside the larger: a copy at FIRST cases, the original grown to CASES */
    await client.end();
    await handle.close();
    const smallUrl = await database.copy("first");
    handle = openDatabase(url, { max: 4 });
    client = new pg.Client({ connectionString: url, application_name: "api-bench" });
    await client.connect();
    await grow(restInstants);
    const smallClient = new pg.Client({ connectionString: smallUrl, application_name: "api-bench" });
    await smallClient.connect();
    clients.push(smallClient);

    /* a server on each, the ceiling, and the callers */
    const serve = (databaseUrl: string, logFile: string) =>
      startServer({
        env: {
          DATABASE_URL: databaseUrl,
          SMTP_URL: receiver.url,
          DATA_DIR: dataDir,
          WEB_DIR: placeholderWebDir(dataDir),
          // as deployed: answers are not checked against their schemas on the way out
          NODE_ENV: "production",
        },
        logFile,
        logLevel: LOG_LEVEL,
      });
    const logFiles = [path.join(dataDir, `server-${label(FIRST)}.log`), path.join(dataDir, "server.log")];
    servers.push(await serve(smallUrl, logFiles[0]!), await serve(url, logFiles[1]!));
    ceiling = await startTrivialFastify();
    const specialist = desk.specialists[0]!;
    const json = { "content-type": "application/json" };
    /** One size: its server, its database, and callers signed in there. */
    const target = async (size: number, server: Server, db: pg.Client) => {
      const base = `http://127.0.0.1:${server.port}`;
      const staffSession = await signIn(base, "especialista1@api-bench.example", PASSWORD);
      const tokenRes = await fetch(`${base}${API}/auth/tokens`, {
        method: "POST",
        headers: { ...staffSession, ...json },
        body: JSON.stringify({ name: "api-bench" }),
      });
      if (tokenRes.status !== 201) throw new Error(`token: ${tokenRes.status} ${await tokenRes.text()}`);
      const staff = { authorization: `Bearer ${((await tokenRes.json()) as { token: string }).token}` };
      const customers: Customer[] = [];
      for (const o of desk.organizations.slice(0, CUSTOMERS))
        customers.push({
          organization: o,
          headers: await signIn(base, o.contactEmails[0]!, PASSWORD),
          cases: [],
        });
      const ids = { staff: [] as string[], reply: [] as string[] };
      const query = async (sql: string, params: unknown[] = []) =>
        (await db.query<{ id: string }>(sql, params)).rows.map((r) => r.id);
      ids.staff = await query("SELECT id FROM cases ORDER BY random() LIMIT 5000");
      ids.reply = await query("SELECT id FROM cases WHERE status <> 'closed' ORDER BY random() LIMIT 2000");
      for (const c of customers)
        c.cases = await query("SELECT id FROM cases WHERE organization_id = $1 ORDER BY random() LIMIT 500", [
          c.organization.id,
        ]);
      const cases = Number((await db.query("SELECT count(*) AS n FROM cases")).rows[0].n);
      return { size, base, server, db, staff, customers, ids, cases };
    };
    const small = await target(FIRST, servers[0]!, smallClient);
    const large = await target(CASES, servers[1]!, client);
    log("");
    log(
      `servers: soporte serve on ${small.cases.toLocaleString("en-US")} and on ${large.cases.toLocaleString("en-US")} cases, NODE_ENV=production, LOG_LEVEL=${LOG_LEVEL}, as ${specialist.name} (specialist, API token) and ${CUSTOMERS} contacts (cookie + CSRF); ${CONNECTIONS} connections, ${SECONDS} s a route after ${WARMUP_SECONDS} s of warm-up; each read measured at both sizes back to back, the writes at ${label(CASES)} after every read`,
    );

    let created = 0;
    const nextOrganization = rotate(desk.organizations);
    type Target = typeof large;
    const get = (p: string, headers: Record<string, string>): Call => ({
      method: "GET",
      path: `${API}${p}`,
      headers,
    });
    const post = (p: string, headers: Record<string, string>, body: string): Call => ({
      method: "POST",
      path: `${API}${p}`,
      headers: { ...headers, ...json },
      body,
    });
    const routesOf = (t: Target): Route[] => {
      const staffGet = (p: string) => get(p, t.staff);
      // each read in turn, so that the warm-up reads every case once (a warm process keeps their views)
      const [caseIds, timelineIds] = [rotate(t.ids.staff), rotate(t.ids.staff)];
      const customerCases = new Map(t.customers.map((c) => [c, rotate(c.cases)]));
      const nextCustomer = rotate(t.customers);
      return [
        { key: CEILING, kind: null, make: () => ({ method: "GET", path: "/", headers: {} }) },
        { key: "staff get case", kind: "get", make: () => staffGet(`/cases/${caseIds()}`) },
        { key: "staff timeline", kind: "get", make: () => staffGet(`/cases/${timelineIds()}/timeline`) },
        { key: "staff list (console)", kind: "list", make: () => staffGet("/cases") },
        ...CASE_QUEUES.map(
          (q): Route => ({
            key: `staff queue ${q}`,
            kind: "list",
            make: () => staffGet(`/cases?queue=${q}`),
          }),
        ),
        { key: `staff search q=${WORD}`, kind: "search", make: () => staffGet(`/cases?q=${WORD}`) },
        { key: COUNTS, kind: "list", make: () => staffGet("/cases/counts") },
        {
          key: "customer get case",
          kind: "get",
          make: () => {
            const c = nextCustomer();
            return get(`/cases/${customerCases.get(c)!()}`, c.headers);
          },
        },
        { key: "customer list", kind: "list", make: () => get("/cases", nextCustomer().headers) },
        {
          key: "staff reply",
          kind: "reply",
          make: () =>
            post(
              `/cases/${t.ids.reply[Math.floor(Math.random() * t.ids.reply.length)]}/replies`,
              t.staff,
              JSON.stringify({ body: "Le compartimos el procedimiento actualizado; confirme si persiste." }),
            ),
        },
        {
          key: "staff create (phone)",
          kind: "create",
          make: () => {
            const o = nextOrganization();
            const subject = `Llamada: falla al timbrar ${created++}`;
            return post("/cases", t.staff, intakeBody(o.systemId, subject, o.contactIds[created % 2]));
          },
        },
        {
          key: "customer create (portal)",
          kind: "create",
          make: () => {
            const c = nextCustomer();
            const subject = `Portal: falla al exportar ${created++}`;
            return post("/cases", c.headers, intakeBody(c.organization.systemId, subject));
          },
        },
        { key: CEILING_AGAIN, kind: null, make: () => ({ method: "GET", path: "/", headers: {} }) },
      ];
    };
    const targets = [small, large].map((t) => ({ ...t, routes: routesOf(t) }));
    const routes = targets[1]!.routes;

    const results = new Map<number, Map<string, Sample>>([
      [FIRST, new Map()],
      [CASES, new Map()],
    ]);
    const pageRows = new Map<string, number>();
    const rss = new Map<number, number>();
    const row = (cells: string[]) =>
      log(cells.map((c, i) => (i === 0 ? c.padEnd(36) : c.padStart(WIDTHS[i - 1]!))).join("  "));
    /** One route at one size (the ceiling: the same figures for both). */
    const measureOne = async (t: (typeof targets)[number], route: Route) => {
      const ceilingRoute = route.kind === null;
      const to = ceilingRoute ? ceiling! : { base: t.base, pid: t.server.pid };
      const probe = route.make();
      const res = await fetch(`${to.base}${probe.path}`, {
        method: probe.method,
        headers: probe.headers,
        ...(probe.body ? { body: probe.body } : {}),
      });
      const text = await res.text();
      if (!res.ok) log(`  (one ${route.key} first: ${res.status} ${text.slice(0, 200)})`);
      // a page's length: a list whose queue holds more cases at the larger size answers more rows
      if (res.ok && route.kind === "list") {
        const items = (JSON.parse(text) as { items?: unknown[] }).items;
        if (items) pageRows.set(`${t.size}:${route.key}`, items.length);
      }
      const name = ceilingRoute ? route.key : `${route.key} @${label(t.size)}`;
      if (!res.ok && route.key === COUNTS) {
        results.get(t.size)!.set(route.key, null);
        row([name, "n/a"]);
        return;
      }
      const s = await loadTest({
        url: to.base,
        connections: CONNECTIONS,
        seconds: SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        make: route.make,
        pid: to.pid,
        client: t.db,
      });
      if (s.busyAfter > 1)
        log(`  (the server was busy ${s.busyAfter.toFixed(0)} s more with the requests left in flight)`);
      for (const size of ceilingRoute ? [FIRST, CASES] : [t.size]) results.get(size)!.set(route.key, s);
      const ceilingRps = results.get(t.size)!.get(CEILING)!.rps;
      row([
        name,
        s.rps.toFixed(0),
        String(s.p50),
        String(s.p99),
        String(s.errors),
        `${s.non2xx}${s.codes ? ` (${s.codes})` : ""}`,
        `${s.nodeMs.toFixed(2)} / ${s.pgMs.toFixed(2)}`,
        pct(s.otherShare * 100),
        pct((s.rps / ceilingRps) * 100),
      ]);
    };
    log("");
    row(COLUMNS);
    const isWrite = (r: Route) => r.kind === "create" || r.kind === "reply";
    // the reads at both sizes back to back, so that the host is the same for both; the writes last, at the
    // larger size only: the cases they open would otherwise stand at the head of every queue, thousands of
    // untriaged, unanswered cases registered in a minute
    for (const [i, route] of routes.entries()) {
      if (isWrite(route) || route.key === CEILING_AGAIN) continue;
      for (const t of route.kind === null ? [targets[1]!] : targets) await measureOne(t, t.routes[i]!);
    }
    rss.set(FIRST, residentBytes(small.server.pid));
    for (const route of routes)
      if (isWrite(route) || route.key === CEILING_AGAIN) await measureOne(targets[1]!, route);
    rss.set(CASES, residentBytes(large.server.pid));

    /* EXPLAIN of each read route at the larger size */
    const explainFile = path.join(ROOT, "bench/results/api-explain.txt");
    const customer = large.customers[0]!;
    const staffGet = (p: string) => get(p, large.staff);
    const summaries = await explainRoutes({
      url,
      pool: handle.pool,
      dataDir,
      smtpUrl: receiver.url,
      file: explainFile,
      calls: [
        { key: "staff get case", call: staffGet(`/cases/${large.ids.staff[0]}`) },
        { key: "staff timeline", call: staffGet(`/cases/${large.ids.staff[0]}/timeline`) },
        { key: "staff list (console)", call: staffGet("/cases") },
        ...CASE_QUEUES.map((q) => ({ key: `staff queue ${q}`, call: staffGet(`/cases?queue=${q}`) })),
        { key: `staff search q=${WORD}`, call: staffGet(`/cases?q=${WORD}`) },
        { key: COUNTS, call: staffGet("/cases/counts") },
        { key: "customer get case", call: get(`/cases/${customer.cases[0]}`, customer.headers) },
        { key: "customer list", call: get("/cases", customer.headers) },
      ],
    });

    /* what PostgreSQL alone writes: the writes' own ceiling on this machine */
    const floor = await measureWriteFloor({ url, client, seconds: SECONDS, connections: 10 });

    /* the report */
    const atFirst = results.get(FIRST)!;
    const atCases = results.get(CASES)!;
    // the ceiling is the better of its two runs (before and after the routes)
    const ceilingOf = (m: Map<string, Sample>) => Math.max(m.get(CEILING)!.rps, m.get(CEILING_AGAIN)!.rps);
    const share = (m: Map<string, Sample>, key: string) => {
      const s = m.get(key);
      return s ? (s.rps / ceilingOf(m)) * 100 : Number.NaN;
    };
    const isRead = (r: Route) => r.kind === "get" || r.kind === "list" || r.kind === "search";
    log("");
    log(
      `api-bench: ${label(FIRST)} → ${label(CASES)} cases (of ceiling: of the better of its two runs, ${ceilingOf(atFirst).toFixed(0)} and ${ceilingOf(atCases).toFixed(0)} req/s; cost = 1 / req/s; p50 / p99 in ms)`,
    );
    const both = (f: (m: Map<string, Sample>, s: NonNullable<Sample>) => string) => (key: string) =>
      [atFirst, atCases].map((m) => {
        const s = m.get(key);
        return s ? f(m, s) : "n/a";
      });
    table(
      [
        "route",
        ...[FIRST, CASES].flatMap((n) => [
          `req/s ${label(n)}`,
          `of ceiling ${label(n)}`,
          `p50 / p99 ${label(n)}`,
        ]),
        `cost ${label(CASES)} ÷ ${label(FIRST)}`,
      ],
      routes.map((r) => {
        const [a, b] = [atFirst.get(r.key), atCases.get(r.key)];
        const rps = both((_, s) => s.rps.toFixed(0))(r.key);
        const of = both((m) => pct(share(m, r.key)))(r.key);
        const p99 = both((_, s) => `${s.p50} / ${s.p99}`)(r.key);
        return [
          r.key,
          rps[0]!,
          of[0]!,
          p99[0]!,
          rps[1]!,
          of[1]!,
          p99[1]!,
          a && b && isRead(r) ? (b.rps > 0 ? `${(a.rps / b.rps).toFixed(2)}×` : "∞") : "",
        ];
      }),
    );
    for (const [size, bytes] of rss) log(`server RSS after ${label(size)}: ${(bytes / MB).toFixed(0)} MB`);
    if (floor) {
      const writes = routes.filter((r) => r.kind === "reply" || r.kind === "create");
      log(
        `PostgreSQL alone (pgbench, 10 connections, each write's rows in one prepared statement): reply ${floor.reply.toFixed(0)}/s (${pct((floor.reply / ceilingOf(atCases)) * 100)} of ceiling), create ${floor.create.toFixed(0)}/s (${pct((floor.create / ceilingOf(atCases)) * 100)})`,
      );
      log(
        `  the routes, of what PostgreSQL alone writes: ${writes.map((r) => `${r.key} ${pct(((atCases.get(r.key)?.rps ?? Number.NaN) / floor[r.kind as "reply" | "create"]) * 100)}`).join(", ")}`,
      );
    } else log("PostgreSQL alone: n/a (no pgbench installed)");
    // a write is bound by the CPU it costs: the server's and PostgreSQL's, on the cores they share
    const cores = availableParallelism();
    for (const r of routes.filter((r) => r.kind === "reply" || r.kind === "create")) {
      const s = atCases.get(r.key);
      if (!s) continue;
      const most = (cores * 1000) / (s.nodeMs + s.pgMs);
      log(
        `  ${r.key}: ${s.nodeMs.toFixed(2)} ms of the server's CPU + ${s.pgMs.toFixed(2)} ms of PostgreSQL's a request: at most ${most.toFixed(0)}/s on ${cores} cores (${pct((most / ceilingOf(atCases)) * 100)} of ceiling); measured ${s.rps.toFixed(0)}/s`,
      );
    }
    const nonOk = [...atFirst.entries(), ...atCases.entries()].filter(([, s]) => s && (s.errors || s.non2xx));
    log(
      nonOk.length
        ? `errors or non-2xx: ${nonOk.map(([k, s]) => `${k} (${s!.errors} errors; ${s!.codes || "-"})`).join("; ")}`
        : "errors or non-2xx: none",
    );
    for (const logFile of logFiles) {
      const errors = await loggedErrors(logFile);
      for (const [message, n] of errors.slice(0, 5))
        log(`  the server on ${path.basename(logFile)} logged ${n}× ${message.slice(0, 300)}`);
    }

    log("");
    log(
      `EXPLAIN (ANALYZE, BUFFERS) of each read route at ${label(CASES)} (the slowest statement's top node; in full in ${path.relative(ROOT, explainFile)}):`,
    );
    table(
      ["route", "top node", "seq scan on cases/case_events", "slowest", "its generic plan", "all statements"],
      summaries,
    );

    log("");
    const worst = new Map<Kind, { key: string; share: number }>();
    for (const r of routes) {
      const s = atCases.get(r.key);
      if (!r.kind || !s) continue;
      const of = share(atCases, r.key);
      if (!worst.has(r.kind) || of < worst.get(r.kind)!.share) worst.set(r.kind, { key: r.key, share: of });
    }
    const reads = routes.filter(isRead);
    const met = (ok: boolean) => (ok ? "met" : "MISSED");
    log(`targets at ${label(CASES)} cases:`);
    for (const kind of Object.keys(TARGETS) as Kind[]) {
      const w = worst.get(kind);
      if (w)
        log(
          `  ${kind} ≥ ${TARGETS[kind]} % of ceiling: ${met(w.share >= TARGETS[kind])} (worst ${w.key} ${pct(w.share)})`,
        );
    }
    const slowP99 = reads
      .map((r) => [r.key, atCases.get(r.key)?.p99] as const)
      .filter(([, p]) => p !== undefined && p >= TARGET_P99_MS);
    log(
      `  reads p99 < ${TARGET_P99_MS} ms: ${met(!slowP99.length)}${slowP99.length ? ` (${slowP99.map(([k, p]) => `${k} ${p} ms`).join(", ")})` : ""}`,
    );
    const rowsOf = (key: string) => {
      const [a, b] = [pageRows.get(`${FIRST}:${key}`), pageRows.get(`${CASES}:${key}`)];
      return a !== undefined && b !== undefined && a !== b ? `, a page of ${a} rows then ${b}` : "";
    };
    const grown = reads
      .map((r) => [r.key, atFirst.get(r.key), atCases.get(r.key)] as const)
      .filter(([, a, b]) => a && b && a.rps / b.rps > TARGET_GROWTH);
    log(
      `  reads' cost at ${label(CASES)} ≤ ${TARGET_GROWTH}× at ${label(FIRST)}: ${met(!grown.length)}${grown.length ? ` (${grown.map(([k, a, b]) => `${k} ${(a!.rps / b!.rps).toFixed(2)}×${rowsOf(k)}`).join(", ")})` : ""}`,
    );
    const worstOf = (kind: Kind) => pct(worst.get(kind)?.share ?? Number.NaN);
    log(
      `api-bench: get ${worstOf("get")}, list ${worstOf("list")}, search ${worstOf("search")}, create ${worstOf("create")} of ceiling at ${label(CASES)} cases`,
    );
  } finally {
    ceiling?.stop();
    for (const s of servers) await s.stop();
    for (const c of clients) await c.end().catch(() => undefined);
    await client.end().catch(() => undefined);
    await handle.close();
    if (KEEP) log(`database kept: ${url}`);
    await database.drop({ keep: KEEP });
    await receiver.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
};

await main();
