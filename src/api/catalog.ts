import { z } from "zod";
import { ENVIRONMENTS, type Environment } from "../domain/catalog/environment";
import { RELEASE_KINDS, type ReleaseKind } from "../domain/catalog/release-version";
import { EOL_NOTICE_MONTHS, SUPPORT_STATUSES, type SupportStatus } from "../domain/catalog/support-status";
import {
  idSchema,
  localDateSchema,
  nameSchema,
  paginationQuerySchema,
  searchQuerySchema,
  timestampSchema,
} from "./common";

export { RELEASE_KINDS, type ReleaseKind };
export const releaseKindSchema = z.enum(RELEASE_KINDS);

export { ENVIRONMENTS, type Environment, EOL_NOTICE_MONTHS, SUPPORT_STATUSES, type SupportStatus };

/** Where a release (or an installed version) stands in the support policy today. */
export const supportSchema = z.object({
  status: z.enum(SUPPORT_STATUSES),
  /** The announced last day of support of its line, when there is one. */
  endOfSupportOn: localDateSchema.nullable(),
});
export type Support = z.infer<typeof supportSchema>;
export const environmentSchema = z.enum(ENVIRONMENTS);

export const versionSchema = z
  .string()
  .trim()
  .regex(/^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/, {
    message: "must be a version MAJOR.MINOR.PATCH such as 5.2.1",
  });

export const productModuleSchema = z.object({ id: idSchema, name: z.string() });
export const productSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  modules: z.array(productModuleSchema),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Product = z.infer<typeof productSchema>;

const moduleNamesSchema = z
  .array(nameSchema.max(120))
  .max(50)
  .refine((names) => new Set(names.map((n) => n.toLowerCase())).size === names.length, {
    message: "module names must be unique",
  });

export const createProductBodySchema = z.strictObject({
  name: nameSchema.max(120),
  description: z.string().trim().max(2000).default(""),
  modules: moduleNamesSchema.default([]),
});
export const updateProductBodySchema = z.strictObject({
  name: nameSchema.max(120).optional(),
  description: z.string().trim().max(2000).optional(),
});
export const createModuleBodySchema = z.strictObject({ name: nameSchema.max(120) });
export const updateModuleBodySchema = z.strictObject({ name: nameSchema.max(120) });
export const listProductsQuerySchema = paginationQuerySchema.extend({ q: searchQuerySchema });

export const releaseSchema = z.object({
  id: idSchema,
  productId: idSchema,
  productName: z.string(),
  version: z.string(),
  kind: releaseKindSchema,
  releaseDate: localDateSchema,
  notes: z.string(),
  support: supportSchema,
  createdAt: timestampSchema,
});
export type Release = z.infer<typeof releaseSchema>;

/** Installers and documents of a release, stored like case attachments. */
export const releaseFileSchema = z.object({
  id: idSchema,
  releaseId: idSchema,
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  /** For the customer to check the download. */
  sha256: z.string(),
  createdAt: timestampSchema,
});
export type ReleaseFile = z.infer<typeof releaseFileSchema>;

/** The right to download a release (SPEC §7): a contract whose end is on or after the release date. */
export const entitlementSchema = z.object({
  downloadable: z.boolean(),
  /** Why not: no contract yet, published after the contracts' end ("requiere póliza vigente"), or not out yet. */
  reason: z.enum(["no_contract", "after_contract_end", "not_released"]).nullable(),
  /** The latest contract end, when the release came after it. */
  contractEnd: localDateSchema.nullable(),
});
export type Entitlement = z.infer<typeof entitlementSchema>;

export const systemReleaseSchema = z.object({
  release: releaseSchema,
  entitlement: entitlementSchema,
  files: z.array(releaseFileSchema),
});
export type SystemRelease = z.infer<typeof systemReleaseSchema>;

export const releaseDownloadSchema = z.object({
  id: z.number().int(),
  fileId: idSchema,
  filename: z.string(),
  user: z.object({ id: idSchema, name: z.string(), email: z.string() }).nullable(),
  organization: z.object({ id: idSchema, name: z.string() }).nullable(),
  contractNumber: z.string().nullable(),
  downloadedAt: timestampSchema,
});
export type ReleaseDownload = z.infer<typeof releaseDownloadSchema>;

export const eolAnnouncementSchema = z.object({
  id: idSchema,
  productId: idSchema,
  major: z.number().int(),
  announcedOn: localDateSchema,
  endOfSupportOn: localDateSchema,
  note: z.string(),
  /** Customer systems on the line when it was announced (their organizations were told by mail). */
  systemsNotified: z.number().int(),
  createdAt: timestampSchema,
});
export type EolAnnouncement = z.infer<typeof eolAnnouncementSchema>;
export const endOfSupportListSchema = z.object({
  items: z.array(eolAnnouncementSchema),
  /**
   * The major lines whose end may be announced today (older than the previous line, not yet announced),
   * newest first, with how many customer systems run each; empty for who cannot write the catalog.
   */
  announceable: z.array(z.object({ major: z.number().int(), systems: z.number().int() })),
});
export type EndOfSupportList = z.infer<typeof endOfSupportListSchema>;
export const createEolAnnouncementBodySchema = z.strictObject({
  /** The major line whose support ends: 2 for 2.x. */
  major: z.number().int().min(0).max(999_999),
  /** Its last day of support: at least six months after the announcement. */
  endOfSupportOn: localDateSchema,
  note: z.string().trim().max(2000).default(""),
});

export const createReleaseBodySchema = z.strictObject({
  version: versionSchema,
  /** Derived from the version when absent; when present it must agree with it. */
  kind: releaseKindSchema.optional(),
  releaseDate: localDateSchema,
  notes: z.string().trim().max(20_000).default(""),
});
export const updateReleaseBodySchema = z.strictObject({
  releaseDate: localDateSchema.optional(),
  notes: z.string().trim().max(20_000).optional(),
});
export const listReleasesQuerySchema = paginationQuerySchema.extend({
  productId: idSchema.optional(),
});

export const customerSystemSchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  organizationName: z.string(),
  productId: idSchema,
  productName: z.string(),
  name: z.string(),
  modules: z.array(productModuleSchema),
  installedVersion: z.string(),
  /** The installed version's place in the support policy today. */
  support: supportSchema,
  environment: environmentSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type CustomerSystem = z.infer<typeof customerSystemSchema>;

export const createCustomerSystemBodySchema = z.strictObject({
  organizationId: idSchema,
  productId: idSchema,
  /** A label that tells installations apart, e.g. "SIGAP producción". */
  name: nameSchema.max(120),
  moduleIds: z.array(idSchema).max(50).default([]),
  installedVersion: versionSchema,
  environment: environmentSchema,
});
export const updateCustomerSystemBodySchema = z.strictObject({
  name: nameSchema.max(120).optional(),
  moduleIds: z.array(idSchema).max(50).optional(),
  installedVersion: versionSchema.optional(),
  environment: environmentSchema.optional(),
});
export const listCustomerSystemsQuerySchema = paginationQuerySchema.extend({
  q: searchQuerySchema,
  organizationId: idSchema.optional(),
  productId: idSchema.optional(),
  environment: environmentSchema.optional(),
});
