import type { Database } from "../../platform/db";

/** What a recount of a running case's clocks reads, with the row locked against other changes. */
export const lockCaseForRecount = (db: Database, id: string) =>
  db
    .selectFrom("cases as c")
    .innerJoin("contracts as k", "k.id", "c.contract_id")
    .select([
      "c.id",
      "c.status",
      "c.priority",
      "c.registered_at",
      "c.response_met_at",
      "c.sla_window",
      "c.resolution_met_at",
      "c.paused_since",
      "c.pauses",
      "k.plan_settings",
    ])
    .where("c.id", "=", id)
    .forNoKeyUpdate("c")
    .executeTakeFirst();

/**
 * Derived clock columns only: the case's version is not bumped, so somebody editing it is not told it
 * changed under them when only a calendar did.
 */
export const updateCaseClocks = (
  db: Database,
  id: string,
  set: Partial<{
    response_due_at: Date;
    sla_calendar_id: string;
    sla_target_minutes: number;
    sla_explanation: string;
    sla_window: string | null;
    resolution_calendar_id: string | null;
    resolution_target_minutes: number | null;
    resolution_due_at: Date | null;
  }>,
) => db.updateTable("cases").set(set).where("id", "=", id).execute();
