import { describe, expect, it } from "vitest";
import { periodOf } from "../../src/web/features/audit/audit-api";
import { changedValues, detailLines } from "../../src/web/features/audit/audit-diff";
import { entityLabel, entityPath } from "../../src/web/features/audit/audit-words";

describe("an audit entry's before and after, as the console shows them", () => {
  it("lists only the values that changed, by dotted path, in the order the change names them", () => {
    const before = { name: "Estándar", responseClocks: { P1: { calendarId: "cdmx", targetMinutes: 240 } } };
    const after = { name: "Estándar", responseClocks: { P1: { calendarId: "24x7", targetMinutes: 240 } } };
    expect(changedValues(before, after)).toEqual([
      { path: "responseClocks.P1.calendarId", before: "cdmx", after: "24x7" },
    ]);
  });

  it("takes a PATCH's after as what it set: a field it does not name did not change", () => {
    const before = { purchaseOrder: "OC-1", notes: "" };
    expect(changedValues(before, { notes: "Renovación en trámite" })).toEqual([
      { path: "notes", before: "", after: "Renovación en trámite" },
    ]);
    expect(changedValues({ notes: "x" }, { notes: "x" })).toEqual([]);
  });

  it("shows new values with nothing before, lists as compact JSON, and a deletion's every value", () => {
    expect(changedValues(null, { penaltyRateBps: 1500 })).toEqual([
      { path: "penaltyRateBps", before: null, after: "1500" },
    ]);
    expect(changedValues(["a"], ["a", "b"])).toEqual([{ path: "", before: '["a"]', after: '["a","b"]' }]);
    expect(changedValues({ id: "oficina", week: { mon: [["09:00", "18:00"]] } }, null)).toEqual([
      { path: "id", before: "oficina", after: null },
      { path: "week.mon", before: '[["09:00","18:00"]]', after: null },
    ]);
    expect(changedValues(null, null)).toEqual([]);
    expect(changedValues({ status: null }, { status: "open" })).toEqual([
      { path: "status", before: "null", after: "open" },
    ]);
  });

  it("lists the other details a line a value", () => {
    expect(detailLines({ number: "CAS-2026-000123", ok: false, ids: ["x"] })).toEqual([
      { path: "number", value: "CAS-2026-000123" },
      { path: "ok", value: "false" },
      { path: "ids", value: '["x"]' },
    ]);
    expect(detailLines({})).toEqual([]);
  });
});

describe("an audit entry's thing", () => {
  const entry = (
    entity: string,
    entityId: string | null,
    details: Record<string, unknown> = {},
    action = "x.y",
  ) => ({
    action,
    entity,
    entityId,
    details,
  });
  it("links to its console page where there is one, and names it by its number", () => {
    const id = "0b0e7c1e-1c52-4f59-9d6b-2f0f3c6b5a10";
    expect(entityPath(entry("case", id))).toBe(`/cases/${id}`);
    expect(entityLabel(entry("case", id, { number: "CAS-2026-000123" }))).toBe("CAS-2026-000123");
    expect(entityLabel(entry("feature_request", id, { number: 12 }))).toBe("#12");
    expect(entityPath(entry("calendar", null, { id: "oficina" }))).toBe("/calendars/oficina");
    expect(entityPath(entry("calendar", null, { id: "oficina" }, "calendar.deleted"))).toBeNull();
    expect(entityPath(entry("release", id, { productId: "p1" }))).toBe("/catalog/p1");
    expect(entityPath(entry("api_token", id))).toBeNull();
    expect(entityLabel(entry("api_token", id))).toBe("0b0e7c1e");
  });
});

describe("the period the console asks for", () => {
  it("runs from the first day's start to the start of the day after the last, in the viewer's zone", () => {
    const period = periodOf({ from: "2026-11-01", to: "2026-11-30" });
    expect(period.problem).toBeNull();
    expect(new Date(period.from!).getDate()).toBe(1);
    expect(new Date(period.to!).getDate()).toBe(1);
    expect(new Date(period.to!).getMonth()).toBe(11);
    // one day is a period
    expect(periodOf({ from: "2026-11-27", to: "2026-11-27" }).problem).toBeNull();
  });

  it("says what is wrong before asking: the end before the start, or more than five years", () => {
    expect(periodOf({ from: "2026-11-27", to: "2026-11-26" }).problem).toBe("reversed");
    expect(periodOf({ from: "2006-01-01", to: "2026-01-01" }).problem).toBe("tooLong");
    expect(periodOf({ from: "2021-01-01", to: "2025-12-31" }).problem).toBeNull();
    expect(periodOf({ from: null, to: "2026-01-01" })).toMatchObject({ from: null, problem: null });
    expect(periodOf({ from: "no es fecha", to: null })).toEqual({ from: null, to: null, problem: null });
  });
});
