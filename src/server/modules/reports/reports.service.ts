import type {
  BacklogReport,
  ComplianceCounts,
  ComplianceReport,
  ContractsReport,
  EscalationsReport,
  HourBanksReport,
  ReportQuery,
  ResponseTimesReport,
} from "../../../api/reports";
import { addDays, daysBetween } from "../../../domain/contracts/local-date";
import { businessDayIndex, localDateIn } from "../../../domain/reports/backlog-age";
import { complianceRate } from "../../../domain/reports/compliance";
import { BACKLOG_AGE_BUCKETS, RESPONSE_TIME_BUCKETS } from "../../../domain/reports/report-kinds";
import { businessTimeBetween } from "../../../domain/sla/business-time";
import { PRIORITIES, type Priority } from "../../../domain/sla/sla-clock";
import { type Actor, authorize } from "../../platform/actor";
import { vendorToday } from "../../platform/clock";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, invalidField } from "../../platform/errors";
import type { CalendarsService } from "../calendars";
import * as repo from "./reports.repository";

const MAX_DAYS = 5 * 366;
const OLDEST_LISTED = 20;
const ESCALATED_LISTED = 50;

/** The months of a period, `YYYY-MM`, oldest first (a trend has a point for every month). */
const monthsOf = (from: string, to: string): string[] => {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, "0")}`;
    months.push(key);
    if (key >= last) return months;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
};

const countsOf = (r: repo.ComplianceRow | undefined): ComplianceCounts => {
  const t = {
    met: r?.met ?? 0,
    breached: r?.breached ?? 0,
    openOnTime: r?.open_on_time ?? 0,
    openBreached: r?.open_breached ?? 0,
    total: r?.total ?? 0,
  };
  return { ...t, rate: complianceRate(t) };
};

/**
 * Reports (SPEC §9). Staff see every organization (filtered as asked); a customer contact sees the
 * compliance and response-time reports of their own organization, whatever `organizationId` says.
 */
export const createReportsService = ({ db, clock }: ServiceDeps, deps: { calendars: CalendarsService }) => {
  const filterFor = (actor: Actor | null, query: ReportQuery, options: { customers: boolean }) => {
    const caller = authorize(actor, "reports:read");
    if (caller.role === "customer_contact" && !options.customers)
      throw new AppError("forbidden", {
        reason: "role_forbidden",
        params: { role: caller.role, permission: "reports:read" },
      });
    if (query.to < query.from)
      throw invalidField({ reason: "range_end_before_start" }, { field: "to", code: "range_reversed" });
    if (daysBetween(query.from, query.to) > MAX_DAYS)
      throw invalidField(
        { reason: "range_too_long", params: { years: 5 } },
        { field: "to", code: "range_too_long", params: { years: 5 } },
      );
    const filter: repo.CaseFilter = {
      ...query,
      ...(caller.role === "customer_contact" ? { organizationId: caller.organizationId! } : {}),
    };
    return { caller, filter };
  };

  const compliance = async (actor: Actor | null, query: ReportQuery): Promise<ComplianceReport> => {
    const { filter } = filterFor(actor, query, { customers: true });
    const rows = await repo.complianceCounts(db, filter, clock.now());
    const total = rows.find((r) => !r.priority && !r.organization_id && !r.month);
    const byPriority = rows.filter((r) => r.priority && !r.month);
    const byMonth = new Map(
      rows.filter((r) => r.month && r.priority).map((r) => [`${r.month} ${r.priority}`, r] as const),
    );
    return {
      from: query.from,
      to: query.to,
      total: countsOf(total),
      byPriority: PRIORITIES.map((priority) => ({
        priority,
        ...countsOf(byPriority.find((r) => r.priority === priority)),
      })),
      byOrganization: rows
        .filter((r) => r.organization_id)
        .sort((a, b) => b.total - a.total || a.organization_name!.localeCompare(b.organization_name!))
        .map((r) => ({
          organizationId: r.organization_id!,
          organizationName: r.organization_name!,
          ...countsOf(r),
        })),
      byMonth: monthsOf(query.from, query.to).flatMap((month) =>
        PRIORITIES.map((priority) => ({ month, priority, ...countsOf(byMonth.get(`${month} ${priority}`)) })),
      ),
    };
  };

  const responseTimes = async (actor: Actor | null, query: ReportQuery): Promise<ResponseTimesReport> => {
    const { filter } = filterFor(actor, query, { customers: true });
    const rows = await repo.responseTimes(db, filter);
    const stats = (r: repo.ResponseTimeRow | undefined) => ({
      count: r?.count ?? 0,
      medianSeconds: r?.median ?? null,
      p90Seconds: r?.p90 ?? null,
      maxSeconds: r?.max ?? null,
    });
    const total = rows.find((r) => !r.priority && !r.month);
    return {
      from: query.from,
      to: query.to,
      total: stats(total),
      byPriority: PRIORITIES.map((priority) => ({
        priority,
        ...stats(rows.find((r) => r.priority === priority)),
      })),
      byMonth: monthsOf(query.from, query.to).map((month) => ({
        month,
        ...stats(rows.find((r) => r.month === month)),
      })),
      distribution: RESPONSE_TIME_BUCKETS.map((bucket, index) => ({
        bucket: bucket.key,
        count: total?.buckets[index] ?? 0,
      })),
    };
  };

  const backlog = async (actor: Actor | null, query: ReportQuery): Promise<BacklogReport> => {
    const { filter } = filterFor(actor, query, { customers: false });
    const now = clock.now();
    const calendars = await deps.calendars.load();
    const byAge = BACKLOG_AGE_BUCKETS.map(() => 0);
    // one business-day index per calendar the open cases count on, from the oldest open case to today
    const indexes = new Map<string, ReturnType<typeof businessDayIndex> & { today: string }>();
    for (const { calendarId, oldest } of await repo.backlogCalendars(db, filter)) {
      const calendar = calendars.get(calendarId)?.compiled;
      if (!calendar) continue;
      const today = localDateIn(calendar, now.getTime());
      const first = localDateIn(calendar, Math.min(oldest.getTime(), now.getTime()));
      const index = businessDayIndex(calendar, first, today);
      indexes.set(calendarId, { ...index, today });
      const boundaries = BACKLOG_AGE_BUCKETS.slice(1).map((b) => new Date(index.oldAtLeast(b.min, today)));
      const counts = await repo.backlogAgeCounts(db, filter, calendarId, boundaries);
      counts.forEach((count, i) => {
        byAge[i] = byAge[i]! + count;
      });
    }
    const [byStatus, oldest] = await Promise.all([
      repo.backlogByStatus(db, filter),
      repo.oldestOpenCases(db, filter, OLDEST_LISTED),
    ]);
    return {
      at: now.toISOString(),
      total: byStatus.reduce((sum, s) => sum + s.count, 0),
      byStatus: (["new", "open", "waiting_on_customer"] as const).map((status) => ({
        status,
        count: byStatus.find((s) => s.status === status)?.count ?? 0,
      })),
      byAge: BACKLOG_AGE_BUCKETS.map((bucket, i) => ({ bucket: bucket.key, count: byAge[i]! })),
      oldest: oldest.map((c) => {
        const index = indexes.get(c.sla_calendar_id);
        const calendar = calendars.get(c.sla_calendar_id)?.compiled;
        return {
          id: c.id,
          number: c.number,
          subject: c.subject,
          organizationName: c.organization_name,
          status: c.status as BacklogReport["oldest"][number]["status"],
          priority: c.priority as Priority,
          registeredAt: c.registered_at.toISOString(),
          ageBusinessDays:
            index && calendar
              ? index.ageOn(localDateIn(calendar, c.registered_at.getTime()), index.today)
              : 0,
        };
      }),
    };
  };

  const escalations = async (actor: Actor | null, query: ReportQuery): Promise<EscalationsReport> => {
    const { filter } = filterFor(actor, query, { customers: false });
    // two queries on two connections: the counts and the list side by side
    const [rows, cases] = await Promise.all([
      repo.escalationCounts(db, filter),
      repo.escalatedCases(db, filter, ESCALATED_LISTED),
    ]);
    const total = rows.find((r) => r.level === null && !r.organization_id && !r.month);
    return {
      from: query.from,
      to: query.to,
      total: total?.count ?? 0,
      byLevel: rows
        .filter((r) => r.level !== null && !r.month)
        .sort((a, b) => a.level! - b.level!)
        .map((r) => ({ level: r.level!, count: r.count })),
      byOrganization: rows
        .filter((r) => r.organization_id)
        .sort((a, b) => b.count - a.count)
        .map((r) => ({
          organizationId: r.organization_id!,
          organizationName: r.organization_name!,
          count: r.count,
        })),
      byMonth: rows
        .filter((r) => r.month && r.level !== null)
        .sort((a, b) => a.month!.localeCompare(b.month!) || a.level! - b.level!)
        .map((r) => ({ month: r.month!, level: r.level!, count: r.count })),
      cases: cases.map((c) => ({
        id: c.id,
        number: c.number,
        subject: c.subject,
        organizationName: c.organization_name,
        priority: c.priority as Priority,
        highestLevel: Number(c.highest_level),
        lastFiredAt: new Date(c.last_fired_at).toISOString(),
      })),
    };
  };

  const hourBanks = async (actor: Actor | null, query: ReportQuery): Promise<HourBanksReport> => {
    const { filter } = filterFor(actor, query, { customers: false });
    const rows = await repo.hourBankUse(db, filter, vendorToday(clock));
    const hours = (quarters: number) => quarters / 4;
    const total = rows.find((r) => r.month === null);
    return {
      from: query.from,
      to: query.to,
      soldHours: hours(total?.sold ?? 0),
      usedHours: hours(total?.used ?? 0),
      expiredUnusedHours: hours(total?.expired ?? 0),
      byMonth: monthsOf(query.from, query.to).map((month) => {
        const r = rows.find((row) => row.month === month);
        return {
          month,
          soldHours: hours(r?.sold ?? 0),
          usedHours: hours(r?.used ?? 0),
          expiredUnusedHours: hours(r?.expired ?? 0),
        };
      }),
    };
  };

  const contracts = async (actor: Actor | null, query: ReportQuery): Promise<ContractsReport> => {
    const { filter } = filterFor(actor, query, { customers: false });
    const today = vendorToday(clock);
    const ending = await repo.endingContracts(db, filter, today, 90);
    const renewals = new Map((await repo.renewalsByMonth(db, filter, today)).map((r) => [r.month, r]));
    return {
      from: query.from,
      to: query.to,
      ending: ([30, 60, 90] as const).map((withinDays) => ({
        withinDays,
        count: ending.filter((k) => k.end_date <= addDays(today, withinDays)).length,
      })),
      endingContracts: ending.map((k) => ({
        id: k.id,
        number: k.number,
        organizationName: k.organization_name,
        systemName: k.system_name,
        planName: k.plan_name,
        endDate: k.end_date,
        renewed: k.renewed,
      })),
      renewalsByMonth: monthsOf(query.from, query.to).map((month) => ({
        month,
        won: renewals.get(month)?.won ?? 0,
        lost: renewals.get(month)?.lost ?? 0,
      })),
    };
  };

  /** Cases answered before response times were kept get theirs (at start-up, a batch at a time). */
  const backfillResponseTimes = async (options: { limit: number }) => {
    const rows = await repo.findUncountedResponses(db, options.limit);
    const calendars = await deps.calendars.load();
    for (const row of rows) {
      const calendar = calendars.get(row.sla_calendar_id)?.compiled;
      if (!calendar || !row.response_met_at) continue;
      const seconds = businessTimeBetween(
        calendar,
        row.registered_at.getTime(),
        row.response_met_at.getTime(),
      );
      await repo.setResponseSeconds(db, row.id, Math.max(0, Math.round(seconds)));
    }
    return rows.length;
  };

  return { compliance, responseTimes, backlog, escalations, hourBanks, contracts, backfillResponseTimes };
};

export type ReportsService = ReturnType<typeof createReportsService>;
