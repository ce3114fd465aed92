export type { CalendarEntry, CalendarSet } from "./calendar-registry";
export {
  type CalendarsService,
  createCalendarsService,
  type OrganizationCalendar,
} from "./calendars.service";
