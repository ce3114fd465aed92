export type { CalendarEntry, CalendarSet } from "./calendar-registry";
export { calendarsRoutes } from "./calendars.routes";
export {
  type CalendarsService,
  createCalendarsService,
  type OrganizationCalendar,
} from "./calendars.service";
