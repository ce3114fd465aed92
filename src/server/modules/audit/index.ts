export { type AuditEntry, findAuditEntries, insertAudit } from "./audit.repository";
