/**
 * `npm run bench:reports`: the reports (SPEC §9, issue 15) over 100,000 cases registered in the last two years
 * by 50 organizations, through HTTP, beside the naive peer measured in the same run: one query that loads every
 * case row (with the joins the report needs) into Node, and the same numbers computed in JavaScript.
 *
 * Set-up: a fresh database on the local PostgreSQL (dropped at the end, even on failure), the migrations, and
 * through the services: two products, a manager and 12 specialists, 50 organizations with three contacts each
 * (two trained and authorized), one production system each whose contract chain (Estándar or Extendido, a
 * few switching plan at renewal) starts before the period and is renewed through the services until today,
 * some renewed ahead of an end within 60 days; 20 organizations also have a test system whose contracts stop
 * being renewed somewhere in the period (renewals lost). Hour banks go through the services as well: 25
 * organizations buy 1–3 packages (80–200 hours) and consultants log entries on business days until the bank
 * refuses (beyond the balance, or expired).
 *
 * Cases are bulk-inserted (multi-row `INSERT … SELECT FROM unnest(…)`, BATCH rows a statement, ids made in
 * Node so the history rows can name them), in registration order. Each row has the columns intake writes
 * (`cases.repository.ts` insertCase: number `CAS-<UTC year>-<case_number_seq>`, organization, system,
 * contract current on the registration day, requester (an authorized contact), channel, subject,
 * description, installed version and its support status from the catalog, environment, affected share,
 * can-keep-working, checklist (all confirmed, none for email), suggested priority (`suggestPriority`, P2 for
 * email), proposed priority, registered_at, the response clock of the contract's plan for the priority —
 * sla_calendar_id, sla_target_minutes, response_due_at and sla_explanation from the domain's
 * `explainAddBusinessTime` on the compiled calendars, as `computeResponseSla` does — and updated_at), then
 * the columns the later steps write, as the services write them: triage (priority, triaged_at, status open,
 * response clock recomputed for the final priority, assignee), the first public staff reply (response_met_at
 * and response_business_seconds = round(businessTimeBetween(calendar, registered_at, reply)), as
 * cases.service `reply` does), waiting on the customer (paused_since, pauses), resolved (resolved_at =
 * resolution_met_at), closed (closed_at), the version one more per versioned write, and escalation
 * (case_escalations rows at levels 0–2 whose due time — `computeEscalationSchedule` with the default plan —
 * came before the reply, the resolution or now, with their `warned`/`escalated` history rows and
 * cases.escalation_level / escalated_at, as `recordFiring` does; running unanswered cases get the timer of
 * their next step, as `startTimers` leaves it). Each case's history (`case_events`) has what those steps
 * append: created, priority_changed + status_changed + assignee_changed at triage, reply + response_met,
 * status changes, the firings. Not written: notifications, outbox mail and audit entries of those steps
 * (reports do not read them). Timelines: registrations mostly on weekdays in office hours (Mexico City),
 * slowly growing over the two years, skewed across organizations; priorities P1 5 %, P2 20 %, P3 45 %, P4 30 %
 * (15 % changed at triage); first replies a lognormal share of the target (median 30 %: about 9 % late),
 * 2.5 % never answered; resolution a lognormal number of days later, 2 % never; 75 % closed within 15 days;
 * anything that would happen after now has not happened (recent cases are open). Then ANALYZE.
 *
 * Measured, for each report (compliance, response-times, backlog, escalations, hour-banks, contracts) and
 * three filter sets (the last year; the two years; the two years of the organization with the most cases):
 *  - HTTP: a real `soporte serve` process (its own event loop and pool, LOG_LEVEL=warn), a manager signed in
 *    by cookie; RUNS requests one at a time after WARMUP: p50 / p99;
 *  - the naive peer: one query loading every case row (cases ⋈ organizations ⋈ systems ⋈ contracts; for
 *    escalations also ⟕ case_escalations; hour banks: every package and entry; contracts: every contract) by
 *    `pg` in this process, then the report computed in JavaScript with the domain's helpers (business days for
 *    the backlog's ages); NAIVE_RUNS times per filter set: p50 / p99. Its numbers are compared with the
 *    route's for every filter set (a difference is printed and fails the run).
 *  - CSV: `GET /api/v1/cases/export.csv` (every case) and one report's CSV, streamed through the server
 *    process and counted as it arrives; the server's resident memory (VmRSS of /proc/<pid>/status) is
 *    sampled every 50 ms: growth over the level before the download.
 * Targets: every report ≥ 10× the naive peer at p50, every route p99 < 300 ms, the 100k-row CSV with the
 * server's RSS growing < 50 MB.
 * Uses the PostgreSQL at BENCH_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres, else an embedded
 * one. Scale with REPORTS_BENCH_CASES (default 100000), REPORTS_BENCH_RUNS (30), REPORTS_BENCH_NAIVE_RUNS (5);
 * REPORTS_BENCH_KEEP=1 keeps the database to EXPLAIN in; REPORTS_BENCH_GENERATE_ONLY=1 stops after the data
 * and the naive peer alone (with REPORTS_BENCH_NAIVE_RUNS=0, after the data).
 * Last line: `reports-bench: compliance R1×, response-times R2×, backlog R3×, escalations R4×, hour-banks R5×,
 * contracts R6× the naive peer; worst p99 X ms; CSV 100k rows RSS +Y MB` (each ratio the smallest over the
 * filter sets).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { Temporal } from "temporal-polyfill";
import {
  BACKLOG_AGE_BUCKETS,
  REPORT_NAMES,
  RESPONSE_TIME_BUCKETS,
  type ReportName,
} from "../src/api/reports";
import { addDays } from "../src/domain/contracts/local-date";
import { isBusinessDay } from "../src/domain/sla/business-days";
import type { BusinessCalendar } from "../src/domain/sla/compiled-calendar";
import { PRIORITIES, type Priority } from "../src/domain/sla/sla-clock";
import type { Actor } from "../src/server/platform/actor";
import { loadConfig } from "../src/server/platform/config";
import { openDatabase } from "../src/server/platform/db";
import { migrate } from "../src/server/platform/migrate";
import { createServices, type Services } from "../src/server/services";
import {
  ACTIONS,
  benchDatabase,
  capitalize,
  createRandom,
  type DeskOrganization,
  HOUR_MS,
  insertCases,
  iso,
  isWeekend,
  log,
  MB,
  makeCase,
  ms,
  mxDate,
  mxStart,
  OBJECTS,
  percentile,
  placeholderWebDir,
  RUNNING_STATUSES as RUNNING,
  registrationInstants,
  residentBytes,
  type Staff,
  setUpDesk,
  startMailSink,
  startServer,
  table,
} from "./support";

const CASES = Number(process.env.REPORTS_BENCH_CASES ?? 100_000);
const RUNS = Number(process.env.REPORTS_BENCH_RUNS ?? 30);
const NAIVE_RUNS = Number(process.env.REPORTS_BENCH_NAIVE_RUNS ?? 5);
const WARMUP = 3;
const ORGANIZATIONS = 50;
const SPECIALISTS = 12;
const BATCH = 2_000;
const SEED = 20_261_206;
const PASSWORD = "correct horse battery staple";
const TARGET_RATIO = 10;
const TARGET_P99_MS = 300;
const TARGET_RSS_MB = 50;

const rng = createRandom(SEED);
const { chance, int, uniform, pick } = rng;

const monthsOf = (from: string, to: string) => {
  const months: string[] = [];
  let month = Temporal.PlainYearMonth.from(from.slice(0, 7));
  const last = Temporal.PlainYearMonth.from(to.slice(0, 7));
  while (Temporal.PlainYearMonth.compare(month, last) <= 0) {
    months.push(month.toString());
    month = month.add({ months: 1 });
  }
  return months;
};

/* ---------- hour banks through the services ---------- */

