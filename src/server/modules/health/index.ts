export { healthRoutes } from "./health.routes";
export { createHealthService, type HealthService } from "./health.service";
