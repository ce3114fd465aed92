export { escalationRoutes } from "./escalation.routes";
export { createEscalationService, type EscalationService } from "./escalation.service";
