/**
 * Escalation plan (SPEC §4): a warning before the response target is breached and escalation levels at
 * and after it, each at a share of the target counted on the case's own calendar. Data, so admins edit it.
 */
import { addBusinessTime, type Pause } from "./business-time";
import type { BusinessCalendar } from "./compiled-calendar";
import type { EscalationClock, EscalationStep } from "./escalation-settings";

export * from "./escalation-settings";

export type ScheduledStep = EscalationStep & { dueAt: number };

/**
 * When each step falls due: registration + percent × target in business time on the clock's calendar
 * (a P1 on a 24×7 clock escalates at night; one on business hours waits for the next opening).
 */
export const computeEscalationSchedule = (options: {
  calendar: BusinessCalendar;
  registeredAt: number;
  targetSeconds: number;
  plan: readonly EscalationStep[];
  pauses?: readonly Pause[];
}): ScheduledStep[] =>
  options.plan.map((step) => ({
    ...step,
    dueAt: addBusinessTime(
      options.calendar,
      options.registeredAt,
      Math.round((options.targetSeconds * step.percent) / 100),
      options.pauses ? { pauses: options.pauses } : undefined,
    ),
  }));

/** A clock that is running now: escalation counts on it. A stopped clock (met, paused, closed) has none. */
export type RunningClock = {
  clock: EscalationClock;
  calendar: BusinessCalendar;
  registeredAt: number;
  targetSeconds: number;
  pauses?: readonly Pause[];
};

export type DueStep = ScheduledStep & { clock: EscalationClock };

/**
 * What to do at `now`: the steps that are due and not yet fired (all of them, in order — after downtime
 * several fire together), and each running clock's next step still to come.
 */
export const computeEscalationWork = (options: {
  clocks: readonly RunningClock[];
  plan: readonly EscalationStep[];
  fired: ReadonlySet<string>;
  now: number;
}): { due: DueStep[]; next: DueStep[] } => {
  const due: DueStep[] = [];
  const next: DueStep[] = [];
  for (const running of options.clocks) {
    const schedule = computeEscalationSchedule({
      calendar: running.calendar,
      registeredAt: running.registeredAt,
      targetSeconds: running.targetSeconds,
      plan: options.plan,
      ...(running.pauses ? { pauses: running.pauses } : {}),
    });
    const pending = schedule.filter((s) => !options.fired.has(firedKey(running.clock, s.level)));
    due.push(...pending.filter((s) => s.dueAt <= options.now).map((s) => ({ ...s, clock: running.clock })));
    const upcoming = pending.find((s) => s.dueAt > options.now);
    if (upcoming) next.push({ ...upcoming, clock: running.clock });
  }
  return { due, next };
};

export const firedKey = (clock: EscalationClock, level: number) => `${clock}:${level}`;
