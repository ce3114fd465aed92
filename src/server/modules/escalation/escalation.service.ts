import { randomUUID } from "node:crypto";
import {
  computeEscalationWork,
  DEFAULT_ESCALATION_PLAN,
  type DueStep,
  type EscalationClock,
  type EscalationSettings,
  escalationSettingsSchema,
  firedKey,
  type RunningClock,
  resolveEscalationPlan,
} from "../../../domain/sla/escalation-plan";
import type { Priority } from "../../../domain/sla/sla-clock";
import { type Actor, authorize } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { invalidField } from "../../platform/errors";
import type { JobQueue } from "../../platform/jobs";
import { insertAudit } from "../audit";
import type { CalendarSet, CalendarsService } from "../calendars";
import type { NotificationsService } from "../notifications";
import { type WebhookEmitter, webhookCaseOf } from "../webhooks";
import * as repo from "./escalation.repository";

/** What escalation reads of a case: its clocks and its contract's plan. */
export type CaseClocks = repo.CaseClocks;

// a timer's pg-boss job is created when its step is this close (the sweep arms it)
const ARM_AHEAD_MS = 10 * 60_000;

const DEFAULT_SETTINGS: EscalationSettings = { default: [...DEFAULT_ESCALATION_PLAN], byPlan: {} };
const RUNNING = new Set(["new", "open", "waiting_on_customer"]);

/** The clocks escalation counts on right now: response until met, resolution while not paused. */
const runningClocks = (c: repo.CaseClocks, calendars: CalendarSet): RunningClock[] => {
  const clocks: RunningClock[] = [];
  if (!RUNNING.has(c.status)) return clocks;
  const registeredAt = c.registered_at.getTime();
  const response = calendars.get(c.sla_calendar_id)?.compiled;
  if (!c.response_met_at && response) {
    clocks.push({
      clock: "response",
      calendar: response,
      registeredAt,
      targetSeconds: c.sla_target_minutes * 60,
    });
  }
  const resolution = c.resolution_calendar_id ? calendars.get(c.resolution_calendar_id)?.compiled : undefined;
  if (resolution && c.resolution_target_minutes && !c.paused_since && c.status !== "waiting_on_customer") {
    clocks.push({
      clock: "resolution",
      calendar: resolution,
      registeredAt,
      targetSeconds: c.resolution_target_minutes * 60,
      pauses: (c.pauses as { from: string; to: string }[]).map((p) => ({
        from: Date.parse(p.from),
        to: Date.parse(p.to),
      })),
    });
  }
  return clocks;
};

/**
 * Warnings and escalation levels (SPEC §4). The case row lock serialises a case's clock changes and its
 * firings; `case_escalations` holds one row per fired step, so each fires exactly once whichever process,
 * retry or sweep gets there. pg-boss jobs wake us at the due time; the sweep is only a backstop.
 */
