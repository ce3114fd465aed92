export { casesRoutes } from "./cases.routes";
export { type CasesService, createCasesService } from "./cases.service";
