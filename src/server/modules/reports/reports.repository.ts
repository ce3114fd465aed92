import { type ExpressionBuilder, type SelectQueryBuilder, sql } from "kysely";
import { BACKLOG_AGE_BUCKETS, RESPONSE_TIME_BUCKETS } from "../../../domain/reports/report-kinds";
import type { Database } from "../../platform/db";
import type { DB } from "../../platform/db-schema";

/**
 * Every report is one or two aggregate queries over indexed columns (SPEC §9): PostgreSQL counts, Node
 * only shapes the answer. Periods are local dates in Mexico City, both ends included.
 */
const ZONE = "America/Mexico_City";
const RUNNING = ["new", "open", "waiting_on_customer"];

export type CaseFilter = {
  from?: string;
  to?: string;
  organizationId?: string | undefined;
  productId?: string | undefined;
  planId?: string | undefined;
  priority?: string | undefined;
  channel?: string | undefined;
  specialistId?: string | undefined;
};

const startOf = (date: string) => sql<Date>`(${date}::date)::timestamp AT TIME ZONE ${ZONE}`;
const endOf = (date: string) => sql<Date>`((${date}::date + 1))::timestamp AT TIME ZONE ${ZONE}`;
// the zone is a literal, not a parameter: the same expression must appear in SELECT and GROUP BY (and match
// the extended statistics of migration 0018)
const monthStart = (column: string) =>
  sql<Date>`date_trunc('month', ${sql.ref(column)} AT TIME ZONE ${sql.lit(ZONE)})`;
const monthOf = (column: string) => sql<string>`to_char(${monthStart(column)}, 'YYYY-MM')`;

type CasesQuery<O> = SelectQueryBuilder<DB & { c: DB["cases"] }, "c", O>;

/** The filters on `cases as c`; `held` rows are requests, never cases. */
const filtered = <O>(query: CasesQuery<O>, f: CaseFilter, options: { period: boolean }): CasesQuery<O> => {
  let q = query.where("c.status", "<>", "held");
  if (options.period && f.from) q = q.where("c.registered_at", ">=", startOf(f.from));
  if (options.period && f.to) q = q.where("c.registered_at", "<", endOf(f.to));
  if (f.organizationId) q = q.where("c.organization_id", "=", f.organizationId);
  if (f.priority) q = q.where("c.priority", "=", f.priority);
  if (f.channel) q = q.where("c.channel", "=", f.channel);
  if (f.specialistId) q = q.where("c.assignee_id", "=", f.specialistId);
  if (f.productId) {
    const productId = f.productId;
    q = q.where((eb: ExpressionBuilder<DB & { c: DB["cases"] }, "c">) =>
      eb.exists(
        eb
          .selectFrom("customer_systems as s")
          .select(sql`1`.as("one"))
          .whereRef("s.id", "=", "c.system_id")
          .where("s.product_id", "=", productId),
      ),
    );
  }
  if (f.planId) {
    const planId = f.planId;
    q = q.where((eb: ExpressionBuilder<DB & { c: DB["cases"] }, "c">) =>
      eb.exists(
        eb
          .selectFrom("contracts as k")
          .select(sql`1`.as("one"))
          .whereRef("k.id", "=", "c.contract_id")
          .where("k.plan_id", "=", planId),
      ),
    );
  }
  return q;
};

const n = (value: unknown) => Number(value ?? 0);
const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/* ---------- compliance ---------- */

export type ComplianceRow = {
  priority: string | null;
  organization_id: string | null;
  organization_name: string | null;
  month: string | null;
  met: number;
  breached: number;
  open_on_time: number;
  open_breached: number;
  total: number;
};

/**
 * Counted per (priority, organization, month) in one pass over the period's index, then rolled up with
 * grouping sets — by priority, by organization, by month and priority, and in total — over those few rows.
 */
