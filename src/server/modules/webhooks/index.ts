export { webhookCaseOf } from "./webhook-case";
export { createWebhookDelivery, signWebhook, type WebhookDeliveryService } from "./webhook-delivery.service";
export { createWebhookEmitter, type WebhookEmitter } from "./webhook-events";
export { webhookOpenApi } from "./webhook-openapi";
export { webhooksRoutes } from "./webhooks.routes";
export { createWebhooksService, type WebhooksService } from "./webhooks.service";
