export { type AuditEntry, findAuditEntries, insertAudit } from "./audit.repository";
export { auditRoutes } from "./audit.routes";
export { type AuditService, createAuditService } from "./audit.service";