export const complianceCounts = async (db: Database, f: CaseFilter, now: Date): Promise<ComplianceRow[]> => {
  const inner = filtered(
    db.selectFrom("cases as c").select([
      "c.priority",
      "c.organization_id",
      monthStart("c.registered_at").as("m"),
      sql<string>`count(*) FILTER (WHERE c.response_met_at <= c.response_due_at)`.as("met"),
      sql<string>`count(*) FILTER (WHERE c.response_met_at > c.response_due_at
          OR (c.response_met_at IS NULL AND c.status IN ('resolved', 'closed')))`.as("breached"),
      sql<string>`count(*) FILTER (WHERE c.response_met_at IS NULL AND c.status IN ('new', 'open', 'waiting_on_customer')
          AND c.response_due_at >= ${now})`.as("open_on_time"),
      sql<string>`count(*) FILTER (WHERE c.response_met_at IS NULL AND c.status IN ('new', 'open', 'waiting_on_customer')
          AND c.response_due_at < ${now})`.as("open_breached"),
      sql<string>`count(*)`.as("total"),
    ]),
    f,
    { period: true },
  ).groupBy(["c.priority", "c.organization_id", monthStart("c.registered_at")]);
  const result = await sql<Record<string, unknown>>`
    SELECT g.priority, g.organization_id, o.name AS organization_name, to_char(g.m, 'YYYY-MM') AS month,
           sum(g.met) AS met, sum(g.breached) AS breached, sum(g.open_on_time) AS open_on_time,
           sum(g.open_breached) AS open_breached, sum(g.total) AS total
      FROM (${inner}) g JOIN organizations o ON o.id = g.organization_id
     GROUP BY GROUPING SETS ((g.priority), (g.organization_id, o.name), (g.m, g.priority), ())`.execute(db);
  return result.rows.map((r) => ({
    priority: r.priority as string | null,
    organization_id: r.organization_id as string | null,
    organization_name: r.organization_name as string | null,
    month: r.month as string | null,
    met: n(r.met),
    breached: n(r.breached),
    open_on_time: n(r.open_on_time),
    open_breached: n(r.open_breached),
    total: n(r.total),
  }));
};

/* ---------- first-response times ---------- */

export type ResponseTimeRow = {
  priority: string | null;
  month: string | null;
  count: number;
  median: number | null;
  p90: number | null;
  max: number | null;
  buckets: number[];
};

/**
 * Exact percentiles sort their group, so the total, the priorities and the months are three queries run
 * side by side (each with the memory to sort without spilling), not one pass sorting three times over.
 */
export const responseTimes = async (db: Database, f: CaseFilter): Promise<ResponseTimeRow[]> =>
  (
    await Promise.all(
      ([null, "priority", "month"] as const).map((by) =>
        db.transaction().execute(async (tx) => {
          await sql`SET LOCAL work_mem = '32MB'`.execute(tx);
          return responseTimesBy(tx, f, by);
        }),
      ),
    )
  ).flat();

const responseTimesBy = async (
  db: Database,
  f: CaseFilter,
  by: "priority" | "month" | null,
): Promise<ResponseTimeRow[]> => {
  const seconds = sql.ref("c.response_business_seconds");
  let lower = 0;
  const bucketColumns = RESPONSE_TIME_BUCKETS.map((bucket, index) => {
    const from = lower;
    lower = bucket.maxHours === null ? lower : bucket.maxHours * 3600;
    return (
      bucket.maxHours === null
        ? sql<string>`count(*) FILTER (WHERE ${seconds} >= ${from})`
        : sql<string>`count(*) FILTER (WHERE ${seconds} >= ${from} AND ${seconds} < ${bucket.maxHours * 3600})`
    ).as(`b${index}`);
  });
  // the month is shown as YYYY-MM and grouped by the expression the statistics of migration 0018 know
  const key =
    by === "priority"
      ? sql<string>`c.priority`
      : by === "month"
        ? monthOf("c.registered_at")
        : sql<string>`null`;
  const group = by === "priority" ? sql`c.priority` : by === "month" ? monthStart("c.registered_at") : null;
  let query = filtered(
    db
      .selectFrom("cases as c")
      .select([
        key.as("key"),
        sql<string>`count(*)`.as("count"),
        sql<string>`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds})`.as("median"),
        sql<string>`percentile_cont(0.9) WITHIN GROUP (ORDER BY ${seconds})`.as("p90"),
        sql<string>`max(${seconds})`.as("max"),
        ...(by === null ? bucketColumns : []),
      ])
      .where("c.response_business_seconds", "is not", null),
    f,
    { period: true },
  );
  if (group) query = query.groupBy(group as never);
  const rows = (await query.execute()) as Record<string, unknown>[];
  return rows.map((row) => ({
    priority: by === "priority" ? (row.key as string) : null,
    month: by === "month" ? (row.key as string) : null,
    count: n(row.count),
    median: num(row.median),
    p90: num(row.p90),
    max: num(row.max),
    buckets: RESPONSE_TIME_BUCKETS.map((_, index) => n(row[`b${index}`])),
  }));
};

