export { organizationsRoutes } from "./organizations.routes";
export { createOrganizationsService, type OrganizationsService } from "./organizations.service";
