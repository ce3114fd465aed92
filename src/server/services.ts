import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { createUsersService, usersRoutes } from "./modules/admin";
import { authRoutes, createAuthService } from "./modules/auth";
import { casesRoutes, createCasesService } from "./modules/cases";
import { catalogRoutes, createCatalogService } from "./modules/catalog";
import {
  contractsRoutes,
  createAuthorizedContactsService,
  createContractsService,
  createHeldRequestsService,
  createPlansService,
} from "./modules/contracts";
import { createHealthService, healthRoutes } from "./modules/health";
import { createOrganizationsService, organizationsRoutes } from "./modules/organizations";
import type { ServiceDeps } from "./platform/deps";

/** Composition root: every feature's service, and the HTTP routes mounted under /api/v1. */
export const createServices = (deps: ServiceDeps & { version?: string }) => {
  const auth = createAuthService(deps);
  const health = createHealthService(deps);
  const organizations = createOrganizationsService(deps);
  const users = createUsersService(deps);
  const catalog = createCatalogService(deps);
  const plans = createPlansService(deps);
  const contracts = createContractsService(deps);
  const authorizedContacts = createAuthorizedContactsService(deps);
  const heldRequests = createHeldRequestsService(deps);
  const cases = createCasesService(deps, heldRequests);
  const routes: FastifyPluginAsyncZod[] = [
    healthRoutes(health),
    authRoutes(auth, { secureCookies: deps.config.secureCookies }),
    organizationsRoutes(organizations),
    usersRoutes(users),
    catalogRoutes(catalog),
    contractsRoutes({ plans, contracts, authorizedContacts, heldRequests }),
    casesRoutes(cases),
  ];
  return {
    auth,
    health,
    organizations,
    users,
    catalog,
    plans,
    contracts,
    authorizedContacts,
    heldRequests,
    cases,
    routes,
  };
};

export type Services = ReturnType<typeof createServices>;
