import {
  AUDIT_VIA,
  type AuditEntry,
  type AuditPage,
  type AuditVia,
  type ListAuditQuery,
  MAX_AUDIT_RANGE_YEARS,
} from "../../../api/audit";
import type { Role } from "../../../api/roles";
import { type Actor, authorize } from "../../platform/actor";
import type { ServiceDeps } from "../../platform/deps";
import { invalidField } from "../../platform/errors";
import * as repo from "./audit.repository";

const isVia = (value: string | null): value is AuditVia => AUDIT_VIA.includes(value as AuditVia);

const toEntry = (row: repo.AuditRow): AuditEntry => {
  const { before, after, ...details } = (row.details ?? {}) as Record<string, unknown>;
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    actor:
      row.actor_id && row.actor_name && row.actor_role
        ? { id: row.actor_id, name: row.actor_name, role: row.actor_role as Role }
        : null,
    via: isVia(row.via) ? row.via : null,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    details,
    before: before ?? null,
    after: after ?? null,
  };
};

/** The audit log, read: admins and managers, every organization, newest first. */
export const createAuditService = ({ db }: ServiceDeps) => {
  const listEntries = async (actor: Actor | null, query: ListAuditQuery): Promise<AuditPage> => {
    authorize(actor, "audit:read");
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to) {
      if (to < from) {
        throw invalidField({ reason: "range_end_before_start" }, { field: "to", code: "range_reversed" });
      }
      const latest = new Date(from);
      latest.setUTCFullYear(latest.getUTCFullYear() + MAX_AUDIT_RANGE_YEARS);
      if (to > latest) {
        throw invalidField(
          { reason: "range_too_long", params: { years: MAX_AUDIT_RANGE_YEARS } },
          { field: "to", code: "range_too_long", params: { years: MAX_AUDIT_RANGE_YEARS } },
        );
      }
    }
    const page = await repo.listAuditEntries(db, { ...query, from, to });
    return { items: page.items.map(toEntry), nextCursor: page.nextCursor };
  };

  return { listEntries };
};

export type AuditService = ReturnType<typeof createAuditService>;
