import type { Role } from "./roles";

/**
 * Who may do what (SPEC §1). Shared by the server (enforcement) and the web app (navigation).
 * Customer contacts read only their own organization; that scoping lives in the repositories.
 */
export const PERMISSIONS = {
  "organizations:read": [
    "admin",
    "manager",
    "specialist",
    "technical_staff",
    "account_executive",
    "customer_contact",
  ],
  "organizations:write": ["admin", "account_executive"],
  "contacts:read": [
    "admin",
    "manager",
    "specialist",
    "technical_staff",
    "account_executive",
    "customer_contact",
  ],
  "contacts:write": ["admin", "manager", "account_executive"],
  "users:read": ["admin", "manager", "specialist", "technical_staff", "account_executive"],
  "users:write": ["admin"],
  "catalog:read": [
    "admin",
    "manager",
    "specialist",
    "technical_staff",
    "account_executive",
    "customer_contact",
  ],
  "catalog:write": ["admin"],
  "systems:read": [
    "admin",
    "manager",
    "specialist",
    "technical_staff",
    "account_executive",
    "customer_contact",
  ],
  "systems:write": ["admin", "manager", "account_executive"],
  "plans:read": ["admin", "manager", "specialist", "technical_staff", "account_executive"],
  "plans:write": ["admin"],
  "contracts:read": [
    "admin",
    "manager",
    "specialist",
    "technical_staff",
    "account_executive",
    "customer_contact",
  ],
  "contracts:write": ["admin", "account_executive"],
  "contracts:history": ["admin", "manager", "specialist", "technical_staff", "account_executive"],
  "authorized-contacts:write": ["admin", "manager", "account_executive"],
  "training:read": [
    "admin",
    "manager",
    "specialist",
    "technical_staff",
    "account_executive",
    "customer_contact",
  ],
  "training:write": ["admin", "manager", "account_executive"],
  "held-requests:read": ["admin", "manager", "specialist", "account_executive"],
  "held-requests:release": ["admin", "manager", "specialist", "account_executive"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (role: Role, permission: Permission): boolean =>
  (PERMISSIONS[permission] as readonly Role[]).includes(role);