const HOUR_CHOICES = [80, 100, 120, 160, 200] as const;
const ENTRY_HOURS = [1, 2, 2.5, 4, 4, 6, 8] as const;
const ENTRY_KINDS = ["installation", "migration", "upgrade", "tuning", "other"] as const;

const loadHourBanks = async (
  services: Services,
  setClock: (at: number) => void,
  ctx: { today: string; managerActor: Actor; organizations: DeskOrganization[]; specialists: Staff[] },
) => {
  let packages = 0;
  let entries = 0;
  let refused = 0;
  for (const [i, organization] of ctx.organizations.entries()) {
    if (i % 2 === 1) continue;
    const bought: { purchasedOn: string; hours: number }[] = [];
    let day = addDays(ctx.today, -int(150, 700));
    for (let k = int(1, 3); k > 0 && day <= addDays(ctx.today, -5); k -= 1) {
      const hours = pick(HOUR_CHOICES);
      setClock(mxStart(day) + 12 * HOUR_MS);
      // a purchase between two contracts (a renewal starts on the next business day) is refused: a day later
      for (let attempt = 0; attempt < 5; attempt += 1) {
        try {
          await services.hourBanks.sellPackage(ctx.managerActor, {
            organizationId: organization.id,
            hours,
            purchasedOn: day,
            purchaseOrder: `OC-HB-${int(1000, 9999)}`,
            priceCents: hours * 9_500 * 100,
            currency: "USD",
          });
          bought.push({ purchasedOn: day, hours });
          packages += 1;
          break;
        } catch {
          day = addDays(day, 1);
        }
      }
      day = addDays(day, int(120, 300));
    }
    if (!bought.length) continue;
    // consultants' entries on business days: each bank used from 40 % to beyond its hours in its year
    const rate = uniform(0.4, 1.1);
    const totalHours = bought.reduce((sum, b) => sum + b.hours, 0);
    const perDay = (rate * totalHours) / (bought.length * 250 * 4.1);
    for (let d = bought[0]!.purchasedOn; d <= ctx.today; d = addDays(d, 1)) {
      if (isWeekend(d) || !chance(perDay)) continue;
      const hours = pick(ENTRY_HOURS);
      setClock(Math.min(Date.now(), mxStart(d) + 18 * HOUR_MS));
      const caseId =
        chance(0.3) && organization.sampleCaseIds.length ? pick(organization.sampleCaseIds) : null;
      try {
        await services.hourBanks.logEntry(ctx.managerActor, {
          organizationId: organization.id,
          workedOn: d,
          hours,
          kind: pick(ENTRY_KINDS),
          description: `${capitalize(pick(ACTIONS))} ${pick(OBJECTS)}`,
          caseId,
          consultantId: pick(ctx.specialists).id,
        });
        entries += 1;
      } catch {
        refused += 1; // beyond the balance or no valid package: the consultant stops logging
      }
    }
  }
  return { packages, entries, refused };
};

/* ---------- the naive peer: every row into Node, the report in JavaScript ---------- */