/* ---------- backlog ---------- */

export const backlogByStatus = async (db: Database, f: CaseFilter) =>
  (
    await filtered(
      db
        .selectFrom("cases as c")
        .select(["c.status", sql<string>`count(*)`.as("count")])
        .where("c.status", "in", RUNNING),
      f,
      { period: false },
    )
      .groupBy("c.status")
      .execute()
  ).map((r) => ({ status: r.status, count: n(r.count) }));

/** The open cases' calendars and their oldest registration: what the age boundaries are counted on. */
export const backlogCalendars = async (db: Database, f: CaseFilter) =>
  (
    await filtered(
      db
        .selectFrom("cases as c")
        .select(["c.sla_calendar_id", sql<Date>`min(c.registered_at)`.as("oldest")])
        .where("c.status", "in", RUNNING),
      f,
      { period: false },
    )
      .groupBy("c.sla_calendar_id")
      .execute()
  ).map((r) => ({ calendarId: r.sla_calendar_id, oldest: new Date(r.oldest) }));

/** Open cases on one calendar counted by age: `boundaries[i]` is the instant before which a case is bucket i+1 or older. */
export const backlogAgeCounts = async (
  db: Database,
  f: CaseFilter,
  calendarId: string,
  boundaries: readonly Date[],
): Promise<number[]> => {
  const row = await filtered(
    db
      .selectFrom("cases as c")
      .select([
        sql<string>`count(*)`.as("all"),
        ...boundaries.map((boundary, i) =>
          sql<string>`count(*) FILTER (WHERE c.registered_at < ${boundary})`.as(`older${i}`),
        ),
      ])
      .where("c.status", "in", RUNNING)
      .where("c.sla_calendar_id", "=", calendarId),
    f,
    { period: false },
  ).executeTakeFirstOrThrow();
  const record = row as Record<string, unknown>;
  // at least bucket k: all, older0, older1…; each bucket is the difference of neighbours
  const atLeast = [n(record.all), ...boundaries.map((_, i) => n(record[`older${i}`]))];
  return BACKLOG_AGE_BUCKETS.map((_, i) => atLeast[i]! - (atLeast[i + 1] ?? 0));
};

export const oldestOpenCases = (db: Database, f: CaseFilter, limit: number) =>
  filtered(
    db
      .selectFrom("cases as c")
      .innerJoin("organizations as o", "o.id", "c.organization_id")
      .select([
        "c.id",
        "c.number",
        "c.subject",
        sql<string>`o.name`.as("organization_name"),
        "c.status",
        "c.priority",
        "c.registered_at",
        "c.sla_calendar_id",
      ])
      .where("c.status", "in", RUNNING),
    f,
    { period: false },
  )
    .orderBy("c.registered_at")
    .orderBy("c.id")
    .limit(limit)
    .execute();

/* ---------- escalations ---------- */

