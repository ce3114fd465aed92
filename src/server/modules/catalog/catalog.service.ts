import type { z } from "zod";
import type {
  createCustomerSystemBodySchema,
  createProductBodySchema,
  createReleaseBodySchema,
  listCustomerSystemsQuerySchema,
  listProductsQuerySchema,
  listReleasesQuerySchema,
  updateCustomerSystemBodySchema,
  updateProductBodySchema,
  updateReleaseBodySchema,
} from "../../../api/catalog";
import { checkReleaseKind, parseVersion } from "../../../domain/catalog/release-version";
import { type Actor, authorize, scopeOf } from "../../platform/actor";
import { isUniqueViolation } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import * as repo from "./catalog.repository";

const CONFLICTS: Record<string, { field: string; message: string }> = {
  products_name_key: { field: "name", message: "is already used by another product" },
  product_modules_name_key: { field: "name", message: "is already a module of this product" },
  releases_version_key: { field: "version", message: "is already a release of this product" },
  customer_systems_name_key: {
    field: "name",
    message: "is already used by another system of this organization",
  },
};

const rethrowConflict = (error: unknown): never => {
  for (const [constraint, fieldError] of Object.entries(CONFLICTS)) {
    if (isUniqueViolation(error, constraint)) {
      throw new AppError("conflict", `${fieldError.field} ${fieldError.message}`, [fieldError]);
    }
  }
  throw error;
};

