import { z } from "zod";
import { HOLIDAY_PRESET_NAMES } from "../domain/sla/holiday-rules";
import { WEEKDAYS } from "../domain/sla/weekdays";
import { timestampSchema } from "./common";

export { HOLIDAY_PRESET_NAMES, WEEKDAYS };

export const calendarIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lowercase letters, digits and hyphens, up to 63");
export const calendarIdParamsSchema = z.strictObject({ id: calendarIdSchema });

const interval = z.tuple([z.string(), z.string()]);

/**
 * A calendar in the SPEC §5 file format (what `soporte sla --calendar` reads), with `removedHolidays`:
 * rule-made dates an admin took out. The shape is checked here; times, overlaps, zones and rule names by
 * the domain, which names the field of every problem.
 */
export const calendarFileSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  timeZone: z.string().min(1).max(100),
  week: z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(interval).max(24).optional()]))),
  holidays: z.array(z.string()).max(2_000).optional(),
  holidayRules: z
    .array(z.union([z.string(), z.record(z.string(), z.unknown())]))
    .max(100)
    .optional(),
  removedHolidays: z.array(z.string()).max(2_000).optional(),
});
export type CalendarFile = z.infer<typeof calendarFileSchema>;

export const calendarCreateSchema = calendarFileSchema.extend({ id: calendarIdSchema });

/** An edit replaces the whole definition; `version` is the one the admin read (409 when it moved). */
export const calendarUpdateSchema = calendarFileSchema.extend({ version: z.number().int().positive() });

export const calendarSchema = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  week: z.record(z.string(), z.array(interval)),
  holidays: z.array(z.string()),
  holidayRules: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])),
  removedHolidays: z.array(z.string()),
  version: z.number().int(),
  updatedAt: timestampSchema,
  /** Plans whose clocks run on it: it cannot be deleted while any does. */
  usedByPlans: z.array(z.string()),
  /** The recomputation of running cases after the last edit. */
  recomputation: z
    .object({
      status: z.enum(["running", "done"]),
      casesRecomputed: z.number().int(),
      startedAt: timestampSchema,
      finishedAt: timestampSchema.nullable(),
    })
    .nullable(),
});
export type Calendar = z.infer<typeof calendarSchema>;

export const calendarListSchema = z.object({ items: z.array(calendarSchema) });

/** Without a year: this year in the calendar's zone. */
export const calendarYearQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(1900).max(2999).optional(),
});

/** One date of the year view: a holiday, or a rule-made date an admin removed. */
export const calendarDaySchema = z.object({
  date: z.string(),
  /** Which rules or lists make it a holiday, e.g. `mx-lft: Año Nuevo (1 de enero)`. */
  sources: z.array(z.string()),
  /** Which preset made it, when one did (for translation of the source). */
  presets: z.array(z.enum(HOLIDAY_PRESET_NAMES)),
  added: z.boolean(),
  removed: z.boolean(),
});
export const calendarYearSchema = z.object({
  calendarId: z.string(),
  year: z.number().int(),
  days: z.array(calendarDaySchema),
});
export type CalendarYear = z.infer<typeof calendarYearSchema>;

/** Add or remove one date: an added date is a holiday; removing a rule-made date keeps it a working day. */
export const calendarDateParamsSchema = z.strictObject({ id: calendarIdSchema, date: z.iso.date() });
