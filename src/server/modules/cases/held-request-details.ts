import type { Environment } from "../../../domain/catalog/environment";
import type { Priority } from "../../../domain/sla/sla-clock";

/**
 * What a held request keeps of its intake (its `details`), so that the case it opens when a purchase order
 * releases it is the one the requester reported (held-request-release.service.ts).
 */
export const heldRequestDetails = (
  input: {
    description: string;
    affectedPercent: number;
    canKeepWorking: boolean;
    checklist: Record<string, boolean>;
    environment?: Environment | undefined;
    proposedPriority?: Priority | undefined;
  },
  options: { checklistConfirmed: boolean; suggestedPriority?: Priority; origin?: Record<string, unknown> },
) => ({
  description: input.description,
  affectedPercent: input.affectedPercent,
  canKeepWorking: input.canKeepWorking,
  checklist: input.checklist,
  checklistConfirmed: options.checklistConfirmed,
  ...(input.environment ? { environment: input.environment } : {}),
  ...(input.proposedPriority ? { proposedPriority: input.proposedPriority } : {}),
  ...(options.suggestedPriority ? { suggestedPriority: options.suggestedPriority } : {}),
  ...(options.origin ? { origin: options.origin } : {}),
});

/** A held request's details as stored; older requests kept only the description and the share affected. */
export type HeldDetails = Partial<ReturnType<typeof heldRequestDetails>>;
