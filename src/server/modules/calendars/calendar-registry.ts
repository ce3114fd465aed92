import type { CalendarDefinition } from "../../../domain/sla/business-calendar";
import { type BusinessCalendar, compileCalendar } from "../../../domain/sla/compiled-calendar";
import type { Database } from "../../platform/db";
import * as repo from "./calendars.repository";

export type CalendarEntry = {
  id: string;
  name: string;
  version: number;
  definition: CalendarDefinition;
  /** Compiled once per version: it caches its per-year tables. */
  compiled: BusinessCalendar;
};

/** The calendars as of one read: what a case's clocks are counted on. */
export type CalendarSet = {
  get: (id: string) => CalendarEntry | undefined;
  entries: () => CalendarEntry[];
};

const setOf = (entries: Map<string, CalendarEntry>): CalendarSet => {
  // the registry replaces its map on change and never mutates it: sharing it is safe
  const frozen = entries;
  return { get: (id) => frozen.get(id), entries: () => [...frozen.values()] };
};

/**
 * The per-process cache of compiled calendars. Every read of a clock first compares the stored versions
 * (one small query), so an edit made through another process is used by the next case counted here: the
 * cache never outlives the database row.
 */
export const createCalendarRegistry = () => {
  let entries = new Map<string, CalendarEntry>();
  let checkedAt = 0;

  const load = async (executor: Database): Promise<CalendarSet> => {
    const versions = await repo.findVersions(executor);
    const stale = versions.filter((v) => entries.get(v.id)?.version !== v.version).map((v) => v.id);
    if (stale.length || versions.length !== entries.size) {
      const next = new Map<string, CalendarEntry>();
      for (const v of versions) {
        const kept = entries.get(v.id);
        if (kept && kept.version === v.version) next.set(v.id, kept);
      }
      if (stale.length) {
        for (const row of await repo.findCalendars(executor, stale)) {
          const definition = row.definition;
          next.set(row.id, {
            id: row.id,
            name: row.name,
            version: row.version,
            definition,
            compiled: compileCalendar(definition),
          });
        }
      }
      entries = next;
    }
    checkedAt = Date.now();
    return setOf(entries);
  };

  /** For display (names, zones): at most `maxAgeMs` old, without a query when checked recently. */
  const recent = async (executor: Database, maxAgeMs = 1_000): Promise<CalendarSet> =>
    Date.now() - checkedAt < maxAgeMs ? setOf(entries) : load(executor);

  return { load, recent };
};

export type CalendarRegistry = ReturnType<typeof createCalendarRegistry>;
