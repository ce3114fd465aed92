export { createDevMailService, type DevMailService } from "./dev-mail.service";
export { notificationsRoutes } from "./notifications.routes";
export {
  type CaseContext,
  createNotificationsService,
  type NotificationsService,
  type OpenedCaseFacts,
} from "./notifications.service";
export { createOutboxService, type OutboxService } from "./outbox.service";
