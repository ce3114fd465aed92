import type { Permission } from "../../api/permissions";
import { can } from "../../api/permissions";
import type { Language, Role } from "../../api/roles";
import { AppError } from "./errors";

/** The authenticated caller; comes only from the session cookie or the bearer token. */
export type Actor = {
  userId: string;
  email: string;
  name: string;
  role: Role;
  organizationId: string | null;
  preferredLanguage: Language;
  via: "session" | "token" | "system" | "email";
  /** Hash of the session token, when signed in by cookie. */
  sessionId: string | null;
  csrfToken: string | null;
  /** A read-only API token: its writes are refused whatever the role. */
  readOnly?: true;
};

/** What data a caller may read: everything (staff) or one organization (customer contacts). */
export type Scope = { kind: "all" } | { kind: "organization"; organizationId: string };

export const scopeOf = (actor: Actor): Scope =>
  actor.role === "customer_contact"
    ? { kind: "organization", organizationId: actor.organizationId! }
    : { kind: "all" };

/** Raises 401 without an actor and 403 when the role lacks the permission. */
export const authorize = (actor: Actor | null, permission: Permission): Actor => {
  if (!actor) throw new AppError("unauthenticated", { reason: "sign_in_required" });
  if (!can(actor.role, permission))
    throw new AppError("forbidden", { reason: "role_forbidden", params: { role: actor.role, permission } });
  return actor;
};

/** The operator at the command line (`soporte admin …`, seeding): an admin with no user row. */
export const SYSTEM_ACTOR: Actor = {
  userId: "00000000-0000-0000-0000-000000000000",
  email: "system@soporte.local",
  name: "Soporte",
  role: "admin",
  organizationId: null,
  preferredLanguage: "es-MX",
  via: "system",
  sessionId: null,
  csrfToken: null,
};

/** The user id to store as who did something; null for the operator (no user row). */
export const actorUserId = (actor: Pick<Actor, "userId" | "via">): string | null =>
  actor.via === "system" ? null : actor.userId;
