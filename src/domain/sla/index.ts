/** Business calendars and the SLA clock engine: the public API of domain/sla. */
export {
  type CalendarDefinition,
  type CalendarParseResult,
  type OpenInterval,
  parseCalendarDefinition,
  parseCalendarText,
  toCalendarFile,
  type WeeklyHours,
} from "./business-calendar";
export {
  addBusinessTime,
  type BusinessTimeOptions,
  businessTimeBetween,
  type CountedInterval,
  type DueExplanation,
  type ElapsedExplanation,
  explainAddBusinessTime,
  explainBusinessTimeBetween,
  isOpen,
  nextOpening,
  openIntervalsBetween,
  type Pause,
} from "./business-time";
export { NO_OPEN_TIME_YEARS, NoOpenTimeError, UnsupportedInstantError } from "./business-time-errors";
export {
  BusinessCalendar,
  compileCalendar,
  MAX_SUPPORTED_YEAR,
  MIN_SUPPORTED_YEAR,
} from "./compiled-calendar";
export { computeAudienceTargets, escalationRecipients } from "./escalation-audience";
export {
  computeEscalationSchedule,
  computeEscalationWork,
  DEFAULT_ESCALATION_PLAN,
  type DueStep,
  ESCALATION_AUDIENCES,
  ESCALATION_CLOCKS,
  type EscalationAudience,
  type EscalationClock,
  type EscalationSettings,
  type EscalationStep,
  escalationPlanSchema,
  escalationSettingsSchema,
  firedKey,
  type RunningClock,
  resolveEscalationPlan,
  type ScheduledStep,
} from "./escalation-plan";
export {
  EXPLICIT_HOLIDAY_SOURCE,
  HOLIDAY_PRESET_NAMES,
  HOLIDAY_PRESETS,
  HOLIDAY_RULE_KINDS,
  type HolidayOfYear,
  type HolidayPresetName,
  type HolidayRule,
  type HolidayRuleKind,
  type HolidayRuleSpec,
  holidaysOfYear,
  westernEasterSunday,
} from "./holiday-rules";
export {
  formatInstant,
  formatInstantInCalendar,
  type InstantParseResult,
  parseInstant,
  parseInstantInCalendar,
} from "./instant-text";
export {
  CDMX_HABIL_CALENDAR,
  CDMX_HABIL_CALENDAR_ID,
  computeResponseClock,
  DEFAULT_CALENDARS,
  DEFAULT_PLANS,
  ESTANDAR_PLAN,
  EXTENDIDO_PLAN,
  type PlanSlaSettings,
  PRIORITIES,
  type Priority,
  type PriorityClock,
  planSlaSettingsSchema,
  type ResponseClock,
  type ResponseClockResult,
  TWENTY_FOUR_SEVEN_CALENDAR,
  TWENTY_FOUR_SEVEN_CALENDAR_ID,
} from "./sla-clock";
export { WEEKDAYS, type Weekday } from "./weekdays";