type Query = {
  from: string;
  to: string;
  organizationId?: string;
  productId?: string;
  planId?: string;
  priority?: Priority;
  channel?: string;
  specialistId?: string;
};
type CaseFact = {
  id: string;
  number: string;
  subject: string;
  organization_id: string;
  organization_name: string;
  product_id: string;
  plan_id: string;
  priority: Priority;
  channel: string;
  assignee_id: string | null;
  status: string;
  registered_at: Date;
  response_due_at: Date;
  response_met_at: Date | null;
  response_business_seconds: number | null;
  sla_calendar_id: string;
};
type Counts = { met: number; breached: number; openOnTime: number; openBreached: number; total: number };

const CASE_FACTS = (withBusinessSeconds: boolean) => `
  SELECT c.id, c.number, c.subject, c.organization_id, o.name AS organization_name, s.product_id, k.plan_id,
         c.priority, c.channel, c.assignee_id, c.status, c.registered_at, c.response_due_at, c.response_met_at,
         ${withBusinessSeconds ? "c.response_business_seconds" : "NULL::int AS response_business_seconds"},
         c.sla_calendar_id
  FROM cases c
  JOIN organizations o ON o.id = c.organization_id
  JOIN customer_systems s ON s.id = c.system_id
  JOIN contracts k ON k.id = c.contract_id`;

/** The filters, in JavaScript; the period by registration (local dates in Mexico City, both ends in). */
const keep = (r: CaseFact, q: Query, period: boolean) => {
  if (r.status === "held") return false;
  if (period) {
    const t = r.registered_at.getTime();
    if (t < mxStart(q.from) || t >= mxStart(addDays(q.to, 1))) return false;
  }
  return (
    (!q.organizationId || r.organization_id === q.organizationId) &&
    (!q.productId || r.product_id === q.productId) &&
    (!q.planId || r.plan_id === q.planId) &&
    (!q.priority || r.priority === q.priority) &&
    (!q.channel || r.channel === q.channel) &&
    (!q.specialistId || r.assignee_id === q.specialistId)
  );
};

/** percentile_cont: linear interpolation between the two closest ranks. */
const percentileCont = (sorted: number[], p: number) => {
  if (!sorted.length) return null;
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
};

const zeroCounts = (): Counts => ({ met: 0, breached: 0, openOnTime: 0, openBreached: 0, total: 0 });
const withRate = (c: Counts) => {
  const decided = c.met + c.breached + c.openBreached;
  return { ...c, rate: decided ? c.met / decided : null };
};

const naiveCompliance = (rows: CaseFact[], q: Query, now: number) => {
  const total = zeroCounts();
  const byPriority = new Map<string, Counts>();
  const byOrganization = new Map<string, Counts & { name: string }>();
  const byMonth = new Map<string, Counts>();
  for (const r of rows) {
    if (!keep(r, q, true)) continue;
    const met = r.response_met_at;
    const due = r.response_due_at.getTime();
    const outcome: keyof Counts | null = met
      ? met.getTime() <= due
        ? "met"
        : "breached"
      : r.status === "resolved" || r.status === "closed"
        ? "breached"
        : RUNNING.includes(r.status)
          ? due >= now
            ? "openOnTime"
            : "openBreached"
          : null;
    const month = mxDate(r.registered_at.getTime()).slice(0, 7);
    const organization =
      byOrganization.get(r.organization_id) ??
      byOrganization
        .set(r.organization_id, { ...zeroCounts(), name: r.organization_name })
        .get(r.organization_id)!;
    const priority = byPriority.get(r.priority) ?? byPriority.set(r.priority, zeroCounts()).get(r.priority)!;
    const key = `${month}|${r.priority}`;
    const monthly = byMonth.get(key) ?? byMonth.set(key, zeroCounts()).get(key)!;
    for (const c of [total, organization, priority, monthly]) {
      c.total += 1;
      if (outcome) c[outcome] += 1;
    }
  }
  const counts = ({ met, breached, openOnTime, openBreached, total: n }: Counts) =>
    withRate({ met, breached, openOnTime, openBreached, total: n });
  return {
    from: q.from,
    to: q.to,
    total: counts(total),
    byPriority: PRIORITIES.map((priority) => ({
      priority,
      ...counts(byPriority.get(priority) ?? zeroCounts()),
    })),
    byOrganization: [...byOrganization.entries()].map(([organizationId, c]) => ({
      organizationId,
      organizationName: c.name,
      ...counts(c),
    })),
    byMonth: monthsOf(q.from, q.to).flatMap((month) =>
      PRIORITIES.map((priority) => ({
        month,
        priority,
        ...counts(byMonth.get(`${month}|${priority}`) ?? zeroCounts()),
      })),
    ),
  };
};

const naiveResponseTimes = (rows: CaseFact[], q: Query) => {
  const all: number[] = [];
  const byPriority = new Map<string, number[]>();
  const byMonth = new Map<string, number[]>();
  for (const r of rows) {
    if (r.response_business_seconds === null || !keep(r, q, true)) continue;
    const s = r.response_business_seconds;
    all.push(s);
    (byPriority.get(r.priority) ?? byPriority.set(r.priority, []).get(r.priority)!).push(s);
    const month = mxDate(r.registered_at.getTime()).slice(0, 7);
    (byMonth.get(month) ?? byMonth.set(month, []).get(month)!).push(s);
  }
  const stats = (values: number[] = []) => {
    const sorted = [...values].sort((a, b) => a - b);
    return {
      count: sorted.length,
      medianSeconds: percentileCont(sorted, 0.5),
      p90Seconds: percentileCont(sorted, 0.9),
      maxSeconds: sorted.length ? sorted.at(-1)! : null,
    };
  };
  let lower = 0;
  const distribution = RESPONSE_TIME_BUCKETS.map((bucket) => {
    const from = lower;
    const to = bucket.maxHours === null ? Number.POSITIVE_INFINITY : bucket.maxHours * 3600;
    lower = bucket.maxHours === null ? lower : to;
    return { bucket: bucket.key, count: all.filter((s) => s >= from && s < to).length };
  });
  return {
    from: q.from,
    to: q.to,
    total: stats(all),
    byPriority: PRIORITIES.map((priority) => ({ priority, ...stats(byPriority.get(priority)) })),
    byMonth: monthsOf(q.from, q.to).map((month) => ({ month, ...stats(byMonth.get(month)) })),
    distribution,
  };
};

