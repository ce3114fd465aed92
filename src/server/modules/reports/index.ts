export { reportsRoutes } from "./reports.routes";
export { createReportsService, type ReportsService } from "./reports.service";
