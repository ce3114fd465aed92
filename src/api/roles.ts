import { z } from "zod";

export const STAFF_ROLES = [
  "admin",
  "manager",
  "specialist",
  "technical_staff",
  "account_executive",
] as const;
export const ROLES = [...STAFF_ROLES, "customer_contact"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);
export const staffRoleSchema = z.enum(STAFF_ROLES);

export const LANGUAGES = ["es-MX", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const languageSchema = z.enum(LANGUAGES);

export const isStaffRole = (role: Role): role is StaffRole => role !== "customer_contact";
