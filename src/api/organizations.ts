import { z } from "zod";
import {
  emailSchema,
  idSchema,
  nameSchema,
  paginationQuerySchema,
  phoneSchema,
  searchQuerySchema,
  timestampSchema,
  timeZoneSchema,
} from "./common";
import { languageSchema } from "./roles";

/** Mexican RFC: 3 letters (companies) or 4 (people), YYMMDD, 3-character homoclave. */
export const rfcSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}$/, { message: "must be an RFC such as CAA050126TH1" });

export const emailDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    message: "must be a domain such as example.gob.mx",
  });

export const organizationSchema = z.object({
  id: idSchema,
  name: z.string(),
  rfc: z.string().nullable(),
  emailDomains: z.array(z.string()),
  timeZone: z.string(),
  accountExecutive: z.object({ id: idSchema, name: z.string() }).nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Organization = z.infer<typeof organizationSchema>;

export const createOrganizationBodySchema = z.strictObject({
  name: nameSchema,
  rfc: rfcSchema.nullable().optional(),
  emailDomains: z.array(emailDomainSchema).max(20).default([]),
  timeZone: timeZoneSchema.default("America/Mexico_City"),
  accountExecutiveId: idSchema.nullable().optional(),
});
export const updateOrganizationBodySchema = z.strictObject({
  name: nameSchema.optional(),
  rfc: rfcSchema.nullable().optional(),
  emailDomains: z.array(emailDomainSchema).max(20).optional(),
  timeZone: timeZoneSchema.optional(),
  accountExecutiveId: idSchema.nullable().optional(),
});
export const listOrganizationsQuerySchema = paginationQuerySchema.extend({
  q: searchQuerySchema,
  accountExecutiveId: idSchema.optional(),
});

export const contactSchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  organizationName: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  preferredLanguage: languageSchema,
  active: z.boolean(),
  /** Whether the contact can sign in to the portal. */
  canSignIn: z.boolean(),
  /** A delivery-status report said mail to the address fails permanently (5.x.x), since when and why. */
  mailUndeliverable: z
    .object({ since: timestampSchema, status: z.string().nullable(), diagnostic: z.string().nullable() })
    .nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Contact = z.infer<typeof contactSchema>;

export const createContactBodySchema = z.strictObject({
  name: nameSchema,
  email: emailSchema,
  phone: phoneSchema.nullable().optional(),
  preferredLanguage: languageSchema.default("es-MX"),
  /** Optional portal password; without it the contact cannot sign in yet. */
  password: z.string().min(10).max(256).optional(),
});
export const updateContactBodySchema = z.strictObject({
  name: nameSchema.optional(),
  email: emailSchema.optional(),
  phone: phoneSchema.nullable().optional(),
  preferredLanguage: languageSchema.optional(),
  active: z.boolean().optional(),
});
export const listContactsQuerySchema = paginationQuerySchema.extend({
  q: searchQuerySchema,
  organizationId: idSchema.optional(),
});
