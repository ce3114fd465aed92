import { describe, expect, it } from "vitest";
import {
  checkTrainingDates,
  DEFAULT_PLAN_SETTINGS,
  decideAuthorization,
  hasValidTraining,
} from "../../../src/domain/contracts";

const [estandar, extendido] = DEFAULT_PLAN_SETTINGS;
const trained = [{ course: "Administración de SIGAP", completedOn: "2026-01-20", expiresOn: null }];
const contact = (id: string, overrides: Partial<{ organizationId: string; active: boolean }> = {}) => ({
  id,
  organizationId: "org-a",
  active: true,
  training: trained,
  ...overrides,
});
const decide = (authorized: string[], max: number, who = contact("new")) =>
  decideAuthorization({
    contact: who,
    contract: { organizationId: "org-a", authorizedContactIds: authorized },
    maxAuthorizedContacts: max,
    on: "2026-11-27",
  });

describe("authorized contacts", () => {
  it("Estándar allows two; the third is refused naming the limit", () => {
    expect(estandar?.maxAuthorizedContacts).toBe(2);
    expect(decide(["a"], 2)).toEqual({ ok: true });
    expect(decide(["a", "b"], 2)).toEqual({ ok: false, reason: "seat_limit", limit: 2 });
  });

  it("Extendido allows four; the fifth is refused", () => {
    expect(extendido?.maxAuthorizedContacts).toBe(4);
    expect(decide(["a", "b", "c"], 4)).toEqual({ ok: true });
    expect(decide(["a", "b", "c", "d"], 4)).toEqual({ ok: false, reason: "seat_limit", limit: 4 });
  });

  it("requires a training record valid on the day", () => {
    expect(decide([], 2, { ...contact("x"), training: [] })).toMatchObject({ reason: "no_training" });
    const expired = [{ course: "SIGAP", completedOn: "2024-01-10", expiresOn: "2026-01-10" }];
    expect(hasValidTraining(expired, "2026-01-10")).toBe(true);
    expect(hasValidTraining(expired, "2026-01-11")).toBe(false);
    const future = [{ course: "SIGAP", completedOn: "2026-12-01", expiresOn: null }];
    expect(hasValidTraining(future, "2026-11-27")).toBe(false);
  });

  it("refuses a contact of another organization, an inactive one and one already authorized", () => {
    expect(decide([], 2, contact("x", { organizationId: "org-b" }))).toMatchObject({
      reason: "contact_of_another_organization",
    });
    expect(decide([], 2, contact("x", { active: false }))).toMatchObject({ reason: "contact_inactive" });
    expect(decide(["x"], 2, contact("x"))).toMatchObject({ reason: "already_authorized" });
  });

  it("takes a training record completed by today that does not expire before it was completed", () => {
    const today = "2026-11-27";
    expect(checkTrainingDates({ completedOn: "2026-11-27", expiresOn: null, today })).toEqual({ ok: true });
    expect(checkTrainingDates({ completedOn: "2026-11-28", expiresOn: null, today })).toEqual({
      ok: false,
      reason: "completed_in_future",
    });
    expect(checkTrainingDates({ completedOn: "2026-01-10", expiresOn: "2026-01-10", today })).toEqual({
      ok: true,
    });
    expect(checkTrainingDates({ completedOn: "2026-01-10", expiresOn: "2026-01-09", today })).toEqual({
      ok: false,
      reason: "expires_before_completion",
    });
  });
});