/** Business days of each calendar from a year before the oldest date to today, counted once per run. */
const businessDayIndex = (calendars: Map<string, BusinessCalendar>, oldest: string, today: string) => {
  const dates: string[] = [];
  for (let d = oldest; d <= today; d = addDays(d, 1)) dates.push(d);
  const index = new Map(dates.map((d, i) => [d, i]));
  const cumulative = new Map<string, number[]>();
  for (const [id, calendar] of calendars) {
    let count = 0;
    cumulative.set(
      id,
      dates.map((d) => {
        if (isBusinessDay(calendar, d)) count += 1;
        return count;
      }),
    );
  }
  /** Business days after `date` up to today, on the calendar. */
  return (calendarId: string, date: string) => {
    const c = cumulative.get(calendarId)!;
    return c.at(-1)! - c[index.get(date)!]!;
  };
};

const OLDEST_LISTED = 20;
const ESCALATED_LISTED = 50;

const naiveBacklog = (rows: CaseFact[], q: Query, calendars: Map<string, BusinessCalendar>, now: number) => {
  const open = rows.filter((r) => RUNNING.includes(r.status) && keep(r, q, false));
  const today = mxDate(now);
  const oldest = open.reduce((min, r) => Math.min(min, r.registered_at.getTime()), now);
  const ageOf = businessDayIndex(calendars, mxDate(oldest), today);
  const byStatus = new Map<string, number>();
  const byAge = new Map<string, number>();
  const aged = open.map((r) => {
    const age = ageOf(r.sla_calendar_id, mxDate(r.registered_at.getTime()));
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    const bucket = BACKLOG_AGE_BUCKETS.find((b) => age >= b.min && (b.max === null || age <= b.max))!.key;
    byAge.set(bucket, (byAge.get(bucket) ?? 0) + 1);
    return { r, age };
  });
  aged.sort(
    (a, b) =>
      a.r.registered_at.getTime() - b.r.registered_at.getTime() ||
      (a.r.id < b.r.id ? -1 : a.r.id > b.r.id ? 1 : 0),
  );
  return {
    at: iso(now),
    total: open.length,
    byStatus: RUNNING.map((status) => ({ status, count: byStatus.get(status) ?? 0 })),
    byAge: BACKLOG_AGE_BUCKETS.map((b) => ({ bucket: b.key, count: byAge.get(b.key) ?? 0 })),
    oldest: aged.slice(0, OLDEST_LISTED).map(({ r, age }) => ({
      id: r.id,
      number: r.number,
      subject: r.subject,
      organizationName: r.organization_name,
      status: r.status,
      priority: r.priority,
      registeredAt: iso(r.registered_at.getTime()),
      ageBusinessDays: age,
    })),
  };
};

type EscalationFact = CaseFact & { level: number | null; fired_at: Date | null };

const naiveEscalations = (rows: EscalationFact[], q: Query) => {
  const from = mxStart(q.from);
  const to = mxStart(addDays(q.to, 1));
  const byLevel = new Map<number, number>();
  const byOrganization = new Map<string, { name: string; count: number }>();
  const byMonth = new Map<string, number>();
  const cases = new Map<string, { r: EscalationFact; highestLevel: number; lastFiredAt: number }>();
  let total = 0;
  for (const r of rows) {
    if (r.level === null || !r.fired_at || !keep(r, q, false)) continue;
    const firedAt = r.fired_at.getTime();
    if (firedAt < from || firedAt >= to) continue;
    total += 1;
    byLevel.set(r.level, (byLevel.get(r.level) ?? 0) + 1);
    const organization =
      byOrganization.get(r.organization_id) ??
      byOrganization.set(r.organization_id, { name: r.organization_name, count: 0 }).get(r.organization_id)!;
    organization.count += 1;
    const key = `${mxDate(firedAt).slice(0, 7)}|${r.level}`;
    byMonth.set(key, (byMonth.get(key) ?? 0) + 1);
    const c = cases.get(r.id);
    if (!c) cases.set(r.id, { r, highestLevel: r.level, lastFiredAt: firedAt });
    else {
      c.highestLevel = Math.max(c.highestLevel, r.level);
      c.lastFiredAt = Math.max(c.lastFiredAt, firedAt);
    }
  }
  const listed = [...cases.values()]
    .sort((a, b) => b.highestLevel - a.highestLevel || b.lastFiredAt - a.lastFiredAt)
    .slice(0, ESCALATED_LISTED);
  return {
    from: q.from,
    to: q.to,
    total,
    byLevel: [...byLevel.entries()].map(([level, count]) => ({ level, count })),
    byOrganization: [...byOrganization.entries()].map(([organizationId, o]) => ({
      organizationId,
      organizationName: o.name,
      count: o.count,
    })),
    byMonth: [...byMonth.entries()].map(([key, count]) => ({
      month: key.split("|")[0]!,
      level: Number(key.split("|")[1]),
      count,
    })),
    cases: listed.map(({ r, highestLevel, lastFiredAt }) => ({
      id: r.id,
      number: r.number,
      subject: r.subject,
      organizationName: r.organization_name,
      priority: r.priority,
      highestLevel,
      lastFiredAt: iso(lastFiredAt),
    })),
  };
};

