import type { z } from "zod";
import type {
  Calendar,
  CalendarYear,
  calendarCreateSchema,
  calendarFileSchema,
  calendarUpdateSchema,
} from "../../../api/calendars";
import { localDateOf } from "../../../domain/contracts/local-date";
import {
  type CalendarDefinition,
  parseCalendarDefinition,
  toCalendarFile,
} from "../../../domain/sla/business-calendar";
import type { BusinessCalendar } from "../../../domain/sla/compiled-calendar";
import { HOLIDAY_PRESET_NAMES, holidaysOfYear } from "../../../domain/sla/holiday-rules";
import { CDMX_HABIL_CALENDAR_ID, TWENTY_FOUR_SEVEN_CALENDAR_ID } from "../../../domain/sla/sla-clock";
import { type Actor, authorize, SYSTEM_ACTOR } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, type FieldError, notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import { type CalendarSet, createCalendarRegistry } from "./calendar-registry";
import * as repo from "./calendars.repository";

export type OrganizationCalendar = { id: string; name: string; calendar: BusinessCalendar };

/** The domain's `path: message` problems as field errors with a code the screens translate. */
const fieldErrorOf = (problem: string): FieldError => {
  const at = problem.indexOf(": ");
  const field = at > 0 ? problem.slice(0, at) : "calendar";
  const message = at > 0 ? problem.slice(at + 2) : problem;
  if (/is not a time HH:MM/.test(message)) return { field, code: "time_format", message };
  if (/overlaps/.test(message)) return { field, code: "interval_overlap", message };
  if (/is not before end|can only end an interval/.test(message))
    return { field, code: "interval_order", message };
  if (/IANA time zone/.test(message)) return { field, code: "time_zone", message };
  if (/unknown preset/.test(message))
    return {
      field,
      code: "unknown_holiday_rule",
      params: { known: HOLIDAY_PRESET_NAMES.join(", ") },
      message,
    };
  if (/is not a date/.test(message)) return { field, code: "not_a_date", message };
  return { field, code: "invalid", message };
};

const validated = (file: z.output<typeof calendarFileSchema>): CalendarDefinition => {
  const parsed = parseCalendarDefinition(file);
  if (!parsed.ok)
    throw new AppError(
      "validation_failed",
      { reason: "calendar_invalid", params: { problem: parsed.errors.join("; ") } },
      parsed.errors.map(fieldErrorOf),
    );
  const unique = (dates: readonly string[]) => [...new Set(dates)].sort();
  return {
    ...parsed.calendar,
    holidays: unique(parsed.calendar.holidays),
    removedHolidays: unique(parsed.calendar.removedHolidays),
  };
};

