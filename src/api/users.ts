import { z } from "zod";
import { passwordSchema } from "./auth";
import {
  emailSchema,
  idSchema,
  nameSchema,
  paginationQuerySchema,
  phoneSchema,
  searchQuerySchema,
  timestampSchema,
} from "./common";
import { languageSchema, staffRoleSchema } from "./roles";

export const staffUserSchema = z.object({
  id: idSchema,
  email: z.string(),
  name: z.string(),
  role: staffRoleSchema,
  phone: z.string().nullable(),
  preferredLanguage: languageSchema,
  active: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type StaffUser = z.infer<typeof staffUserSchema>;

export const createStaffUserBodySchema = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  role: staffRoleSchema,
  phone: phoneSchema.nullable().optional(),
  preferredLanguage: languageSchema.default("es-MX"),
  password: passwordSchema,
});
export const updateStaffUserBodySchema = z.strictObject({
  email: emailSchema.optional(),
  name: nameSchema.optional(),
  role: staffRoleSchema.optional(),
  phone: phoneSchema.nullable().optional(),
  preferredLanguage: languageSchema.optional(),
  active: z.boolean().optional(),
});
export const listStaffUsersQuerySchema = paginationQuerySchema.extend({
  q: searchQuerySchema,
  role: staffRoleSchema.optional(),
});
