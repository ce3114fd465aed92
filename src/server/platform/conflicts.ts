import { isUniqueViolation } from "./db";
import { AppError, type FieldError, type Reason } from "./errors";

/** What a unique constraint's violation means to the caller: the reason, and the field it is about. */
type UniqueConflicts = Record<string, { why: Reason; error: FieldError }>;

/** For `.catch`: a violation of one of these constraints becomes its 409; anything else goes on as it was. */
export const rethrowConflicts =
  (conflicts: UniqueConflicts) =>
  (error: unknown): never => {
    for (const [constraint, conflict] of Object.entries(conflicts)) {
      if (isUniqueViolation(error, constraint))
        throw new AppError("conflict", conflict.why, [conflict.error]);
    }
    throw error;
  };

/** Staff users and contacts share one table, and an email belongs to one of them. */
export const EMAIL_TAKEN: UniqueConflicts = {
  users_email_key: {
    why: { reason: "email_taken" },
    error: { field: "email", code: "taken", params: { entity: "user" } },
  },
};
