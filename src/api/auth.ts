import { z } from "zod";
import { idSchema, nameSchema, timestampSchema } from "./common";
import { languageSchema, roleSchema } from "./roles";

export const PASSWORD_MIN_LENGTH = 10;
export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(256);

export const loginBodySchema = z.strictObject({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
});

export const currentUserSchema = z.object({
  id: idSchema,
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  organizationId: idSchema.nullable(),
  preferredLanguage: languageSchema,
});
export type CurrentUser = z.infer<typeof currentUserSchema>;

/** The signed-in user and the CSRF token to send as `x-csrf-token` on cookie-authenticated writes. */
export const sessionResponseSchema = z.object({
  user: currentUserSchema,
  csrfToken: z.string(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const changePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});

/** What a personal API token may do: everything its user may, or only read (GET). */
export const API_TOKEN_SCOPES = ["read_write", "read_only"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export const createApiTokenBodySchema = z.strictObject({
  name: nameSchema.max(100),
  scope: z.enum(API_TOKEN_SCOPES).default("read_write"),
});
export const apiTokenSchema = z.object({
  id: idSchema,
  name: z.string(),
  prefix: z.string(),
  scope: z.enum(API_TOKEN_SCOPES),
  createdAt: timestampSchema,
  lastUsedAt: timestampSchema.nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
/** Returned once, at creation: the secret is not stored in clear. */
export const createdApiTokenSchema = apiTokenSchema.extend({ token: z.string() });
