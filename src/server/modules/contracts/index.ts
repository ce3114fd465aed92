export {
  type AuthorizedContactsService,
  createAuthorizedContactsService,
} from "./authorized-contacts.service";
export { contractsRoutes } from "./contracts.routes";
export { type ContractsService, createContractsService } from "./contracts.service";
export { createHeldRequestsService, type HeldRequestsService } from "./held-requests.service";
export { createPlansService, type PlansService } from "./plans.service";