type HourFact = {
  kind: "package" | "entry";
  organization_id: string;
  quarters: number;
  used_quarters: number | null;
  purchased_on: string | null;
  expires_on: string | null;
  worked_on: string | null;
};

const naiveHourBanks = (rows: HourFact[], q: Query, today: string) => {
  const months = new Map<string, { soldHours: number; usedHours: number; expiredUnusedHours: number }>();
  const monthOf = (date: string) => {
    const month = date.slice(0, 7);
    return (
      months.get(month) ??
      months.set(month, { soldHours: 0, usedHours: 0, expiredUnusedHours: 0 }).get(month)!
    );
  };
  const total = { soldHours: 0, usedHours: 0, expiredUnusedHours: 0 };
  const inPeriod = (date: string | null): date is string => date !== null && date >= q.from && date <= q.to;
  for (const r of rows) {
    if (q.organizationId && r.organization_id !== q.organizationId) continue;
    if (r.kind === "package") {
      if (inPeriod(r.purchased_on)) {
        monthOf(r.purchased_on).soldHours += r.quarters / 4;
        total.soldHours += r.quarters / 4;
      }
      if (inPeriod(r.expires_on) && r.expires_on < today) {
        const left = Math.max(r.quarters - (r.used_quarters ?? 0), 0) / 4;
        monthOf(r.expires_on).expiredUnusedHours += left;
        total.expiredUnusedHours += left;
      }
    } else if (inPeriod(r.worked_on)) {
      monthOf(r.worked_on).usedHours += r.quarters / 4;
      total.usedHours += r.quarters / 4;
    }
  }
  return {
    from: q.from,
    to: q.to,
    ...total,
    byMonth: monthsOf(q.from, q.to).map((month) => ({
      month,
      ...(months.get(month) ?? { soldHours: 0, usedHours: 0, expiredUnusedHours: 0 }),
    })),
  };
};

type ContractFact = {
  id: string;
  number: string;
  organization_id: string;
  organization_name: string;
  system_name: string;
  product_id: string;
  plan_id: string;
  plan_name: string;
  start_date: string;
  end_date: string;
  previous_contract_id: string | null;
};

const naiveContracts = (rows: ContractFact[], q: Query, today: string) => {
  const renewed = new Set(rows.map((r) => r.previous_contract_id).filter((id) => id !== null));
  const kept = rows.filter(
    (r) =>
      (!q.organizationId || r.organization_id === q.organizationId) &&
      (!q.planId || r.plan_id === q.planId) &&
      (!q.productId || r.product_id === q.productId),
  );
  const current = kept.filter((r) => r.start_date <= today && r.end_date >= today);
  const within = (days: number) => current.filter((r) => r.end_date <= addDays(today, days));
  const months = new Map<string, { won: number; lost: number }>();
  for (const r of kept) {
    if (r.end_date < q.from || r.end_date > q.to) continue;
    const month = r.end_date.slice(0, 7);
    const m = months.get(month) ?? months.set(month, { won: 0, lost: 0 }).get(month)!;
    if (renewed.has(r.id)) m.won += 1;
    else if (r.end_date < today) m.lost += 1;
  }
  return {
    from: q.from,
    to: q.to,
    ending: ([30, 60, 90] as const).map((withinDays) => ({ withinDays, count: within(withinDays).length })),
    endingContracts: within(90)
      .sort((a, b) =>
        a.end_date < b.end_date ? -1 : a.end_date > b.end_date ? 1 : a.number < b.number ? -1 : 1,
      )
      .map((r) => ({
        id: r.id,
        number: r.number,
        organizationName: r.organization_name,
        systemName: r.system_name,
        planName: r.plan_name,
        endDate: r.end_date,
        renewed: renewed.has(r.id),
      })),
    renewalsByMonth: monthsOf(q.from, q.to).map((month) => ({
      month,
      ...(months.get(month) ?? { won: 0, lost: 0 }),
    })),
  };
};

/** One run of the peer: one query, every row into Node, then the report. */
const naivePeer = (
  client: pg.Client,
  options: { calendars: Map<string, BusinessCalendar>; withBusinessSeconds: boolean },
) => {
  const load = async <T>(text: string) => (await client.query(text)).rows as T[];
  return async (report: ReportName, q: Query): Promise<unknown> => {
    const now = Date.now();
    const today = mxDate(now);
    switch (report) {
      case "compliance":
        return naiveCompliance(await load<CaseFact>(CASE_FACTS(options.withBusinessSeconds)), q, now);
      case "response-times":
        return naiveResponseTimes(await load<CaseFact>(CASE_FACTS(options.withBusinessSeconds)), q);
      case "backlog":
        return naiveBacklog(
          await load<CaseFact>(CASE_FACTS(options.withBusinessSeconds)),
          q,
          options.calendars,
          now,
        );
      case "escalations":
        return naiveEscalations(
          await load<EscalationFact>(
            `SELECT f.*, e.level, e.fired_at FROM (${CASE_FACTS(options.withBusinessSeconds)}) f
             LEFT JOIN case_escalations e ON e.case_id = f.id`,
          ),
          q,
        );
      case "hour-banks":
        return naiveHourBanks(
          await load<HourFact>(
            `SELECT 'package' AS kind, organization_id, quarters, used_quarters, purchased_on::text, expires_on::text,
                    NULL AS worked_on FROM hour_bank_packages
             UNION ALL
             SELECT 'entry', organization_id, quarters, NULL, NULL, NULL, worked_on::text FROM hour_bank_entries`,
          ),
          q,
          today,
        );
      case "contracts":
        return naiveContracts(
          await load<ContractFact>(
            `SELECT k.id, k.number, k.organization_id, o.name AS organization_name, s.name AS system_name,
                    s.product_id, k.plan_id, k.plan_settings ->> 'name' AS plan_name, k.start_date::text,
                    k.end_date::text, k.previous_contract_id
             FROM contracts k JOIN organizations o ON o.id = k.organization_id
             JOIN customer_systems s ON s.id = k.system_id`,
          ),
          q,
          today,
        );
    }
  };
};

