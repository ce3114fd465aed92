import { describe, expect, it } from "vitest";
import { suggestPriority } from "../../../src/domain/cases";

const prod = (affectedPercent: number, canKeepWorking: boolean) =>
  suggestPriority({ environment: "production", affectedPercent, canKeepWorking });

describe("priority suggested from the reported impact", () => {
  it("P1: production, 100 % of users affected and unable to work", () => {
    expect(prod(100, false)).toBe("P1");
  });
  it("100 % affected but still working is P2, not P1", () => {
    expect(prod(100, true)).toBe("P2");
  });
  it("more than 50 % is P2, blocked or not", () => {
    expect(prod(50.1, true)).toBe("P2");
    expect(prod(80, false)).toBe("P2");
  });
  it("exactly 50 % is P3", () => {
    expect(prod(50, true)).toBe("P3");
  });
  it("exactly 10 % is P3", () => {
    expect(prod(10, true)).toBe("P3");
  });
  it("under 10 % is P4", () => {
    expect(prod(9.9, true)).toBe("P4");
    expect(prod(0, false)).toBe("P4");
  });
  it("any non-production environment is P4, whatever the impact", () => {
    for (const environment of ["test", "development"] as const) {
      expect(suggestPriority({ environment, affectedPercent: 100, canKeepWorking: false })).toBe("P4");
    }
  });
});
