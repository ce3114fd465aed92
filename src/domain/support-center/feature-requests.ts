/**
 * Feature requests (SPEC §7): customers submit, vote and follow; staff set the public status and merge
 * duplicates. A status change is told to the followers once.
 */
export const FEATURE_REQUEST_STATUSES = [
  "submitted",
  "under_review",
  "planned",
  "released",
  "declined",
] as const;
export type FeatureRequestStatus = (typeof FEATURE_REQUEST_STATUSES)[number];

export type StatusChange = {
  to: FeatureRequestStatus;
  /** Why it was declined: required then. */
  reason: string | null;
  /** The release that shipped it: required for `released`. */
  releaseId: string | null;
};

export type StatusChangeCheck =
  | { ok: true; changed: boolean }
  | { ok: false; reason: "merged" }
  | { ok: false; field: "reason"; code: "required_when_declined" }
  | { ok: false; field: "releaseId"; code: "required_when_released" };

/**
 * May the request take this status? Any public status may follow any other (a plan can be dropped, a declined
 * idea reconsidered), but a declined request says why and a released one names its release. Setting the
 * status it already has, with the same release, changes nothing, so nobody is told twice.
 */
export const checkStatusChange = (
  request: { status: FeatureRequestStatus; releaseId: string | null; mergedIntoId: string | null },
  change: StatusChange,
): StatusChangeCheck => {
  if (request.mergedIntoId) return { ok: false, reason: "merged" };
  if (change.to === "declined" && !change.reason?.trim()) {
    return { ok: false, field: "reason", code: "required_when_declined" };
  }
  if (change.to === "released" && !change.releaseId) {
    return { ok: false, field: "releaseId", code: "required_when_released" };
  }
  const changed =
    change.to !== request.status || (change.to === "released" && change.releaseId !== request.releaseId);
  return { ok: true, changed };
};

export type MergeCheck =
  | { ok: true }
  | { ok: false; reason: "same_request" | "other_product" | "already_merged" | "target_merged" };

/** A duplicate merges into another request of the same product that is not itself merged. */
export const checkMerge = (
  source: { id: string; productId: string; mergedIntoId: string | null },
  target: { id: string; productId: string; mergedIntoId: string | null },
): MergeCheck => {
  if (source.id === target.id) return { ok: false, reason: "same_request" };
  if (source.mergedIntoId) return { ok: false, reason: "already_merged" };
  if (target.mergedIntoId) return { ok: false, reason: "target_merged" };
  if (source.productId !== target.productId) return { ok: false, reason: "other_product" };
  return { ok: true };
};