/* ---------- comparing the route's numbers with the peer's ---------- */

const IDENTITY = ["priority", "organizationId", "month", "level", "bucket", "status", "id", "withinDays"];
const identityOf = (value: unknown) =>
  value && typeof value === "object"
    ? IDENTITY.map((k) => String((value as Record<string, unknown>)[k] ?? "")).join("|")
    : String(value);

/** Paths where two answers differ (arrays compared by their items' identity, numbers to 1e-9). */
const differences = (a: unknown, b: unknown, at = "", out: string[] = []): string[] => {
  if (out.length >= 8) return out;
  if (typeof a === "number" && typeof b === "number") {
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)))
      out.push(`${at}: route ${a}, peer ${b}`);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const left = new Map(a.map((x) => [identityOf(x), x]));
    const right = new Map(b.map((x) => [identityOf(x), x]));
    if (a.length !== b.length) out.push(`${at}: route ${a.length} items, peer ${b.length}`);
    for (const [key, value] of left) {
      if (!right.has(key)) {
        out.push(`${at}[${key}]: only in the route`);
        continue;
      }
      differences(value, right.get(key), `${at}[${key}]`, out);
    }
    for (const key of right.keys()) if (!left.has(key)) out.push(`${at}[${key}]: only in the peer`);
    return out;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys)
      differences(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${at}.${key}`,
        out,
      );
    return out;
  }
  if (a !== b) out.push(`${at}: route ${JSON.stringify(a)}, peer ${JSON.stringify(b)}`);
  return out;
};

/* ---------- measuring ---------- */

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
};
const queryString = (q: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined)).toString();

/** Streams a CSV, counting its lines as they arrive, while the server's RSS is sampled every 50 ms. */
const streamCsv = async (url: string, headers: Record<string, string>, pid: number) => {
  const before = residentBytes(pid);
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, residentBytes(pid));
  }, 50);
  const started = performance.now();
  try {
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${(await res.text()).slice(0, 300)}`);
    let bytes = 0;
    let lines = 0;
    let first: Uint8Array | null = null;
    let last = 10;
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      first ??= value.slice(0, 200);
      bytes += value.length;
      for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) lines += 1;
      last = value[value.length - 1]!;
    }
    if (last !== 10) lines += 1;
    const seconds = (performance.now() - started) / 1000;
    peak = Math.max(peak, residentBytes(pid));
    return {
      contentType: res.headers.get("content-type") ?? "",
      bytes,
      rows: lines - 1, // the header
      seconds,
      before,
      peak,
      after: residentBytes(pid),
      head: new TextDecoder().decode(first ?? new Uint8Array()).split("\n")[0]!,
    };
  } finally {
    clearInterval(timer);
  }
};

/* ---------- the run ---------- */

