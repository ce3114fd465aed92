import { sql } from "kysely";
import type { Database } from "../../platform/db";
import { writeLater } from "../../platform/write-later";

/** The clock columns of a case, locked: its changes and its firings are serialised on the case row. */
export const lockCaseClocks = (db: Database, caseId: string) =>
  db
    .selectFrom("cases as c")
    .innerJoin("contracts as k", "k.id", "c.contract_id")
    .select([
      "c.id",
      "c.status",
      "c.priority",
      "c.registered_at",
      "c.response_met_at",
      "c.sla_calendar_id",
      "c.sla_target_minutes",
      "c.resolution_calendar_id",
      "c.resolution_target_minutes",
      "c.paused_since",
      "c.pauses",
      "c.escalation_level",
      "k.plan_id",
    ])
    .where("c.id", "=", caseId)
    .forNoKeyUpdate("c")
    .executeTakeFirst();
export type CaseClocks = NonNullable<Awaited<ReturnType<typeof lockCaseClocks>>>;

export const findFired = (db: Database, caseId: string) =>
  db.selectFrom("case_escalations").select(["clock", "level"]).where("case_id", "=", caseId).execute();

export const findTimers = (db: Database, caseId: string) =>
  db.selectFrom("escalation_timers").selectAll().where("case_id", "=", caseId).execute();

export type Timer = { caseId: string; clock: string; level: number; dueAt: Date; jobId: string | null };

/** A new case's first timers, with its intake's other bookkeeping (`writeLater`). */
export const insertTimersLater = async (db: Database, timers: Timer[]) => {
  if (!timers.length) return;
  await writeLater(
    db,
    db.insertInto("escalation_timers").values(
      timers.map((t) => ({
        case_id: t.caseId,
        clock: t.clock,
        level: t.level,
        due_at: t.dueAt,
        job_id: t.jobId,
      })),
    ),
  );
};

export const upsertTimer = (db: Database, timer: Timer) =>
  db
    .insertInto("escalation_timers")
    .values({
      case_id: timer.caseId,
      clock: timer.clock,
      level: timer.level,
      due_at: timer.dueAt,
      job_id: timer.jobId,
    })
    .onConflict((oc) =>
      oc
        .columns(["case_id", "clock"])
        .doUpdateSet({ level: timer.level, due_at: timer.dueAt, job_id: timer.jobId }),
    )
    .execute();

export const deleteTimer = (db: Database, caseId: string, clock: string) =>
  db.deleteFrom("escalation_timers").where("case_id", "=", caseId).where("clock", "=", clock).execute();

/**
 * Records a fired step with its history entry. The caller holds the case row lock and checked that the
 * step had not fired; the primary key still refuses a second firing (the transaction then rolls back).
 */
export const recordFiring = async (
  db: Database,
  firing: {
    caseId: string;
    clock: string;
    level: number;
    dueAt: Date;
    at: Date;
    kind: "warned" | "escalated";
    data: Record<string, unknown>;
  },
) => {
  const event = await db
    .insertInto("case_events")
    .values({
      case_id: firing.caseId,
      at: firing.at,
      actor_id: null,
      kind: firing.kind,
      visibility: "internal",
      data: JSON.stringify(firing.data),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("case_escalations")
    .values({
      case_id: firing.caseId,
      clock: firing.clock,
      level: firing.level,
      due_at: firing.dueAt,
      fired_at: firing.at,
      event_id: event.id,
    })
    .execute();
  await db
    .updateTable("cases")
    .set({
      escalation_level: sql<number>`greatest(coalesce(escalation_level, -1), ${firing.level})`,
      ...(firing.level >= 1 ? { escalated_at: sql<Date>`coalesce(escalated_at, ${firing.at})` } : {}),
    })
    .where("id", "=", firing.caseId)
    .execute();
};

/** Timers without a job whose step falls due before `before`, locked for arming (others skip them). */
export const lockUnarmedTimers = (db: Database, before: Date, limit: number) =>
  db
    .selectFrom("escalation_timers")
    .select(["case_id", "clock", "due_at"])
    .where("job_id", "is", null)
    .where("due_at", "<", before)
    .orderBy("due_at")
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();

export const setTimerJob = (db: Database, timer: { caseId: string; clock: string; jobId: string }) =>
  db
    .updateTable("escalation_timers")
    .set({ job_id: timer.jobId })
    .where("case_id", "=", timer.caseId)
    .where("clock", "=", timer.clock)
    .execute();

/** Timers whose job should have run by `before` (the backstop sweep takes them). */
export const findOverdueTimers = (db: Database, before: Date, limit: number) =>
  db
    .selectFrom("escalation_timers")
    .select(["case_id", "clock"])
    .where("due_at", "<", before)
    .orderBy("due_at")
    .limit(limit)
    .execute();

/** Running cases with no timer at all: cases from before escalation existed, or a plan edit's backlog. */
export const findCasesWithoutTimers = (db: Database, limit: number) =>
  db
    .selectFrom("cases as c")
    .select("c.id")
    .where("c.status", "in", ["new", "open", "waiting_on_customer"])
    .where((eb) =>
      eb.or([
        eb("c.response_met_at", "is", null),
        eb.and([eb("c.resolution_target_minutes", "is not", null), eb("c.paused_since", "is", null)]),
      ]),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom("escalation_timers as t").select("t.case_id").whereRef("t.case_id", "=", "c.id"),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom("case_escalations as e").select("e.case_id").whereRef("e.case_id", "=", "c.id"),
        ),
      ),
    )
    .limit(limit)
    .execute();

export const findRunningCaseIds = async (db: Database, after: string | null, limit: number) =>
  (
    await db
      .selectFrom("cases")
      .select("id")
      .where("status", "in", ["new", "open", "waiting_on_customer"])
      .$if(after !== null, (q) => q.where("id", ">", after!))
      .orderBy("id")
      .limit(limit)
      .execute()
  ).map((r) => r.id);

export const findEscalationSettings = async (db: Database): Promise<unknown> =>
  (await db.selectFrom("settings").select("value").where("key", "=", "escalation").executeTakeFirst())
    ?.value ?? null;

export const saveEscalationSettings = (db: Database, value: unknown, now: Date) =>
  db
    .insertInto("settings")
    .values({ key: "escalation", value: JSON.stringify(value), updated_at: now })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
    .execute();

export const findPlanIds = async (db: Database) =>
  (await db.selectFrom("plans").select("id").execute()).map((r) => r.id);

/** What a webhook says of the case whose step fired. */
export const findCaseSummary = (db: Database, caseId: string) =>
  db
    .selectFrom("cases")
    .select([
      "id",
      "number",
      "subject",
      "status",
      "priority",
      "organization_id",
      "system_id",
      "channel",
      "registered_at",
      "response_due_at",
    ])
    .where("id", "=", caseId)
    .executeTakeFirstOrThrow();
