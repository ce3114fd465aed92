import { describe, expect, it } from "vitest";
import { allowedTransitions, CASE_STATUSES, checkTransition } from "../../../src/domain/cases";

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 27, 15);
const check = (
  from: (typeof CASE_STATUSES)[number],
  to: (typeof CASE_STATUSES)[number],
  resolvedAt: number | null = null,
) => checkTransition({ from, to, resolvedAt, now, reopenWindowDays: 15 });

describe("case statuses", () => {
  it("follows new → open ⇄ waiting on customer → resolved → closed", () => {
    expect(check("new", "open")).toEqual({ ok: true });
    expect(check("open", "waiting_on_customer")).toEqual({ ok: true });
    expect(check("waiting_on_customer", "open")).toEqual({ ok: true });
    expect(check("open", "resolved")).toEqual({ ok: true });
    expect(check("resolved", "closed", now)).toEqual({ ok: true });
  });

  it("a held case goes to new when released", () => {
    expect(check("held", "new")).toEqual({ ok: true });
    expect(check("held", "open")).toMatchObject({ ok: false, allowed: ["new", "closed"] });
  });

  it("reopens a resolved case within the window, not after", () => {
    expect(check("resolved", "open", now - 15 * DAY)).toEqual({ ok: true });
    expect(check("resolved", "open", now - 15 * DAY - 1)).toEqual({
      ok: false,
      allowed: ["closed"],
      reason: "reopen_window_passed",
    });
  });

  it("a closed case is final", () => {
    for (const to of CASE_STATUSES) expect(check("closed", to).ok).toBe(false);
  });

  it("refuses illegal moves and lists the allowed ones", () => {
    expect(check("new", "held")).toEqual({
      ok: false,
      allowed: ["open", "waiting_on_customer", "resolved", "closed"],
      reason: "not_allowed",
    });
    expect(check("open", "new").ok).toBe(false);
    expect(check("open", "open").ok).toBe(false);
  });

  it("every status has its reachable statuses declared", () => {
    for (const from of CASE_STATUSES) {
      expect(Array.isArray(allowedTransitions({ from, resolvedAt: now, now, reopenWindowDays: 15 }))).toBe(
        true,
      );
    }
  });
});