/** Business calendars (SPEC §5): stored, edited by admins, compiled and cached per process. */
export const createCalendarsService = ({ db, clock }: ServiceDeps) => {
  const registry = createCalendarRegistry();
  const editListeners: (() => void)[] = [];

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
    const planned = await repo.findBusinessCalendarIdOf(executor, organizationId, today);
    const set = await load(executor);
    const entry =
      (planned ? set.get(planned) : undefined) ?? set.get(CDMX_HABIL_CALENDAR_ID) ?? set.entries()[0];
    if (!entry) throw new Error("no business calendar is stored");
    return { id: entry.id, name: entry.name, calendar: entry.compiled };
  };

  const toCalendar = (
    row: repo.CalendarRow,
    plans: string[],
    recomputation: repo.RecomputationRow | undefined,
  ): Calendar => ({
    id: row.id,
    name: row.name,
    timeZone: row.definition.timeZone,
    week: row.definition.week as Calendar["week"],
    holidays: [...row.definition.holidays],
    holidayRules: [...row.definition.holidayRules] as Calendar["holidayRules"],
    removedHolidays: [...row.definition.removedHolidays],
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
    usedByPlans: plans,
    recomputation: recomputation
      ? {
          status: recomputation.status as "running" | "done",
          casesRecomputed: recomputation.cases_recomputed,
          startedAt: recomputation.started_at.toISOString(),
          finishedAt: recomputation.finished_at?.toISOString() ?? null,
        }
      : null,
  });

  const view = async (executor: Database, id: string): Promise<Calendar> => {
    const [row] = await repo.findCalendars(executor, [id]);
    if (!row) throw notFound("calendar");
    const recomputations = await repo.findLatestRecomputations(executor);
    return toCalendar(row, await repo.findPlansUsing(executor, id), recomputations.get(id));
  };

  const listCalendars = async (actor: Actor | null) => {
    authorize(actor, "calendars:read");
    const [rows, plans, recomputations] = await Promise.all([
      repo.findCalendars(db),
      repo.findPlansByCalendar(db),
      repo.findLatestRecomputations(db),
    ]);
    return { items: rows.map((r) => toCalendar(r, plans.get(r.id) ?? [], recomputations.get(r.id))) };
  };

  const getCalendar = async (actor: Actor | null, id: string) => {
    authorize(actor, "calendars:read");
    return view(db, id);
  };

  const createCalendar = async (actor: Actor | null, input: z.output<typeof calendarCreateSchema>) => {
    const caller = authorize(actor, "calendars:write");
    const { id, ...file } = input;
    const definition = validated(file);
    await db.transaction().execute(async (tx) => {
      if (!(await repo.insertCalendar(tx, { id, definition, now: clock.now() })))
        throw new AppError("validation_failed", undefined, [
          { field: "id", code: "taken", params: { entity: "calendar" } },
        ]);
      await insertAudit(tx, {
        actor: caller,
        action: "calendar.created",
        entity: "calendar",
        entityId: null,
        details: { id, after: toCalendarFile(definition) },
      });
    });
    return view(db, id);
  };

  /**
   * Replaces a calendar's definition. The running cases on it are recomputed in the background, in batches
   * (the recomputation row is written with the edit, so a restart resumes it).
   */
  const save = async (
    caller: Actor,
    id: string,
    change: (before: CalendarDefinition) => CalendarDefinition,
    expectedVersion?: number,
  ) => {
    await db.transaction().execute(async (tx) => {
      const before = await repo.lockCalendar(tx, id);
      if (!before) throw notFound("calendar");
      if (id === TWENTY_FOUR_SEVEN_CALENDAR_ID)
        throw new AppError("conflict", { reason: "calendar_builtin", params: { id } });
      if (expectedVersion !== undefined && expectedVersion !== before.version)
        throw new AppError("version_conflict");
      const definition = change(before.definition);
      const now = clock.now();
      const version = await repo.updateCalendar(tx, { id, definition, now });
      await repo.insertRecomputation(tx, { calendarId: id, version, now });
      await insertAudit(tx, {
        actor: caller,
        action: "calendar.updated",
        entity: "calendar",
        entityId: null,
        details: {
          id,
          version,
          before: toCalendarFile(before.definition),
          after: toCalendarFile(definition),
        },
      });
    });
    for (const listener of editListeners) listener();
    return view(db, id);
  };

  const updateCalendar = (actor: Actor | null, id: string, input: z.output<typeof calendarUpdateSchema>) => {
    const caller = authorize(actor, "calendars:write");
    const { version, ...file } = input;
    const definition = validated(file);
    return save(caller, id, () => definition, version);
  };

  /** An added date is a holiday; a rule-made date an admin had removed becomes one again. */
  const addHoliday = (actor: Actor | null, id: string, date: string) => {
    const caller = authorize(actor, "calendars:write");
    return save(caller, id, (before) =>
      validated({
        ...toCalendarFile(before),
        week: before.week as Calendar["week"],
        holidays: before.removedHolidays.includes(date) ? [...before.holidays] : [...before.holidays, date],
        removedHolidays: before.removedHolidays.filter((d) => d !== date),
      } as z.output<typeof calendarFileSchema>),
    );
  };

  /** Removes an added date, or keeps a rule-made date a working day. */
  const removeHoliday = (actor: Actor | null, id: string, date: string) => {
    const caller = authorize(actor, "calendars:write");
    return save(caller, id, (before) => {
      const year = Number(date.slice(0, 4));
      if (!holidaysOfYear(before, year).some((h) => h.date === date))
        throw new AppError("conflict", { reason: "calendar_date_not_holiday", params: { date } });
      const holidays = before.holidays.filter((d) => d !== date);
      const stillHoliday = holidaysOfYear({ ...before, holidays }, year).some((h) => h.date === date);
      return validated({
        ...toCalendarFile(before),
        week: before.week as Calendar["week"],
        holidays,
        removedHolidays: stillHoliday ? [...before.removedHolidays, date] : [...before.removedHolidays],
      } as z.output<typeof calendarFileSchema>);
    });
  };

  /** Refused while a plan, a contract not yet ended or a running case counts on it. */
  const deleteCalendar = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "calendars:write");
    await db.transaction().execute(async (tx) => {
      const row = await repo.lockCalendar(tx, id);
      if (!row) throw notFound("calendar");
      if (id === TWENTY_FOUR_SEVEN_CALENDAR_ID)
        throw new AppError("conflict", { reason: "calendar_builtin", params: { id } });
      const today = clock.now().toISOString().slice(0, 10);
      const plans = await repo.findPlansUsing(tx, id);
      const contracts = await repo.countContractsUsing(tx, id, today);
      const cases = await repo.countRunningCasesOn(tx, id);
      if (plans.length || contracts || cases)
        throw new AppError("conflict", {
          reason: "calendar_in_use",
          params: { plans: plans.join(", "), contracts, cases },
        });
      await repo.deleteCalendar(tx, id);
      await insertAudit(tx, {
        actor: caller,
        action: "calendar.deleted",
        entity: "calendar",
        entityId: null,
        details: { id, before: toCalendarFile(row.definition) },
      });
    });
  };

  /** The SPEC §5 file: what `soporte sla --calendar` reads and what import takes back. */
  const exportCalendar = async (actor: Actor | null, id: string) => {
    authorize(actor, "calendars:read");
    const [row] = await repo.findCalendars(db, [id]);
    if (!row) throw notFound("calendar");
    return toCalendarFile(row.definition);
  };

  /** The holidays of a year with the rules that make them, and the rule-made dates removed. */
  const yearOf = async (actor: Actor | null, id: string, asked?: number): Promise<CalendarYear> => {
    authorize(actor, "calendars:read");
    const [row] = await repo.findCalendars(db, [id]);
    if (!row) throw notFound("calendar");
    const definition = row.definition;
    const year = asked ?? Number(localDateOf(clock.now().getTime(), definition.timeZone).slice(0, 4));
    const kept = new Set(holidaysOfYear(definition, year).map((h) => h.date));
    const all = holidaysOfYear({ ...definition, removedHolidays: [] }, year);
    return {
      calendarId: id,
      year,
      days: all.map((h) => ({
        date: h.date,
        sources: [...h.sources],
        presets: HOLIDAY_PRESET_NAMES.filter((p) => h.sources.some((s) => s.startsWith(`${p}: `))),
        added: definition.holidays.includes(h.date),
        removed: !kept.has(h.date),
      })),
    };
  };

  return {
    load,
    recent: (executor: Database = db) => registry.recent(executor),
    businessCalendarOf,
    listCalendars,
    getCalendar,
    createCalendar,
    updateCalendar,
    addHoliday,
    removeHoliday,
    deleteCalendar,
    exportCalendar,
    yearOf,
    /** Called after every edit (the cases module recomputes the running cases). */
    onEdited: (listener: () => void) => editListeners.push(listener),
    takeRecomputationBatch: async (tx: Database, limit: number) => {
      const recomputation = await repo.lockRunningRecomputation(tx);
      if (!recomputation) return null;
      const caseIds = await repo.findRunningCaseIdsOn(
        tx,
        recomputation.calendar_id,
        recomputation.after_case_id,
        limit,
      );
      return { recomputation, caseIds };
    },
    finishRecomputationBatch: async (
      tx: Database,
      recomputation: repo.RecomputationRow,
      caseIds: string[],
      done: boolean,
    ) => {
      const now = clock.now();
      await repo.advanceRecomputation(tx, {
        id: recomputation.id,
        afterCaseId: caseIds.at(-1) ?? recomputation.after_case_id,
        cases: caseIds.length,
        done,
        now,
      });
      if (done)
        await insertAudit(tx, {
          actor: SYSTEM_ACTOR,
          action: "calendar.cases_recomputed",
          entity: "calendar",
          entityId: null,
          details: {
            id: recomputation.calendar_id,
            version: recomputation.calendar_version,
            cases: recomputation.cases_recomputed + caseIds.length,
          },
        });
    },
  };
};

export type CalendarsService = ReturnType<typeof createCalendarsService>;
