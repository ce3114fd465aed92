import { describe, expect, it } from "vitest";
import { releaseEntitlement } from "../../../src/domain/catalog/release-entitlement";

const CONTRACT = { id: "k1", startDate: "2026-03-02", endDate: "2027-03-01" };
const RENEWAL = { id: "k2", startDate: "2027-03-02", endDate: "2028-03-01" };
const may = (releaseDate: string, today: string, terms = [CONTRACT]) =>
  releaseEntitlement({ releaseDate, terms, today });

describe("the right to new versions", () => {
  it("during a contract every release out so far is downloadable, also one older than the contract", () => {
    expect(may("2026-06-22", "2026-12-04")).toEqual({ downloadable: true, contractId: "k1" });
    expect(may("2021-08-02", "2026-12-04")).toEqual({ downloadable: true, contractId: "k1" });
  });

  it("a release published after the contract end is not downloadable", () => {
    expect(may("2027-04-05", "2027-05-01")).toEqual({
      downloadable: false,
      reason: "after_contract_end",
      contractEnd: "2027-03-01",
    });
  });

  it("after the contract lapses, what it covered stays downloadable", () => {
    expect(may("2027-02-15", "2027-06-01")).toEqual({ downloadable: true, contractId: "k1" });
  });

  it("a renewal covers the releases after the first contract's end", () => {
    expect(may("2027-04-05", "2027-05-01", [CONTRACT, RENEWAL])).toEqual({
      downloadable: true,
      contractId: "k2",
    });
  });

  it("a release dated in the future waits for its date; beyond the contract it needs a renewal", () => {
    expect(may("2027-01-11", "2026-12-04")).toEqual({ downloadable: false, reason: "not_released" });
    expect(may("2027-06-01", "2026-12-04")).toMatchObject({ reason: "after_contract_end" });
  });

  it("without a contract that has started nothing is downloadable", () => {
    expect(may("2026-06-22", "2026-12-04", [])).toEqual({ downloadable: false, reason: "no_contract" });
    expect(may("2026-06-22", "2026-12-04", [RENEWAL])).toEqual({
      downloadable: false,
      reason: "no_contract",
    });
  });
});
