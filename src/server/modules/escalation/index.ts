export { escalationRoutes } from "./escalation.routes";
export { type CaseClocks, createEscalationService, type EscalationService } from "./escalation.service";