export const escalationCounts = async (db: Database, f: CaseFilter) => {
  const month = monthOf("e.fired_at");
  const query = db
    .selectFrom("case_escalations as e")
    .innerJoin("cases as c", "c.id", "e.case_id")
    .innerJoin("organizations as o", "o.id", "c.organization_id")
    .select([
      "e.level",
      "c.organization_id",
      sql<string>`o.name`.as("organization_name"),
      month.as("month"),
      sql<string>`count(*)`.as("count"),
    ])
    .where("e.fired_at", ">=", startOf(f.from!))
    .where("e.fired_at", "<", endOf(f.to!));
  const rows = await filtered(query as unknown as CasesQuery<never>, f, { period: false })
    .groupBy(sql`GROUPING SETS ((e.level), (c.organization_id, o.name), (${month}, e.level), ())` as never)
    .execute();
  return (rows as Record<string, unknown>[]).map((r) => ({
    level: num(r.level),
    organization_id: r.organization_id as string | null,
    organization_name: r.organization_name as string | null,
    month: r.month as string | null,
    count: n(r.count),
  }));
};

/**
 * The escalated cases: firings grouped by case (a few thousand rows), filtered and ordered on the narrow
 * case index, and only the listed cases' subjects and names read.
 */
export const escalatedCases = async (db: Database, f: CaseFilter, limit: number) => {
  const fired = db
    .selectFrom("case_escalations as e")
    .select([
      "e.case_id",
      sql<number>`max(e.level)`.as("highest_level"),
      sql<Date>`max(e.fired_at)`.as("last_fired_at"),
    ])
    .where("e.fired_at", ">=", startOf(f.from!))
    .where("e.fired_at", "<", endOf(f.to!))
    .groupBy("e.case_id");
  const top = filtered(
    db
      .selectFrom(fired.as("t"))
      .innerJoin("cases as c", "c.id", "t.case_id")
      .select(["t.case_id", "t.highest_level", "t.last_fired_at"]) as unknown as CasesQuery<never>,
    f,
    { period: false },
  )
    .orderBy(sql`t.highest_level`, "desc")
    .orderBy(sql`t.last_fired_at`, "desc")
    .limit(limit);
  const rows = await sql<{
    id: string;
    number: string;
    subject: string;
    organization_name: string;
    priority: string;
    highest_level: number;
    last_fired_at: Date;
  }>`
    SELECT c.id, c.number, c.subject, o.name AS organization_name, c.priority, top.highest_level, top.last_fired_at
      FROM (${top}) top
      JOIN cases c ON c.id = top.case_id
      JOIN organizations o ON o.id = c.organization_id
     ORDER BY top.highest_level DESC, top.last_fired_at DESC`.execute(db);
  return rows.rows;
};

/* ---------- hour banks ---------- */

export const hourBankUse = async (
  db: Database,
  f: CaseFilter,
  today: string,
): Promise<{ month: string | null; sold: number; used: number; expired: number }[]> => {
  const org = f.organizationId ?? null;
  const plan = f.planId ?? null;
  const consultant = f.specialistId ?? null;
  const result = await sql<{ month: string | null; sold: string; used: string; expired: string }>`
    WITH facts AS (
      SELECT to_char(p.purchased_on, 'YYYY-MM') AS month, p.quarters AS sold, 0 AS used, 0 AS expired
        FROM hour_bank_packages p JOIN contracts k ON k.id = p.contract_id
       WHERE p.purchased_on BETWEEN ${f.from}::date AND ${f.to}::date
         AND (${org}::uuid IS NULL OR p.organization_id = ${org}::uuid)
         AND (${plan}::text IS NULL OR k.plan_id = ${plan}::text)
      UNION ALL
      SELECT to_char(e.worked_on, 'YYYY-MM'), 0, e.quarters, 0
        FROM hour_bank_entries e
       WHERE e.worked_on BETWEEN ${f.from}::date AND ${f.to}::date
         AND (${org}::uuid IS NULL OR e.organization_id = ${org}::uuid)
         AND (${consultant}::uuid IS NULL OR e.consultant_id = ${consultant}::uuid)
         AND (${plan}::text IS NULL OR EXISTS (
               SELECT 1 FROM hour_bank_allocations a JOIN hour_bank_packages p ON p.id = a.package_id
                 JOIN contracts k ON k.id = p.contract_id WHERE a.entry_id = e.id AND k.plan_id = ${plan}::text))
      UNION ALL
      SELECT to_char(p.expires_on, 'YYYY-MM'), 0, 0, greatest(p.quarters - p.used_quarters, 0)
        FROM hour_bank_packages p JOIN contracts k ON k.id = p.contract_id
       WHERE p.expires_on BETWEEN ${f.from}::date AND ${f.to}::date AND p.expires_on < ${today}::date
         AND (${org}::uuid IS NULL OR p.organization_id = ${org}::uuid)
         AND (${plan}::text IS NULL OR k.plan_id = ${plan}::text)
    )
    SELECT month, sum(sold) AS sold, sum(used) AS used, sum(expired) AS expired
      FROM facts GROUP BY GROUPING SETS ((month), ())`.execute(db);
  return result.rows.map((r) => ({
    month: r.month,
    sold: n(r.sold),
    used: n(r.used),
    expired: n(r.expired),
  }));
};

