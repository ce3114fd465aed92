import { describe, expect, it } from "vitest";
import {
  computeAudienceTargets,
  DEFAULT_ESCALATION_PLAN,
  escalationRecipients,
} from "../../../src/domain/sla";

const onCase = { assigneeId: "jorge", accountExecutiveId: "daniela" };

describe("who an escalation step reaches", () => {
  it("the warning goes to the case's assignee and the queue, which is every specialist", () => {
    expect(computeAudienceTargets(["assignee", "queue"], onCase)).toEqual({
      userIds: ["jorge"],
      roles: ["specialist"],
    });
  });

  it("level 1 goes to the support managers and the technical staff", () => {
    expect(computeAudienceTargets(["manager", "technical_staff"], onCase)).toEqual({
      userIds: [],
      roles: ["manager", "technical_staff"],
    });
  });

  it("level 2 goes to the organization's account executive and the director, who is the admin", () => {
    expect(computeAudienceTargets(["account_executive", "director"], onCase)).toEqual({
      userIds: ["daniela"],
      roles: ["admin"],
    });
  });

  it("an unassigned case's warning reaches the queue only; no account executive, nobody by name", () => {
    const unassigned = { assigneeId: null, accountExecutiveId: null };
    expect(computeAudienceTargets(["assignee", "queue"], unassigned)).toEqual({
      userIds: [],
      roles: ["specialist"],
    });
    expect(computeAudienceTargets(["account_executive"], unassigned)).toEqual({ userIds: [], roles: [] });
  });

  it("the default plan's steps reach, in order, assignee+queue, managers+technical staff, executive+director", () => {
    expect(DEFAULT_ESCALATION_PLAN.map((step) => computeAudienceTargets(step.audiences, onCase))).toEqual([
      { userIds: ["jorge"], roles: ["specialist"] },
      { userIds: [], roles: ["manager", "technical_staff"] },
      { userIds: ["daniela"], roles: ["admin"] },
    ]);
  });
});

describe("the people told", () => {
  it("each person once, even when named and also holding the role", () => {
    const jorge = { id: "jorge", role: "specialist" };
    const ana = { id: "ana", role: "specialist" };
    expect(escalationRecipients([jorge, ana, jorge])).toEqual([jorge, ana]);
  });

  it("never a customer contact, whatever the data says", () => {
    expect(
      escalationRecipients([
        { id: "cliente", role: "customer_contact" },
        { id: "mgr", role: "manager" },
      ]),
    ).toEqual([{ id: "mgr", role: "manager" }]);
  });
});
