/**
 * The fast engine against the brute-force minute-stepping model, on thousands of seeded random
 * cases per calendar (boundaries, DST changes, holidays, year ends, pauses). Zero disagreements.
 * A failure prints the seed-reproducible case.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  addBusinessTime,
  type BusinessCalendar,
  businessTimeBetween,
  type CalendarDefinition,
  compileCalendar,
  explainAddBusinessTime,
  isOpen,
  nextOpening,
  type Pause,
} from "../../../src/domain/sla/index";
import { BruteForceModel } from "./brute-force-model";
import {
  CDMX_FILE,
  calendarFrom,
  MADRID_SPLIT_FILE,
  MADRID_SUNDAY_NIGHT_FILE,
  NEW_YORK_24X7_FILE,
  SANTIAGO_NIGHTS_FILE,
  show,
} from "./calendar-fixtures";

const MINUTE = 60_000;
const SEED = 20_260_306;

/** mulberry32: a small deterministic PRNG, so every failure reproduces. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Scenario {
  readonly name: string;
  readonly file: unknown;
  readonly window: { readonly from: string; readonly to: string };
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: "CDMX hábil around Holy Week 2026",
    file: CDMX_FILE,
    window: { from: "2026-03-20T00:00-06:00", to: "2026-04-20T00:00-06:00" },
  },
  {
    name: "CDMX hábil across the 2026/2027 new year",
    file: CDMX_FILE,
    window: { from: "2026-12-18T00:00Z", to: "2027-01-12T00:00Z" },
  },
  {
    name: "CDMX hábil across Mexico City's last DST change (2022-10-30)",
    file: CDMX_FILE,
    window: { from: "2022-10-20T00:00Z", to: "2022-11-10T00:00Z" },
  },
  {
    name: "24×7 New York across spring forward 2026",
    file: NEW_YORK_24X7_FILE,
    window: { from: "2026-02-28T00:00Z", to: "2026-03-18T00:00Z" },
  },
  {
    name: "24×7 New York across fall back 2026",
    file: NEW_YORK_24X7_FILE,
    window: { from: "2026-10-24T00:00Z", to: "2026-11-10T00:00Z" },
  },
  {
    name: "24×7 New York across the new year",
    file: NEW_YORK_24X7_FILE,
    window: { from: "2026-12-26T00:00Z", to: "2027-01-06T00:00Z" },
  },
  {
    name: "Madrid split shifts and Saturday morning, spring (Good Friday, DST)",
    file: MADRID_SPLIT_FILE,
    window: { from: "2026-03-20T00:00Z", to: "2026-04-08T00:00Z" },
  },
  {
    name: "Madrid split shifts and Saturday morning, autumn (holidays, DST)",
    file: MADRID_SPLIT_FILE,
    window: { from: "2026-10-08T00:00Z", to: "2026-11-12T00:00Z" },
  },
  {
    name: "Madrid Sunday-night window containing the DST hour, spring",
    file: MADRID_SUNDAY_NIGHT_FILE,
    window: { from: "2026-03-14T00:00Z", to: "2026-04-05T00:00Z" },
  },
  {
    name: "Madrid Sunday-night window containing the DST hour, autumn",
    file: MADRID_SUNDAY_NIGHT_FILE,
    window: { from: "2026-10-10T00:00Z", to: "2026-11-02T00:00Z" },
  },
  {
    name: "Santiago night shifts, DST ends at midnight (April)",
    file: SANTIAGO_NIGHTS_FILE,
    window: { from: "2026-03-25T00:00Z", to: "2026-04-14T00:00Z" },
  },
  {
    name: "Santiago night shifts, DST starts at midnight (September, holidays)",
    file: SANTIAGO_NIGHTS_FILE,
    window: { from: "2026-08-29T00:00Z", to: "2026-09-24T00:00Z" },
  },
  {
    name: "Santiago night shifts across the new year",
    file: SANTIAGO_NIGHTS_FILE,
    window: { from: "2026-12-24T00:00Z", to: "2027-01-08T00:00Z" },
  },
];

const CASES = { add: 700, between: 700, pausedAdd: 250, pausedBetween: 250, open: 400 };
const SPECIAL_MINUTES = [0, 1, 59, 60, 61, 240, 480, 540, 1440, 2520];

describe.each(SCENARIOS.map((scenario, index) => ({ ...scenario, index })))(
  "engine = brute-force model: $name",
  (scenario) => {
    let definition: CalendarDefinition;
    let calendar: BusinessCalendar;
    let model: BruteForceModel;
    let boundaries: number[];
    let random: () => number;

    beforeAll(() => {
      definition = calendarFrom(scenario.file);
      calendar = compileCalendar(definition);
      model = new BruteForceModel(definition, scenario.window);
      boundaries = model.boundaries();
      random = randomSource(SEED + scenario.index);
    });

    const pick = (): number => {
      // 40% on or next to a change of open state, 60% anywhere in the window
      if (boundaries.length > 0 && random() < 0.4) {
        const boundary = boundaries[Math.floor(random() * boundaries.length)]!;
        const shifted = boundary + (Math.floor(random() * 3) - 1) * MINUTE;
        if (shifted >= model.from && shifted < model.to) return shifted;
      }
      return model.minuteAt(Math.floor(random() * model.minutes));
    };
    const amount = (): number => {
      const r = random();
      if (r < 0.1) return SPECIAL_MINUTES[Math.floor(random() * SPECIAL_MINUTES.length)]!;
      if (r < 0.5) return Math.floor(random() * 120);
      if (r < 0.8) return 120 + Math.floor(random() * 1400);
      return 1500 + Math.floor(random() * 4500);
    };
    const pauses = (around: number): Pause[] => {
      const count = 1 + Math.floor(random() * 3);
      const result: Pause[] = [];
      for (let i = 0; i < count; i++) {
        const from = around + Math.floor((random() * 6 - 1) * 1440) * MINUTE;
        result.push({ from, to: from + (1 + Math.floor(random() * 3000)) * MINUTE });
      }
      return result;
    };
    const describeCase = (op: string, ...instants: number[]): string =>
      `${op} ${instants.map((instant) => show(calendar, instant)).join(" ")}`;

    it("agrees on due times (addBusinessTime)", () => {
      const disagreements: string[] = [];
      let compared = 0;
      for (let i = 0; i < CASES.add; i++) {
        const start = pick();
        const minutes = amount();
        const expected = model.add(start, minutes);
        if (expected === null) continue;
        compared++;
        const actual = addBusinessTime(calendar, start, minutes * 60);
        if (actual !== expected) {
          disagreements.push(
            `${describeCase("add", start)} +${minutes}min: engine ${show(calendar, actual)}, model ${show(calendar, expected)}`,
          );
        }
      }
      expect(disagreements.slice(0, 5)).toEqual([]);
      expect(compared).toBeGreaterThan(CASES.add * 0.6);
    });

    it("agrees on business time between two instants", () => {
      const disagreements: string[] = [];
      for (let i = 0; i < CASES.between; i++) {
        const from = pick();
        const to = random() < 0.1 ? from - Math.floor(random() * 600) * MINUTE : pick();
        const expected = model.between(from, to) * 60;
        const actual = businessTimeBetween(calendar, from, to);
        if (actual !== expected)
          disagreements.push(`${describeCase("between", from, to)}: engine ${actual}s, model ${expected}s`);
      }
      expect(disagreements.slice(0, 5)).toEqual([]);
    });

    it("agrees on due times with pauses", () => {
      const disagreements: string[] = [];
      let compared = 0;
      for (let i = 0; i < CASES.pausedAdd; i++) {
        const start = pick();
        const minutes = amount();
        const paused = pauses(start);
        const expected = model.add(start, minutes, paused);
        if (expected === null) continue;
        compared++;
        const actual = addBusinessTime(calendar, start, minutes * 60, { pauses: paused });
        if (actual !== expected) {
          disagreements.push(
            `${describeCase("add", start)} +${minutes}min pauses ${paused.map((p) => describeCase("", p.from, p.to)).join(",")}: engine ${show(calendar, actual)}, model ${show(calendar, expected)}`,
          );
        }
      }
      expect(disagreements.slice(0, 5)).toEqual([]);
      expect(compared).toBeGreaterThan(CASES.pausedAdd * 0.5);
    });

    it("agrees on business time between two instants with pauses", () => {
      const disagreements: string[] = [];
      for (let i = 0; i < CASES.pausedBetween; i++) {
        const from = pick();
        const to = pick();
        const paused = pauses(Math.min(from, to));
        const expected = model.between(from, to, paused) * 60;
        const actual = businessTimeBetween(calendar, from, to, { pauses: paused });
        if (actual !== expected)
          disagreements.push(
            `${describeCase("between", from, to)} (paused): engine ${actual}s, model ${expected}s`,
          );
      }
      expect(disagreements.slice(0, 5)).toEqual([]);
    });

    it("agrees on isOpen and nextOpening", () => {
      const disagreements: string[] = [];
      for (let i = 0; i < CASES.open; i++) {
        const instant = pick();
        if (isOpen(calendar, instant) !== model.isOpen(instant))
          disagreements.push(describeCase("isOpen", instant));
        const expected = model.nextOpening(instant);
        if (expected !== null && nextOpening(calendar, instant) !== expected) {
          disagreements.push(
            `${describeCase("nextOpening", instant)}: engine ${show(calendar, nextOpening(calendar, instant))}`,
          );
        }
      }
      expect(disagreements.slice(0, 5)).toEqual([]);
    });

    it("explains every due time with open intervals that add up to the target", () => {
      for (let i = 0; i < 100; i++) {
        const start = pick();
        const minutes = 1 + Math.floor(random() * 3000);
        if (model.add(start, minutes) === null) continue;
        const explanation = explainAddBusinessTime(calendar, start, minutes * 60);
        const total = explanation.counted.reduce((sum, interval) => sum + interval.seconds, 0);
        expect(total).toBe(minutes * 60);
        expect(explanation.counted.at(-1)?.to).toBe(explanation.due);
        for (const interval of explanation.counted) {
          if (interval.from < model.to)
            expect(model.isOpen(interval.from - (interval.from % MINUTE))).toBe(true);
        }
      }
    });
  },
);