export const createCatalogService = ({ db, clock }: ServiceDeps) => {
  const getProduct = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "catalog:read");
    const product = await repo.findProduct(db, scopeOf(caller), id);
    if (!product) throw notFound("Product");
    return product;
  };

  const listProducts = (actor: Actor | null, query: z.output<typeof listProductsQuerySchema>) =>
    repo.findProducts(db, scopeOf(authorize(actor, "catalog:read")), query);

  const createProduct = async (actor: Actor | null, input: z.output<typeof createProductBodySchema>) => {
    const caller = authorize(actor, "catalog:write");
    const id = await db
      .transaction()
      .execute(async (tx) => {
        const id = await repo.insertProduct(tx, { ...input, now: clock.now() });
        await insertAudit(tx, {
          actor: caller,
          action: "product.created",
          entity: "product",
          entityId: id,
          details: input,
        });
        return id;
      })
      .catch(rethrowConflict);
    return getProduct(caller, id);
  };

  const updateProduct = async (
    actor: Actor | null,
    id: string,
    input: z.output<typeof updateProductBodySchema>,
  ) => {
    const caller = authorize(actor, "catalog:write");
    await db
      .transaction()
      .execute(async (tx) => {
        if (!(await repo.updateProduct(tx, id, { ...input, now: clock.now() }))) throw notFound("Product");
        await insertAudit(tx, {
          actor: caller,
          action: "product.updated",
          entity: "product",
          entityId: id,
          details: input,
        });
      })
      .catch(rethrowConflict);
    return getProduct(caller, id);
  };

  const addModule = async (actor: Actor | null, productId: string, name: string) => {
    const caller = authorize(actor, "catalog:write");
    await getProduct(caller, productId);
    await repo.insertModule(db, { productId, name, now: clock.now() }).catch(rethrowConflict);
    return getProduct(caller, productId);
  };

  const renameModule = async (actor: Actor | null, productId: string, moduleId: string, name: string) => {
    const caller = authorize(actor, "catalog:write");
    const renamed = await repo.renameModule(db, { productId, moduleId, name }).catch(rethrowConflict);
    if (!renamed) throw notFound("Module");
    return getProduct(caller, productId);
  };

  const getRelease = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "catalog:read");
    const release = await repo.findRelease(db, scopeOf(caller), id);
    if (!release) throw notFound("Release");
    return release;
  };

  const listReleases = (actor: Actor | null, query: z.output<typeof listReleasesQuerySchema>) =>
    repo.findReleases(db, scopeOf(authorize(actor, "catalog:read")), query);

  const listProductReleases = async (
    actor: Actor | null,
    productId: string,
    query: z.output<typeof listReleasesQuerySchema>,
  ) => {
    const caller = authorize(actor, "catalog:read");
    await getProduct(caller, productId);
    return repo.findReleases(db, scopeOf(caller), { ...query, productId });
  };

  const createRelease = async (
    actor: Actor | null,
    productId: string,
    input: z.output<typeof createReleaseBodySchema>,
  ) => {
    const caller = authorize(actor, "catalog:write");
    await getProduct(caller, productId);
    const version = parseVersion(input.version);
    if (!version) {
      throw new AppError("validation_failed", "version: must be MAJOR.MINOR.PATCH", [
        { field: "version", message: "must be MAJOR.MINOR.PATCH" },
      ]);
    }
    const kind = checkReleaseKind(version, input.kind);
    if (!kind.ok) {
      throw new AppError(
        "validation_failed",
        `kind: version ${input.version} is a ${kind.expected} release`,
        [{ field: "kind", message: `must be ${kind.expected} for version ${input.version}` }],
      );
    }
    const id = await db
      .transaction()
      .execute(async (tx) => {
        const id = await repo.insertRelease(tx, {
          productId,
          ...version,
          kind: kind.kind,
          releaseDate: input.releaseDate,
          notes: input.notes,
          now: clock.now(),
        });
        await insertAudit(tx, {
          actor: caller,
          action: "release.created",
          entity: "release",
          entityId: id,
          details: input,
        });
        return id;
      })
      .catch(rethrowConflict);
    return getRelease(caller, id);
  };

  const updateRelease = async (
    actor: Actor | null,
    id: string,
    input: z.output<typeof updateReleaseBodySchema>,
  ) => {
    const caller = authorize(actor, "catalog:write");
    await getRelease(caller, id);
    await repo.updateRelease(db, id, input);
    return getRelease(caller, id);
  };

  const checkModules = async (productId: string, moduleIds: string[]) => {
    const unique = [...new Set(moduleIds)];
    if ((await repo.countModulesOfProduct(db, productId, unique)) !== unique.length) {
      throw new AppError("validation_failed", "moduleIds: every module must belong to the system's product", [
        { field: "moduleIds", message: "must be modules of the system's product" },
      ]);
    }
    return unique;
  };

  const getSystem = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "systems:read");
    const system = await repo.findSystem(db, scopeOf(caller), id);
    if (!system) throw notFound("Customer system");
    return system;
  };

  const listSystems = (actor: Actor | null, query: z.output<typeof listCustomerSystemsQuerySchema>) =>
    repo.findSystems(db, scopeOf(authorize(actor, "systems:read")), query);

  const createSystem = async (
    actor: Actor | null,
    input: z.output<typeof createCustomerSystemBodySchema>,
  ) => {
    const caller = authorize(actor, "systems:write");
    if (!(await repo.organizationExists(db, input.organizationId))) {
      throw new AppError("validation_failed", "organizationId: no such organization", [
        { field: "organizationId", message: "is not an organization" },
      ]);
    }
    if (!(await repo.findProduct(db, { kind: "all" }, input.productId))) {
      throw new AppError("validation_failed", "productId: no such product", [
        { field: "productId", message: "is not a product" },
      ]);
    }
    const moduleIds = await checkModules(input.productId, input.moduleIds);
    const id = await db
      .transaction()
      .execute(async (tx) => {
        const id = await repo.insertSystem(tx, { ...input, moduleIds, now: clock.now() });
        await insertAudit(tx, {
          actor: caller,
          action: "system.created",
          entity: "customer_system",
          entityId: id,
          organizationId: input.organizationId,
          details: input,
        });
        return id;
      })
      .catch(rethrowConflict);
    return getSystem(caller, id);
  };

  const updateSystem = async (
    actor: Actor | null,
    id: string,
    input: z.output<typeof updateCustomerSystemBodySchema>,
  ) => {
    const caller = authorize(actor, "systems:write");
    const existing = await getSystem(caller, id);
    const moduleIds = input.moduleIds ? await checkModules(existing.productId, input.moduleIds) : undefined;
    await db
      .transaction()
      .execute(async (tx) => {
        await repo.updateSystem(tx, id, { ...input, now: clock.now() });
        if (moduleIds) await repo.replaceSystemModules(tx, id, moduleIds);
        await insertAudit(tx, {
          actor: caller,
          action: "system.updated",
          entity: "customer_system",
          entityId: id,
          organizationId: existing.organizationId,
          details: input,
        });
      })
      .catch(rethrowConflict);
    return getSystem(caller, id);
  };

  return {
    getProduct,
    listProducts,
    createProduct,
    updateProduct,
    addModule,
    renameModule,
    getRelease,
    listReleases,
    listProductReleases,
    createRelease,
    updateRelease,
    getSystem,
    listSystems,
    createSystem,
    updateSystem,
  };
};

export type CatalogService = ReturnType<typeof createCatalogService>;
