/**
 * Local dates "YYYY-MM-DD" in the browser, reckoned as the server does (contracts live in the
 * vendor's zone, Mexico City). Calendar arithmetic runs on UTC midnights, so no zone can shift a day.
 */
export const VENDOR_TIME_ZONE = "America/Mexico_City";

const isoDay = new Intl.DateTimeFormat("en-CA", {
  timeZone: VENDOR_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Today in Mexico City. */
export const todayLocalDate = (now: Date = new Date()): string => isoDay.format(now);

export const isLocalDate = (text: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
};

const toUtc = (date: string) => new Date(`${date}T00:00:00Z`);
const fromUtc = (date: Date) => date.toISOString().slice(0, 10);

export const addDays = (date: string, days: number): string => {
  const value = toUtc(date);
  value.setUTCDate(value.getUTCDate() + days);
  return fromUtc(value);
};

/** Same day `years` later; 29 February becomes 28 February in a common year (as Temporal does). */
export const addYears = (date: string, years: number): string => {
  const value = toUtc(date);
  const year = value.getUTCFullYear() + years;
  const month = value.getUTCMonth();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromUtc(new Date(Date.UTC(year, month, Math.min(value.getUTCDate(), lastDay))));
};

/** Same day `months` later, or the month's last day (31 August + 6 months → 28 February), as Temporal does. */
export const addMonths = (date: string, months: number): string => {
  const value = toUtc(date);
  const first = new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return fromUtc(
    new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(value.getUTCDate(), lastDay))),
  );
};

/** The last day of a one-year term: 2026-03-15 → 2027-03-14 (the server's default end date). */
export const oneYearTermEnd = (start: string): string => addDays(addYears(start, 1), -1);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
