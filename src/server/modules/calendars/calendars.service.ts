import type { BusinessCalendar } from "../../../domain/sla/compiled-calendar";
import { CDMX_HABIL_CALENDAR_ID } from "../../../domain/sla/sla-clock";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { type CalendarSet, createCalendarRegistry } from "./calendar-registry";

export type OrganizationCalendar = { id: string; name: string; calendar: BusinessCalendar };

/** Business calendars (SPEC §5): stored, edited by admins, compiled and cached per process. */
export const createCalendarsService = ({ db, clock }: ServiceDeps) => {
  const registry = createCalendarRegistry();

  /** The calendars as stored now (a version check per call; recompiles only what changed). */
  const load = (executor: Database = db): Promise<CalendarSet> => registry.load(executor);

  /**
   * The business-hours calendar of an organization: the P2 clock's calendar of the plan of its current
   * contract (the one ending last), or "CDMX hábil". Business days of services (reviews, notice) count on it.
   */
  const businessCalendarOf = async (
    executor: Database,
    organizationId: string,
  ): Promise<OrganizationCalendar> => {
    const today = clock.now().toISOString().slice(0, 10);
    const contract = await executor
      .selectFrom("contracts")
      .select("plan_settings")
      .where("organization_id", "=", organizationId)
      .where("start_date", "<=", today)
      .where("end_date", ">=", today)
      .orderBy("end_date", "desc")
      .limit(1)
      .executeTakeFirst();
    const set = await load(executor);
    const planned = (
      contract?.plan_settings as { responseClocks?: { P2?: { calendarId?: string } } } | undefined
    )?.responseClocks?.P2?.calendarId;
    const entry =
      (planned ? set.get(planned) : undefined) ?? set.get(CDMX_HABIL_CALENDAR_ID) ?? set.entries()[0];
    if (!entry) throw new Error("no business calendar is stored");
    return { id: entry.id, name: entry.name, calendar: entry.compiled };
  };

  return { load, recent: (executor: Database = db) => registry.recent(executor), businessCalendarOf };
};

export type CalendarsService = ReturnType<typeof createCalendarsService>;
