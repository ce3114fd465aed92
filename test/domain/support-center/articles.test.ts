import { describe, expect, it } from "vitest";
import { affectsVersion, canMoveArticle, checkAlert } from "../../../src/domain/support-center/articles";

describe("articles of the support center", () => {
  it("a draft is published, a published article archived, an archived one published again; none goes back to draft", () => {
    expect(canMoveArticle("draft", "published")).toBe(true);
    expect(canMoveArticle("published", "archived")).toBe(true);
    expect(canMoveArticle("archived", "published")).toBe(true);
    expect(canMoveArticle("published", "draft")).toBe(false);
    expect(canMoveArticle("draft", "archived")).toBe(false);
  });

  it("an alert for SIGAP 3.0.0 to 3.2.9 affects 3.2.1 but neither 2.9.9 nor 3.10.0", () => {
    const range = { from: "3.0.0", to: "3.2.9" };
    expect(affectsVersion(range, "3.2.1")).toBe(true);
    expect(affectsVersion(range, "3.0.0")).toBe(true);
    expect(affectsVersion(range, "3.2.9")).toBe(true);
    expect(affectsVersion(range, "2.9.9")).toBe(false);
    expect(affectsVersion(range, "3.10.0")).toBe(false);
  });

  it("an open end affects everything on that side; an unreadable version is not known to be affected", () => {
    expect(affectsVersion({ from: "3.0.0", to: null }, "5.1.2")).toBe(true);
    expect(affectsVersion({ from: null, to: "3.2.1" }, "1.0.0")).toBe(true);
    expect(affectsVersion({ from: null, to: null }, "4.0.0")).toBe(true);
    expect(affectsVersion({ from: null, to: null }, "4.x")).toBe(false);
  });

  it("an alert names its product and severity, and its range runs forwards", () => {
    const alert = { productId: "p", severity: "critical" as const, affected: { from: "3.0.0", to: "3.2.9" } };
    expect(checkAlert(alert)).toEqual({ ok: true });
    expect(checkAlert({ ...alert, productId: null })).toEqual({
      ok: false,
      field: "productId",
      code: "required",
    });
    expect(checkAlert({ ...alert, severity: null })).toEqual({
      ok: false,
      field: "severity",
      code: "required",
    });
    expect(checkAlert({ ...alert, affected: { from: "3.2.10", to: "3.2.9" } })).toEqual({
      ok: false,
      field: "affectedTo",
      code: "range_reversed",
    });
  });
});