const main = async () => {
  const database = await benchDatabase("soporte_reports_bench");
  const databaseUrl = database.url;
  const dataDir = await mkdtemp(path.join(tmpdir(), "soporte-reports-bench-"));
  const receiver = await startMailSink();
  const handle = openDatabase(databaseUrl, { max: 4 });
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "reports-bench peer" });
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    await migrate(databaseUrl);
    await client.connect();
    const db = handle.db;
    let clockAt = Date.now();
    const setClock = (value: number) => {
      clockAt = value;
    };
    const services = createServices({
      config: loadConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SMTP_URL: receiver.url }),
      db,
      clock: { now: () => new Date(clockAt) },
    });
    const withBusinessSeconds =
      (
        await client.query(
          `SELECT 1 FROM information_schema.columns WHERE table_name = 'cases' AND column_name = 'response_business_seconds'`,
        )
      ).rowCount === 1;
    if (!withBusinessSeconds)
      log(
        "TODO: cases.response_business_seconds is not in the schema yet: left empty, response times not compared",
      );

    /* the data */
    const now = Math.floor(Date.now() / 1000) * 1000;
    const today = mxDate(now);
    let phase = performance.now();
    const setup = await setUpDesk(services, db, setClock, today, rng, {
      label: "reports-bench",
      organizations: ORGANIZATIONS,
      specialists: SPECIALISTS,
      password: PASSWORD,
    });
    const setupSeconds = (performance.now() - phase) / 1000;
    log(
      `set-up through the services: ${ORGANIZATIONS} organizations, ${setup.contractsMade} contracts, ${SPECIALISTS + 1} staff in ${setupSeconds.toFixed(1)} s`,
    );
    const calendarSet = await services.calendars.load(db);
    const calendars = new Map(calendarSet.entries().map((e) => [e.id, e.compiled]));
    const cumulative: number[] = [];
    for (const o of setup.organizations) cumulative.push((cumulative.at(-1) ?? 0) + o.weight);
    cumulative[cumulative.length - 1] = 1;

    phase = performance.now();
    const instants = registrationInstants(rng, now, CASES);
    let events = 0;
    let firings = 0;
    let makeMs = 0;
    const perOrganization = new Map<string, number>();
    const statuses = new Map<string, number>();
    let pending: Promise<unknown> = Promise.resolve();
    for (let done = 0; done < instants.length; done += BATCH) {
      const made = performance.now();
      const rows = instants.slice(done, done + BATCH).map((t) =>
        makeCase(rng, t, {
          now,
          organizations: setup.organizations,
          cumulative,
          specialists: setup.specialists,
          calendars,
        }),
      );
      makeMs += performance.now() - made;
      for (const r of rows) {
        perOrganization.set(r.organizationId, (perOrganization.get(r.organizationId) ?? 0) + 1);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
      await pending;
      pending = insertCases(client, rows, { withBusinessSeconds }).then((n) => {
        events += n.events;
        firings += n.firings;
      });
    }
    await pending;
    const casesSeconds = (performance.now() - phase) / 1000;
    log(
      `cases: ${instants.length.toLocaleString("en-US")} with ${events.toLocaleString("en-US")} history rows and ${firings.toLocaleString("en-US")} escalation firings in ${casesSeconds.toFixed(1)} s (timelines made in ${(makeMs / 1000).toFixed(1)} s of it); statuses ${[...statuses.entries()].map(([s, n]) => `${s} ${n}`).join(", ")}`,
    );
    phase = performance.now();
    const banks = await loadHourBanks(services, setClock, {
      today,
      managerActor: setup.managerActor,
      organizations: setup.organizations,
      specialists: setup.specialists,
    });
    const banksSeconds = (performance.now() - phase) / 1000;
    log(
      `hour banks through the services: ${banks.packages} packages, ${banks.entries} entries (${banks.refused} refused) in ${banksSeconds.toFixed(1)} s`,
    );
    phase = performance.now();
    await client.query("VACUUM (ANALYZE)");
    log(`VACUUM (ANALYZE) in ${((performance.now() - phase) / 1000).toFixed(1)} s`);
    const facts = (
      await client.query<{ priority: string; n: string; late: string; never: string }>(
        `SELECT priority, count(*) AS n, count(*) FILTER (WHERE response_met_at > response_due_at) AS late,
                count(*) FILTER (WHERE response_met_at IS NULL) AS never
         FROM cases GROUP BY priority ORDER BY priority`,
      )
    ).rows;
    log(
      `  priorities: ${facts.map((f) => `${f.priority} ${((Number(f.n) / instants.length) * 100).toFixed(1)} % (${((Number(f.late) / Number(f.n)) * 100).toFixed(1)} % answered late, ${((Number(f.never) / Number(f.n)) * 100).toFixed(1)} % unanswered)`).join("; ")}`,
    );

    /* the filter sets: the last year, the two years, the two years of the organization with most cases */
    const biggest = setup.organizations.reduce((a, b) =>
      (perOrganization.get(a.id) ?? 0) >= (perOrganization.get(b.id) ?? 0) ? a : b,
    );
    const variants: { label: string; query: Query }[] = [
      { label: "1 year", query: { from: addDays(today, -365), to: today } },
      { label: "2 years", query: { from: addDays(today, -730), to: today } },
      {
        label: `2 years, 1 org (${perOrganization.get(biggest.id)} cases)`,
        query: { from: addDays(today, -730), to: today, organizationId: biggest.id },
      },
    ];

    const peer = naivePeer(client, { calendars, withBusinessSeconds });
    const naiveTimes = new Map<string, number[]>();
    const naiveAnswers = new Map<string, unknown>();
    const runPeer = async (report: ReportName, variant: (typeof variants)[number]) => {
      const key = `${report}|${variant.label}`;
      await peer(report, variant.query); // the rows in the cache
      const times: number[] = [];
      for (let i = 0; i < NAIVE_RUNS; i += 1) {
        const started = performance.now();
        naiveAnswers.set(key, await peer(report, variant.query));
        times.push(performance.now() - started);
      }
      naiveTimes.set(key, times);
    };

    if (process.env.REPORTS_BENCH_GENERATE_ONLY) {
      if (NAIVE_RUNS < 1) return;
      for (const report of REPORT_NAMES) for (const variant of variants) await runPeer(report, variant);
      log("");
      log(`the naive peer alone (${NAIVE_RUNS} runs each), ms p50 / p99:`);
      for (const report of REPORT_NAMES)
        for (const variant of variants) {
          const s = stats(naiveTimes.get(`${report}|${variant.label}`)!);
          log(`  ${report.padEnd(15)} ${variant.label.padEnd(30)} ${ms(s.p50)} / ${ms(s.p99)}`);
        }
      const sample = naiveAnswers.get("compliance|1 year") as { total: unknown };
      log(`  compliance, last year, in total: ${JSON.stringify(sample.total)}`);
      return;
    }

    /* the HTTP server, and the manager signed in */
    const started = await startServer({
      env: {
        DATABASE_URL: databaseUrl,
        SMTP_URL: receiver.url,
        DATA_DIR: dataDir,
        WEB_DIR: placeholderWebDir(dataDir),
      },
      logFile: path.join(dataDir, "server.log"),
    });
    server = started;
    const base = `http://127.0.0.1:${started.port}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "gerente@reports-bench.example", password: PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith("soporte_session="))!
      .split(";")[0]!;
    const headers = { cookie };

    const probe = await fetch(`${base}/api/v1/reports/compliance?${queryString(variants[0]!.query)}`, {
      headers,
    });
    if (probe.status === 404) {
      log("");
      log(`the report routes are not there yet (${probe.status} ${(await probe.text()).slice(0, 200)})`);
      process.exitCode = 1;
      return;
    }

    const routeTimes = new Map<string, number[]>();
    const mismatches: string[] = [];
    for (const report of REPORT_NAMES) {
      for (const variant of variants) {
        const key = `${report}|${variant.label}`;
        const url = `${base}/api/v1/reports/${report}?${queryString(variant.query)}`;
        const get = async () => {
          const res = await fetch(url, { headers });
          const text = await res.text();
          if (res.status !== 200)
            throw new Error(`${report} ${variant.label}: ${res.status} ${text.slice(0, 300)}`);
          return text;
        };
        for (let i = 0; i < WARMUP; i += 1) await get();
        const times: number[] = [];
        let answer = "";
        for (let i = 0; i < RUNS; i += 1) {
          const t = performance.now();
          answer = await get();
          times.push(performance.now() - t);
        }
        routeTimes.set(key, times);
        // the peer right after, so that both read the same rows (escalations may fire in between)
        await runPeer(report, variant);
        const route = JSON.parse(answer) as Record<string, unknown>;
        const mine = naiveAnswers.get(key) as Record<string, unknown>;
        if (report === "backlog") {
          route.at = undefined;
          mine.at = undefined;
        }
        if (report === "response-times" && !withBusinessSeconds) continue;
        const found = differences(route, mine);
        if (found.length) mismatches.push(`${key}:\n      ${found.join("\n      ")}`);
      }
    }

    /* the CSV: every case, and one report, streamed through the server */
    const pid = server.pid;
    await sleep(1000);
    const casesCsv = await streamCsv(`${base}/api/v1/cases/export.csv`, headers, pid);
    const reportCsv = await streamCsv(
      `${base}/api/v1/reports/compliance.csv?${queryString(variants[1]!.query)}`,
      headers,
      pid,
    );

    if (casesCsv.rows !== instants.length)
      mismatches.push(`cases CSV: ${casesCsv.rows} rows for ${instants.length} cases`);

    /* report */
    log("");
    log(
      `reports one request at a time, ms: HTTP ${RUNS}× after ${WARMUP} warm-up; the naive peer ${NAIVE_RUNS}× after one (p99 of ${NAIVE_RUNS} is their max)`,
    );
    const ratios = new Map<ReportName, number>();
    let worstP99 = 0;
    const rows: string[][] = [];
    for (const report of REPORT_NAMES) {
      for (const variant of variants) {
        const key = `${report}|${variant.label}`;
        const h = stats(routeTimes.get(key)!);
        const n = stats(naiveTimes.get(key)!);
        const ratio = n.p50 / h.p50;
        ratios.set(report, Math.min(ratios.get(report) ?? Number.POSITIVE_INFINITY, ratio));
        worstP99 = Math.max(worstP99, h.p99);
        rows.push([
          report,
          variant.label,
          `${ms(h.p50)} / ${ms(h.p99)}`,
          `${ms(n.p50)} / ${ms(n.p99)}`,
          `${ratio.toFixed(1)}×`,
        ]);
      }
    }
    table(["report", "filters", "route p50 / p99", "naive p50 / p99", "naive/route p50"], rows, 2);
    log("");
    for (const [label, csv] of [
      ["cases CSV (every case)", casesCsv],
      ["compliance CSV (2 years)", reportCsv],
    ] as const) {
      log(
        `${label}: ${csv.rows.toLocaleString("en-US")} rows, ${(csv.bytes / MB).toFixed(1)} MB in ${csv.seconds.toFixed(2)} s (${csv.contentType}); server RSS ${(csv.before / MB).toFixed(0)} MB before, peak ${(csv.peak / MB).toFixed(0)} MB (+${((csv.peak - csv.before) / MB).toFixed(1)} MB), ${(csv.after / MB).toFixed(0)} MB after`,
      );
      log(`  header: ${csv.head}`);
    }
    log("");
    if (mismatches.length) {
      log(`the route and the naive peer disagree (${mismatches.length}):`);
      for (const m of mismatches) log(`  ${m}`);
      process.exitCode = 1;
    } else log("checks: every report's numbers equal the naive peer's, for every filter set");
    const minRatio = Math.min(...ratios.values());
    const rssGrowth = (casesCsv.peak - casesCsv.before) / MB;
    log(
      `targets: ≥ ${TARGET_RATIO}× the naive peer at p50: ${minRatio >= TARGET_RATIO ? "HOLDS" : "MISSED"} (smallest ${minRatio.toFixed(1)}×); route p99 < ${TARGET_P99_MS} ms: ${worstP99 < TARGET_P99_MS ? "HOLDS" : "MISSED"} (${ms(worstP99)} ms); CSV of ${casesCsv.rows.toLocaleString("en-US")} cases RSS growth < ${TARGET_RSS_MB} MB: ${rssGrowth < TARGET_RSS_MB ? "HOLDS" : "MISSED"} (+${rssGrowth.toFixed(1)} MB)`,
    );
    log(
      `reports-bench: ${REPORT_NAMES.map((r) => `${r} ${ratios.get(r)!.toFixed(0)}×`).join(", ")} the naive peer; worst p99 ${ms(worstP99)} ms; CSV ${Math.round(casesCsv.rows / 1000)}k rows RSS +${rssGrowth.toFixed(1)} MB`,
    );
  } finally {
    await server?.stop();
    await client.end().catch(() => undefined);
    await handle.close();
    if (process.env.REPORTS_BENCH_KEEP) log(`database kept: ${databaseUrl}`);
    await database.drop({ keep: Boolean(process.env.REPORTS_BENCH_KEEP) });
    await receiver.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
};

await main();