export const createEscalationService = (
  { db, clock }: ServiceDeps,
  deps: {
    notifications: NotificationsService;
    jobs: JobQueue;
    calendars: CalendarsService;
    emitWebhook: WebhookEmitter;
  },
) => {
  const loadSettings = async (executor: Database): Promise<EscalationSettings> => {
    const parsed = escalationSettingsSchema.safeParse(await repo.findEscalationSettings(executor));
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  };

  // read for every clock change; an admin's edit reschedules running cases itself, so a few seconds of
  // staleness in another process only affects cases that change clock in those seconds
  let cached: { at: number; value: EscalationSettings } | null = null;
  const currentSettings = async (executor: Database) => {
    if (cached && Date.now() - cached.at < 5_000) return cached.value;
    cached = { at: Date.now(), value: await loadSettings(executor) };
    return cached.value;
  };

  const workFor = async (
    tx: Database,
    c: repo.CaseClocks,
    now: Date,
    fresh = false,
    /** The calendars the caller read in this transaction already. */
    calendars?: CalendarSet,
  ) => {
    const plan = resolveEscalationPlan(await currentSettings(tx), c.plan_id, c.priority as Priority);
    const fired = new Set(
      fresh ? [] : (await repo.findFired(tx, c.id)).map((f) => firedKey(f.clock as EscalationClock, f.level)),
    );
    return {
      plan,
      ...computeEscalationWork({
        clocks: runningClocks(c, calendars ?? (await deps.calendars.load(tx))),
        plan,
        fired,
        now: now.getTime(),
      }),
    };
  };

  /**
   * Points each running clock's timer at its next step (or at now, when a step is already due), cancelling
   * the job of a timer that moved. Runs inside the transaction that changed the case.
   */
  const reschedule = async (
    tx: Database,
    c: repo.CaseClocks,
    work: { due: DueStep[]; next: DueStep[] },
    now: Date,
    /** A case created in this transaction: it has no timers or firings to read. */
    fresh = false,
  ) => {
    const wanted = new Map<string, { level: number; dueAt: Date }>();
    for (const step of [...work.next].reverse())
      wanted.set(step.clock, { level: step.level, dueAt: new Date(step.dueAt) });
    // a due, unfired step wins over the next one: it must fire now
    for (const step of [...work.due].reverse()) wanted.set(step.clock, { level: step.level, dueAt: now });
    const existing = fresh ? [] : await repo.findTimers(tx, c.id);
    for (const timer of existing) {
      const want = wanted.get(timer.clock);
      if (want && want.level === timer.level && want.dueAt.getTime() === timer.due_at.getTime()) {
        wanted.delete(timer.clock);
        continue;
      }
      if (timer.job_id) await deps.jobs.cancel(tx, "escalation", timer.job_id);
      if (!want) await repo.deleteTimer(tx, c.id, timer.clock);
    }
    const timers: repo.Timer[] = [];
    for (const [clockName, want] of wanted) {
      // a step hours away gets its job from the sweep when it comes near; most never need one (answered,
      // triaged or resolved before)
      const jobId = want.dueAt.getTime() <= now.getTime() + ARM_AHEAD_MS ? randomUUID() : null;
      if (jobId) {
        await deps.jobs.send(
          tx,
          "escalation",
          { caseId: c.id, clock: clockName },
          { id: jobId, startAfter: want.dueAt },
        );
      }
      timers.push({ caseId: c.id, clock: clockName, level: want.level, dueAt: want.dueAt, jobId });
    }
    // a new case's timers: nothing in its intake reads them again, they go with its bookkeeping
    if (fresh) await repo.insertTimersLater(tx, timers);
    else for (const timer of timers) await repo.upsertTimer(tx, timer);
  };

  /** Called by every change of a case's clocks (triage, reply, status), in its transaction. */
  const syncTimers = async (tx: Database, caseId: string) => {
    const c = await repo.lockCaseClocks(tx, caseId);
    if (!c) return;
    const now = clock.now();
    await reschedule(tx, c, await workFor(tx, c, now), now);
  };

  /**
   * A case created in this transaction: its clocks are what intake has just inserted, and it has no timers
   * or firings to read yet.
   */
  const startTimers = async (tx: Database, c: CaseClocks, calendars?: CalendarSet) => {
    const now = clock.now();
    await reschedule(tx, c, await workFor(tx, c, now, true, calendars), now, true);
  };

  /** Fires whatever is due on the case (after downtime, several steps at once), then sets the next timer. */
  const fireDue = async (caseId: string): Promise<number> =>
    db.transaction().execute(async (tx) => {
      const c = await repo.lockCaseClocks(tx, caseId);
      if (!c) return 0;
      const now = clock.now();
      const work = await workFor(tx, c, now);
      for (const step of work.due) {
        const notified = await deps.notifications.onEscalation(tx, {
          caseId,
          clock: step.clock,
          level: step.level,
          percent: step.percent,
          dueAt: new Date(step.dueAt),
          audiences: step.audiences,
        });
        await repo.recordFiring(tx, {
          caseId,
          clock: step.clock,
          level: step.level,
          dueAt: new Date(step.dueAt),
          at: now,
          kind: step.level === 0 ? "warned" : "escalated",
          data: {
            clock: step.clock,
            level: step.level,
            percent: step.percent,
            dueAt: new Date(step.dueAt).toISOString(),
            audiences: step.audiences,
            notified: notified.map((n) => n.name),
          },
        });
      }
      if (work.due.length > 0) {
        const summary = await repo.findCaseSummary(tx, caseId);
        for (const step of work.due) {
          const data = { case: webhookCaseOf(summary), clock: step.clock };
          // the desk's business: never sent to an organization's own endpoint
          if (step.level === 0)
            await deps.emitWebhook(tx, "case.sla_warning", {
              organizationId: summary.organization_id,
              caseId,
              data: { ...data, dueAt: new Date(step.dueAt).toISOString() },
              staffOnly: true,
            });
          else
            await deps.emitWebhook(tx, "case.escalated", {
              organizationId: summary.organization_id,
              caseId,
              data: { ...data, level: step.level },
              staffOnly: true,
            });
        }
      }
      await reschedule(tx, c, { due: [], next: work.next }, now);
      return work.due.length;
    });

  /**
   * The backstop: timers whose job is overdue — stranded in a process that was killed while holding it, or
   * every worker busy — fire here. Cheap (an indexed range scan), so it runs every few seconds.
   */
  const sweep = async (options: { graceSeconds: number; limit: number }) => {
    await arm({ limit: options.limit });
    const before = new Date(clock.now().getTime() - options.graceSeconds * 1000);
    let fired = 0;
    for (const timer of await repo.findOverdueTimers(db, before, options.limit))
      fired += await fireDue(timer.case_id);
    return fired;
  };

  /**
   * Gives the timers whose step is coming within the arming horizon their pg-boss job. Runs with the sweep
   * every few seconds, far more often than the horizon is long, so every step is armed well before it is due.
   */
  const arm = async (options: { limit: number }) =>
    db.transaction().execute(async (tx) => {
      const timers = await repo.lockUnarmedTimers(
        tx,
        new Date(clock.now().getTime() + ARM_AHEAD_MS),
        options.limit,
      );
      for (const timer of timers) {
        const jobId = randomUUID();
        await deps.jobs.send(
          tx,
          "escalation",
          { caseId: timer.case_id, clock: timer.clock },
          { id: jobId, startAfter: timer.due_at },
        );
        await repo.setTimerJob(tx, { caseId: timer.case_id, clock: timer.clock, jobId });
      }
      return timers.length;
    });

  /** Running cases with no timer (from before escalation existed) get theirs; run at start-up. */
  const backfill = async (options: { limit: number }) => {
    const cases = await repo.findCasesWithoutTimers(db, options.limit);
    for (const c of cases) await db.transaction().execute((tx) => syncTimers(tx, c.id));
    return cases.length;
  };

  const getSettings = async (actor: Actor | null) => {
    authorize(actor, "escalation:read");
    return { ...(await loadSettings(db)), planIds: await repo.findPlanIds(db) };
  };

  /** An admin's edit applies to running cases too: their timers are rescheduled on the new plan. */
  const updateSettings = async (actor: Actor | null, input: EscalationSettings) => {
    const caller = authorize(actor, "escalation:write");
    const planIds = new Set(await repo.findPlanIds(db));
    const unknown = Object.keys(input.byPlan).filter((id) => !planIds.has(id));
    if (unknown.length) {
      const plans = unknown.join(", ");
      throw invalidField(
        { reason: "escalation_unknown_plans", params: { plans } },
        { field: "byPlan", code: "unknown_plans", params: { plans } },
      );
    }
    const before = await loadSettings(db);
    await db.transaction().execute(async (tx) => {
      await repo.saveEscalationSettings(tx, input, clock.now());
      cached = null;
      await insertAudit(tx, {
        actor: caller,
        action: "settings.escalation_updated",
        entity: "settings",
        entityId: null,
        details: { before, after: input },
      });
    });
    let after: string | null = null;
    for (;;) {
      const ids = await repo.findRunningCaseIds(db, after, 200);
      if (!ids.length) break;
      await db.transaction().execute(async (tx) => {
        for (const id of ids) await syncTimers(tx, id);
      });
      after = ids.at(-1)!;
    }
    return getSettings(caller);
  };

  return { syncTimers, startTimers, fireDue, arm, sweep, backfill, getSettings, updateSettings };
};

export type EscalationService = ReturnType<typeof createEscalationService>;