/* ---------- contracts ending and renewals ---------- */

export const endingContracts = async (db: Database, f: CaseFilter, today: string, within: number) =>
  (
    await sql<{
      id: string;
      number: string;
      organization_name: string;
      system_name: string;
      plan_name: string;
      end_date: string;
      renewed: boolean;
    }>`
    SELECT k.id, k.number, o.name AS organization_name, s.name AS system_name,
           k.plan_settings ->> 'name' AS plan_name, k.end_date::text AS end_date,
           EXISTS (SELECT 1 FROM contracts r WHERE r.previous_contract_id = k.id) AS renewed
      FROM contracts k
      JOIN customer_systems s ON s.id = k.system_id
      JOIN organizations o ON o.id = k.organization_id
     WHERE k.start_date <= ${today}::date AND k.end_date >= ${today}::date
       AND k.end_date <= ${today}::date + ${within}::int
       AND (${f.organizationId ?? null}::uuid IS NULL OR k.organization_id = ${f.organizationId ?? null}::uuid)
       AND (${f.planId ?? null}::text IS NULL OR k.plan_id = ${f.planId ?? null}::text)
       AND (${f.productId ?? null}::uuid IS NULL OR s.product_id = ${f.productId ?? null}::uuid)
     ORDER BY k.end_date, k.number`.execute(db)
  ).rows;

export const renewalsByMonth = async (db: Database, f: CaseFilter, today: string) =>
  (
    await sql<{ month: string; won: string; lost: string }>`
      SELECT to_char(k.end_date, 'YYYY-MM') AS month,
             count(*) FILTER (WHERE r.id IS NOT NULL) AS won,
             count(*) FILTER (WHERE r.id IS NULL AND k.end_date < ${today}::date) AS lost
        FROM contracts k
        JOIN customer_systems s ON s.id = k.system_id
        LEFT JOIN LATERAL (SELECT id FROM contracts r WHERE r.previous_contract_id = k.id LIMIT 1) r ON true
       WHERE k.end_date BETWEEN ${f.from}::date AND ${f.to}::date
         AND (${f.organizationId ?? null}::uuid IS NULL OR k.organization_id = ${f.organizationId ?? null}::uuid)
         AND (${f.planId ?? null}::text IS NULL OR k.plan_id = ${f.planId ?? null}::text)
         AND (${f.productId ?? null}::uuid IS NULL OR s.product_id = ${f.productId ?? null}::uuid)
       GROUP BY 1 ORDER BY 1`.execute(db)
  ).rows.map((r) => ({ month: r.month, won: n(r.won), lost: n(r.lost) }));

/* ---------- response times of cases answered before the column existed ---------- */

export const findUncountedResponses = (db: Database, limit: number) =>
  db
    .selectFrom("cases")
    .select(["id", "registered_at", "response_met_at", "sla_calendar_id"])
    .where("response_met_at", "is not", null)
    .where("response_business_seconds", "is", null)
    .limit(limit)
    .execute();

export const setResponseSeconds = (db: Database, id: string, seconds: number) =>
  db.updateTable("cases").set({ response_business_seconds: seconds }).where("id", "=", id).execute();
