import { type BusinessCalendar, compileCalendar } from "./compiled-calendar";
import { DEFAULT_CALENDARS } from "./sla-clock";

// compiled once per process: each caches its per-year tables
const compiled = new Map<string, BusinessCalendar>(
  Object.entries(DEFAULT_CALENDARS).map(([id, definition]) => [id, compileCalendar(definition)]),
);

/** The compiled calendar of a default calendar id, or undefined when there is none. */
export const findDefaultCalendar = (id: string): BusinessCalendar | undefined => compiled.get(id);
