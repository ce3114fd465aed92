/** Pauses: intervals that do not count, e.g. while a case is waiting on the customer (SPEC §4). */
import { describe, expect, it } from "vitest";
import {
  addBusinessTime,
  businessTimeBetween,
  explainAddBusinessTime,
  explainBusinessTimeBetween,
  type Pause,
  UnsupportedInstantError,
} from "../../../src/domain/sla/index";
import { at, CDMX_FILE, compiledFrom, HOUR, show } from "./calendar-fixtures";

const cdmx = compiledFrom(CDMX_FILE);
const pause = (from: string, to: string): Pause => ({ from: at(cdmx, from), to: at(cdmx, to) });
const due = (start: string, seconds: number, pauses: Pause[]) =>
  show(cdmx, addBusinessTime(cdmx, at(cdmx, start), seconds, { pauses }));

describe("business time with pauses", () => {
  it("waiting on the customer from Monday 11:00 to Tuesday 10:00 moves an 8 h target from Monday 17:00 to Tuesday 16:00", () => {
    expect(due("2026-03-09T09:00", 8 * HOUR, [])).toBe("2026-03-09T17:00:00-06:00");
    expect(due("2026-03-09T09:00", 8 * HOUR, [pause("2026-03-09T11:00", "2026-03-10T10:00")])).toBe(
      "2026-03-10T16:00:00-06:00",
    );
  });

  it("a pause outside business hours changes nothing", () => {
    expect(due("2026-03-09T09:00", 12 * HOUR, [pause("2026-03-09T18:00", "2026-03-10T09:00")])).toBe(
      "2026-03-10T12:00:00-06:00",
    );
  });

  it("a pause covering the start delays the start of counting to its end", () => {
    expect(due("2026-03-09T10:00", HOUR, [pause("2026-03-09T08:00", "2026-03-09T15:30")])).toBe(
      "2026-03-09T16:30:00-06:00",
    );
    expect(due("2026-03-09T10:00", 0, [pause("2026-03-09T08:00", "2026-03-09T15:30")])).toBe(
      "2026-03-09T15:30:00-06:00",
    );
    expect(due("2026-03-09T10:00", 0, [pause("2026-03-09T08:00", "2026-03-09T20:00")])).toBe(
      "2026-03-10T09:00:00-06:00",
    );
  });

  it("a due time landing exactly where a pause begins is that instant", () => {
    expect(due("2026-03-09T09:00", 2 * HOUR, [pause("2026-03-09T11:00", "2026-03-09T12:00")])).toBe(
      "2026-03-09T11:00:00-06:00",
    );
  });

  it("overlapping, touching and unsorted pauses count once; the caller's array is not changed", () => {
    const pauses = [
      pause("2026-03-09T14:00", "2026-03-09T15:00"),
      pause("2026-03-09T10:00", "2026-03-09T12:00"),
      pause("2026-03-09T11:00", "2026-03-09T13:00"),
      pause("2026-03-09T13:00", "2026-03-09T13:30"),
    ];
    const copy = structuredClone(pauses);
    expect(
      businessTimeBetween(cdmx, at(cdmx, "2026-03-09T09:00"), at(cdmx, "2026-03-09T18:00"), { pauses }),
    ).toBe(4.5 * HOUR);
    expect(due("2026-03-09T09:00", 4.5 * HOUR, pauses)).toBe("2026-03-09T18:00:00-06:00");
    expect(pauses).toEqual(copy);
  });

  it("pauses partly outside [from, to) only remove what is inside", () => {
    expect(
      businessTimeBetween(cdmx, at(cdmx, "2026-03-09T12:00"), at(cdmx, "2026-03-10T12:00"), {
        pauses: [
          pause("2026-03-09T08:00", "2026-03-09T13:00"),
          pause("2026-03-10T11:00", "2026-03-11T11:00"),
        ],
      }),
    ).toBe(7 * HOUR);
  });

  it("the explanation leaves paused time out", () => {
    const pauses = [pause("2026-03-09T11:00", "2026-03-10T10:00")];
    const explanation = explainAddBusinessTime(cdmx, at(cdmx, "2026-03-09T09:00"), 8 * HOUR, { pauses });
    expect(
      explanation.counted.map((interval) => [show(cdmx, interval.from), show(cdmx, interval.to)]),
    ).toEqual([
      ["2026-03-09T09:00:00-06:00", "2026-03-09T11:00:00-06:00"],
      ["2026-03-10T10:00:00-06:00", "2026-03-10T16:00:00-06:00"],
    ]);
    const elapsed = explainBusinessTimeBetween(
      cdmx,
      at(cdmx, "2026-03-09T09:00"),
      at(cdmx, "2026-03-10T18:00"),
      { pauses },
    );
    expect(elapsed.seconds).toBe(10 * HOUR);
    expect(elapsed.counted.reduce((sum, interval) => sum + interval.seconds, 0)).toBe(10 * HOUR);
  });

  it("a pause that ends before it starts is refused; an empty one is ignored", () => {
    expect(() => due("2026-03-09T09:00", HOUR, [pause("2026-03-09T11:00", "2026-03-09T10:00")])).toThrow(
      UnsupportedInstantError,
    );
    expect(due("2026-03-09T09:00", HOUR, [pause("2026-03-09T09:30", "2026-03-09T09:30")])).toBe(
      "2026-03-09T10:00:00-06:00",
    );
  });
});
