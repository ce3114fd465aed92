/** The only source of "now" on the server; tests pass a fixed or steppable clock. */
export type Clock = { now: () => Date };

export const systemClock: Clock = { now: () => new Date() };

export const fixedClock = (at: Date | string): Clock & { set: (at: Date | string) => void } => {
  let current = new Date(at);
  return { now: () => new Date(current), set: (next) => (current = new Date(next)) };
};
