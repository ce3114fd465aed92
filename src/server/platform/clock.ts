import { localDateOf } from "../../domain/contracts/local-date";

/** The only source of "now" on the server; tests pass a fixed or steppable clock. */
export type Clock = { now: () => Date };

export const systemClock: Clock = { now: () => new Date() };

export const fixedClock = (at: Date | string): Clock & { set: (at: Date | string) => void } => {
  let current = new Date(at);
  return { now: () => new Date(current), set: (next) => (current = new Date(next)) };
};

/** Contract dates, release dates and support ends are the vendor's calendar days (Mexico City). */
export const VENDOR_TIME_ZONE = "America/Mexico_City";

export const vendorToday = (clock: Clock) => localDateOf(clock.now().getTime(), VENDOR_TIME_ZONE);
