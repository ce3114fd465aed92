import { describe, expect, it } from "vitest";
import { decideCaseIntake } from "../../../src/domain/contracts";

const plans = [{ id: "estandar" }, { id: "extendido" }];
const ana = { id: "ana", role: "customer_contact", organizationId: "org-a", active: true };
const system = { id: "sys-1", organizationId: "org-a" };
const contract = (
  overrides: Partial<{ id: string; startDate: string; endDate: string; authorizedContactIds: string[] }> = {},
) => ({
  id: "c-2026",
  planId: "estandar",
  systemId: "sys-1",
  startDate: "2026-01-02",
  endDate: "2027-01-01",
  authorizedContactIds: ["ana"],
  ...overrides,
});
const decide = (options: Partial<Parameters<typeof decideCaseIntake>[0]> = {}) =>
  decideCaseIntake({ person: ana, system, at: "2026-11-27", contracts: [contract()], plans, ...options });

describe("case intake entitlement: one decision for every channel", () => {
  it("accepts an authorized contact of a current contract, with the contract and its plan", () => {
    expect(decide()).toMatchObject({
      outcome: "accepted",
      contract: { id: "c-2026" },
      plan: { id: "estandar" },
    });
  });

  it("accepts on the first and the last day of the contract", () => {
    expect(decide({ at: "2026-01-02" }).outcome).toBe("accepted");
    expect(decide({ at: "2027-01-01" }).outcome).toBe("accepted");
  });

  it("refuses someone of the organization who is not an authorized contact", () => {
    const luis = { ...ana, id: "luis" };
    expect(decide({ person: luis })).toEqual({
      outcome: "refused_not_authorized",
      messageKey: "intake.refused.notAuthorized",
    });
  });

  it("holds a request when the system has no current contract: purchase order required", () => {
    const held = decide({ at: "2027-01-02" });
    expect(held).toMatchObject({ outcome: "held_po_required", lastContract: { id: "c-2026" } });
    expect(decide({ contracts: [] })).toMatchObject({ outcome: "held_po_required", lastContract: null });
    // before the first contract starts
    expect(decide({ at: "2025-12-31" })).toMatchObject({ outcome: "held_po_required", lastContract: null });
  });

  it("refuses, not holds, a lapsed system's request from someone who was never authorized", () => {
    expect(decide({ at: "2027-03-01", person: { ...ana, id: "luis" } }).outcome).toBe(
      "refused_not_authorized",
    );
  });

  it("uses the current contract, not an earlier or later one", () => {
    const contracts = [
      contract({ id: "c-2025", startDate: "2025-01-02", endDate: "2026-01-01", authorizedContactIds: [] }),
      contract(),
      contract({ id: "c-2027", startDate: "2027-01-04", endDate: "2028-01-03", authorizedContactIds: [] }),
    ];
    expect(decide({ contracts })).toMatchObject({ outcome: "accepted", contract: { id: "c-2026" } });
  });

  it("refuses unknown senders: nobody, a staff user, an inactive contact", () => {
    for (const person of [
      null,
      { ...ana, role: "specialist", organizationId: null },
      { ...ana, active: false },
    ]) {
      expect(decide({ person })).toMatchObject({ outcome: "refused_unknown", reason: "unknown_sender" });
    }
  });

  it("refuses a system that is unknown or belongs to another organization", () => {
    expect(decide({ system: null })).toMatchObject({ outcome: "refused_unknown", reason: "unknown_system" });
    expect(decide({ system: { id: "sys-1", organizationId: "org-b" } })).toMatchObject({
      outcome: "refused_unknown",
      reason: "unknown_system",
    });
  });

  it("ignores contracts of other systems", () => {
    expect(
      decide({
        contracts: [contract({ id: "other" }), contract()].map((c, i) =>
          i === 0 ? { ...c, systemId: "sys-2" } : c,
        ),
      }),
    ).toMatchObject({ outcome: "accepted", contract: { id: "c-2026" } });
    expect(decide({ contracts: [{ ...contract(), systemId: "sys-2" }] }).outcome).toBe("held_po_required");
  });
});
