export { hourBanksRoutes } from "./hour-banks.routes";
export { createHourBanksService, type HourBanksService } from "./hour-banks.service";
export { findConfirmedWindowAt } from "./out-of-hours.repository";
export { outOfHoursRoutes } from "./out-of-hours.routes";
export { createOutOfHoursService, type OutOfHoursService } from "./out-of-hours.service";
export { stsRoutes } from "./sts.routes";
export { createStsService, type StsServiceApi } from "./sts.service";
