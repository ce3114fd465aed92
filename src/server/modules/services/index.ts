export { hourBanksRoutes } from "./hour-banks.routes";
export { createHourBanksService, type HourBanksService } from "./hour-banks.service";
