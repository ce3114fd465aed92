import type { EscalationAudience } from "./escalation-settings";

/**
 * Who an escalation step reaches (SPEC §4): the audiences that name a person of the case (its assignee, its
 * organization's account executive) and the audiences that are everyone holding a role — the queue is the
 * specialists, and the director is the admin (there is no director role).
 */
const AUDIENCE_ROLES: Partial<Record<EscalationAudience, string>> = {
  queue: "specialist",
  manager: "manager",
  technical_staff: "technical_staff",
  director: "admin",
};

type AudienceTargets = { userIds: string[]; roles: string[] };

export const computeAudienceTargets = (
  audiences: readonly EscalationAudience[],
  of: { assigneeId: string | null; accountExecutiveId: string | null },
): AudienceTargets => ({
  userIds: [
    ...(audiences.includes("assignee") && of.assigneeId ? [of.assigneeId] : []),
    ...(audiences.includes("account_executive") && of.accountExecutiveId ? [of.accountExecutiveId] : []),
  ],
  roles: [...new Set(audiences.flatMap((a) => AUDIENCE_ROLES[a] ?? []))],
});

/** Each staff member once, in the order found; a customer contact is never told of an escalation. */
export const escalationRecipients = <P extends { id: string; role: string }>(people: readonly P[]): P[] => [
  ...new Map(people.filter((p) => p.role !== "customer_contact").map((p) => [p.id, p])).values(),
];
