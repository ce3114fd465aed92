import { type Role, STAFF_ROLES } from "./roles";

const EVERYONE = [...STAFF_ROLES, "customer_contact"] as const;
const STAFF = STAFF_ROLES;
const SUPPORT_DESK = ["admin", "manager", "specialist", "account_executive"] as const;
const COMMERCIAL = ["admin", "account_executive"] as const;
const PEOPLE_KEEPERS = ["admin", "manager", "account_executive"] as const;
const ADMIN = ["admin"] as const;
const DESK = ["admin", "manager", "specialist"] as const;
const DESK_AND_ENGINEERS = ["admin", "manager", "specialist", "technical_staff"] as const;

/**
 * Who may do what (SPEC §1). Shared by the server (enforcement) and the web app (navigation).
 * Customer contacts read only their own organization; that scoping lives in the repositories.
 */
export const PERMISSIONS = {
  "organizations:read": EVERYONE,
  "organizations:write": COMMERCIAL,
  "contacts:read": EVERYONE,
  "contacts:write": PEOPLE_KEEPERS,
  /** Who works the desk may say a contact's address takes mail again (after a bounce). */
  "contacts:mail-delivery": SUPPORT_DESK,
  "users:read": STAFF,
  "users:write": ADMIN,
  "catalog:read": EVERYONE,
  "catalog:write": ADMIN,
  "systems:read": EVERYONE,
  "systems:write": PEOPLE_KEEPERS,
  "plans:read": STAFF,
  "plans:write": ADMIN,
  "settings:read": STAFF,
  "settings:write": ADMIN,
  "contracts:read": EVERYONE,
  "contracts:write": COMMERCIAL,
  "contracts:history": STAFF,
  "authorized-contacts:write": PEOPLE_KEEPERS,
  "training:read": EVERYONE,
  "training:write": PEOPLE_KEEPERS,
  "held-requests:read": SUPPORT_DESK,
  "held-requests:release": SUPPORT_DESK,
  "cases:read": EVERYONE,
  /** Customers open their own; the desk logs phone calls for them. */
  "cases:open": ["admin", "manager", "specialist", "customer_contact"],
  "cases:reply": ["admin", "manager", "specialist", "customer_contact"],
  "cases:note": DESK_AND_ENGINEERS,
  "cases:attach": ["admin", "manager", "specialist", "technical_staff", "customer_contact"],
  "cases:triage": DESK,
  "cases:status": DESK,
  "cases:assign": ["admin", "manager"],
  "notifications:read": EVERYONE,
  /** Digest or immediate warnings: staff receive warnings. */
  "notifications:preferences": STAFF,
  "escalation:read": STAFF,
  "escalation:write": ADMIN,
  /** The outbox holds every customer's mail: admins only. */
  "outbox:read": ADMIN,
  "outbox:retry": ADMIN,
  "dev-mail:read": ADMIN,
  /** The desk works the review list of incoming mail. */
  "inbound-mail:read": DESK,
  "inbound-mail:write": DESK,
  /** The support center is public to every customer contact (SPEC §1). */
  "support-center:read": EVERYONE,
  /** The desk and the product engineers write and publish articles. */
  "support-center:write": DESK_AND_ENGINEERS,
  "support-center:subscribe": EVERYONE,
  /** Customers ask for features and vote (their organization needs a current contract for the product). */
  "feature-requests:submit": ["customer_contact"],
  "feature-requests:vote": ["customer_contact"],
  "feature-requests:follow": EVERYONE,
  /** Product decisions: the public status and merging duplicates. */
  "feature-requests:triage": ["admin", "manager"],
  /** Who downloaded which release file. */
  "releases:downloads": STAFF,
  /**
   * Reports (SPEC §9): staff read every report; a customer contact reads the compliance and response-time
   * reports of their own organization.
   */
  "reports:read": EVERYONE,
  /** Business calendars and holidays: the desk reads them, admins edit them. */
  "calendars:read": STAFF,
  "calendars:write": ADMIN,
  /** Optional services (SPEC §8). Customers read their own organization's; the scoping is in the repositories. */
  "services:read": EVERYONE,
  /** Selling a consulting-hour bank or an on-site engineer service. */
  "services:sell": ["admin", "manager", "account_executive"],
  /** Consultants log their hours against a bank. */
  "hour-banks:log": ["admin", "manager", "specialist", "technical_staff"],
  /** Logging beyond the balance or after expiry, with a reason. */
  "hour-banks:override": ["admin", "manager"],
  /** The engineer and the account executive hold, minute and reschedule business reviews. */
  "sts:visits": ["admin", "manager", "technical_staff", "account_executive"],
  /** Authorized contacts book their out-of-hours days; the desk may book for them. */
  "out-of-hours:book": ["admin", "manager", "account_executive", "customer_contact"],
  /** Staff confirm (or decline) a booked out-of-hours window. */
  "out-of-hours:confirm": ["admin", "manager", "account_executive"],
  /** The audit log: who changed what, across every organization. */
  "audit:read": ["admin", "manager"],
  /** Webhooks carry every organization's events to other systems: admins only. */
  "webhooks:manage": ADMIN,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (role: Role, permission: Permission): boolean =>
  (PERMISSIONS[permission] as readonly Role[]).includes(role);
