import { describe, expect, it } from "vitest";
import { checkMerge, checkStatusChange } from "../../../src/domain/support-center/feature-requests";

const request = { status: "submitted" as const, releaseId: null, mergedIntoId: null };

describe("the public status of a feature request", () => {
  it("planning a submitted request is a change; planning it again is not, so nobody is told twice", () => {
    expect(checkStatusChange(request, { to: "planned", reason: null, releaseId: null })).toEqual({
      ok: true,
      changed: true,
    });
    expect(
      checkStatusChange({ ...request, status: "planned" }, { to: "planned", reason: null, releaseId: null }),
    ).toEqual({ ok: true, changed: false });
  });

  it("a declined request says why; a released one names its release", () => {
    expect(checkStatusChange(request, { to: "declined", reason: "  ", releaseId: null })).toEqual({
      ok: false,
      field: "reason",
      code: "required_when_declined",
    });
    expect(checkStatusChange(request, { to: "released", reason: null, releaseId: null })).toEqual({
      ok: false,
      field: "releaseId",
      code: "required_when_released",
    });
    expect(
      checkStatusChange(
        { ...request, status: "released", releaseId: "r1" },
        { to: "released", reason: null, releaseId: "r2" },
      ),
    ).toEqual({ ok: true, changed: true });
  });

  it("a merged request keeps no status of its own", () => {
    expect(
      checkStatusChange(
        { ...request, mergedIntoId: "other" },
        { to: "planned", reason: null, releaseId: null },
      ),
    ).toEqual({ ok: false, reason: "merged" });
  });
});

describe("merging duplicates", () => {
  const a = { id: "a", productId: "sigap", mergedIntoId: null };
  const b = { id: "b", productId: "sigap", mergedIntoId: null };
  it("merges into another request of the same product that is not merged itself", () => {
    expect(checkMerge(a, b)).toEqual({ ok: true });
    expect(checkMerge(a, a)).toEqual({ ok: false, reason: "same_request" });
    expect(checkMerge(a, { ...b, productId: "ecm" })).toEqual({ ok: false, reason: "other_product" });
    expect(checkMerge(a, { ...b, mergedIntoId: "c" })).toEqual({ ok: false, reason: "target_merged" });
    expect(checkMerge({ ...a, mergedIntoId: "c" }, b)).toEqual({ ok: false, reason: "already_merged" });
  });
});
