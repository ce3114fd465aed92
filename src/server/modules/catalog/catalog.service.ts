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
import { rethrowConflicts } from "../../platform/conflicts";
import type { ServiceDeps } from "../../platform/deps";
import { invalidField, notFound } from "../../platform/errors";
import type { Page } from "../../platform/pagination";
import { insertAudit } from "../audit";
import type { NotificationsService } from "../notifications";
import * as repo from "./catalog.repository";
import * as systemsRepo from "./customer-systems.repository";
import { createReleaseFilesService } from "./release-files.service";
import { createReleaseLifecycleService } from "./release-lifecycle.service";

const rethrowConflict = rethrowConflicts({
  products_name_key: {
    why: { reason: "product_name_taken" },
    error: { field: "name", code: "taken", params: { entity: "product" } },
  },
  product_modules_name_key: {
    why: { reason: "module_name_taken" },
    error: { field: "name", code: "taken_in_product", params: { entity: "module" } },
  },
  releases_version_key: {
    why: { reason: "release_version_taken" },
    error: { field: "version", code: "taken_in_product", params: { entity: "release" } },
  },
  customer_systems_name_key: {
    why: { reason: "system_name_taken" },
    error: { field: "name", code: "taken_in_organization", params: { entity: "system" } },
  },
});

export const createCatalogService = (
  deps: ServiceDeps,
  features: { notifications: NotificationsService },
) => {
  const { db, clock } = deps;
  const lifecycle = createReleaseLifecycleService(deps, features);

  const getProduct = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "catalog:read");
    const product = await repo.findProduct(db, scopeOf(caller), id);
    if (!product) throw notFound("product");
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
        if (!(await repo.updateProduct(tx, id, { ...input, now: clock.now() }))) throw notFound("product");
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
    await db
      .transaction()
      .execute(async (tx) => {
        const moduleId = await repo.insertModule(tx, { productId, name, now: clock.now() });
        await insertAudit(tx, {
          actor: caller,
          action: "product.module_added",
          entity: "product",
          entityId: productId,
          details: { moduleId, name },
        });
      })
      .catch(rethrowConflict);
    return getProduct(caller, productId);
  };

  const renameModule = async (actor: Actor | null, productId: string, moduleId: string, name: string) => {
    const caller = authorize(actor, "catalog:write");
    const before = (await getProduct(caller, productId)).modules.find((m) => m.id === moduleId);
    await db
      .transaction()
      .execute(async (tx) => {
        if (!(await repo.renameModule(tx, { productId, moduleId, name }))) throw notFound("module");
        await insertAudit(tx, {
          actor: caller,
          action: "product.module_renamed",
          entity: "product",
          entityId: productId,
          details: { moduleId, before: { name: before?.name ?? null }, after: { name } },
        });
      })
      .catch(rethrowConflict);
    return getProduct(caller, productId);
  };

  const getRelease = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "catalog:read");
    const release = await repo.findRelease(db, scopeOf(caller), id);
    if (!release) throw notFound("release");
    return (await lifecycle.withReleaseSupport(db, [release]))[0]!;
  };

  const releasePage = async (page: Page<repo.ReleaseRecord>) => ({
    items: await lifecycle.withReleaseSupport(db, page.items),
    nextCursor: page.nextCursor,
  });

  const listReleases = async (actor: Actor | null, query: z.output<typeof listReleasesQuerySchema>) =>
    releasePage(await repo.findReleases(db, scopeOf(authorize(actor, "catalog:read")), query));

  const listProductReleases = async (
    actor: Actor | null,
    productId: string,
    query: z.output<typeof listReleasesQuerySchema>,
  ) => {
    const caller = authorize(actor, "catalog:read");
    await getProduct(caller, productId);
    return releasePage(await repo.findReleases(db, scopeOf(caller), { ...query, productId }));
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
      throw invalidField({ reason: "release_version_format" }, { field: "version", code: "version_format" });
    }
    const kind = checkReleaseKind(version, input.kind);
    if (!kind.ok) {
      const params = { version: input.version, expected: kind.expected };
      throw invalidField(
        { reason: "release_kind_mismatch", params },
        { field: "kind", code: "release_kind", params },
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
    const before = await getRelease(caller, id);
    await db.transaction().execute(async (tx) => {
      await repo.updateRelease(tx, id, input);
      await insertAudit(tx, {
        actor: caller,
        action: "release.updated",
        entity: "release",
        entityId: id,
        details: {
          productId: before.productId,
          version: before.version,
          before: { releaseDate: before.releaseDate, notes: before.notes },
          after: input,
        },
      });
    });
    return getRelease(caller, id);
  };

  const checkModules = async (productId: string, moduleIds: string[]) => {
    const unique = [...new Set(moduleIds)];
    if ((await systemsRepo.countModulesOfProduct(db, productId, unique)) !== unique.length) {
      throw invalidField(
        { reason: "modules_of_other_product" },
        { field: "moduleIds", code: "modules_of_product" },
      );
    }
    return unique;
  };

  const getSystem = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "systems:read");
    const record = await systemsRepo.findSystem(db, scopeOf(caller), id);
    const system = record ? (await lifecycle.withSystemSupport(db, [record]))[0] : null;
    if (!system) throw notFound("customer_system");
    return system;
  };

  const listSystems = async (actor: Actor | null, query: z.output<typeof listCustomerSystemsQuerySchema>) => {
    const page = await systemsRepo.findSystems(db, scopeOf(authorize(actor, "systems:read")), query);
    return { items: await lifecycle.withSystemSupport(db, page.items), nextCursor: page.nextCursor };
  };

  const createSystem = async (
    actor: Actor | null,
    input: z.output<typeof createCustomerSystemBodySchema>,
  ) => {
    const caller = authorize(actor, "systems:write");
    if (!(await systemsRepo.organizationExists(db, input.organizationId))) {
      throw invalidField(
        { reason: "organization_unknown" },
        { field: "organizationId", code: "not_found", params: { entity: "organization" } },
      );
    }
    if (!(await repo.findProduct(db, { kind: "all" }, input.productId))) {
      throw invalidField(
        { reason: "product_unknown" },
        { field: "productId", code: "not_found", params: { entity: "product" } },
      );
    }
    const moduleIds = await checkModules(input.productId, input.moduleIds);
    const id = await db
      .transaction()
      .execute(async (tx) => {
        const id = await systemsRepo.insertSystem(tx, { ...input, moduleIds, now: clock.now() });
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
        await systemsRepo.updateSystem(tx, id, { ...input, now: clock.now() });
        if (moduleIds) await systemsRepo.replaceSystemModules(tx, id, moduleIds);
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

  const files = createReleaseFilesService(deps, {
    getRelease,
    getSystem,
    withReleaseSupport: lifecycle.withReleaseSupport,
  });

  return {
    ...files,
    supportOf: lifecycle.supportOf,
    listEndOfSupport: lifecycle.listAnnouncements,
    announceEndOfSupport: lifecycle.announceEndOfSupport,
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
