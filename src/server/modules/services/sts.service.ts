import type { z } from "zod";
import type {
  CurrentSts,
  createStsServiceBodySchema,
  currentStsQuerySchema,
  listStsServicesQuerySchema,
  StsService,
  stsAgendaQuerySchema,
} from "../../../api/sts";
import { compareDates, termEnd } from "../../../domain/contracts/local-date";
import { reminderDate, scheduleStsVisits } from "../../../domain/services/sts-schedule";
import { type Actor, authorize, scopeOf } from "../../platform/actor";
import { vendorToday } from "../../platform/clock";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, invalidField, notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import type { CalendarsService } from "../calendars";
import type { NotificationsService } from "../notifications";
import * as repo from "./sts.repository";
import { createStsReminders } from "./sts-reminders.service";
import { toSummary, toVisit, withReschedules } from "./sts-view";
import * as visits from "./sts-visits.repository";
import { createStsVisitsService } from "./sts-visits.service";

const isExclusionViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: string }).code === "23P01";

const overlapError = (startDate: string, endDate: string) =>
  new AppError("conflict", { reason: "sts_service_overlap", params: { startDate, endDate } }, [
    { field: "startDate", code: "overlaps_service", params: { startDate, endDate } },
  ]);

/**
 * The on-site support engineer service (SPEC §8): sold per organization with a current contract, one at a
 * time; its reviews every six months and yearly tuning are scheduled on the organization's business days,
 * reminded ten business days ahead (`sts-reminders.service.ts`), then held with minutes or moved to another
 * business day (`sts-visits.service.ts`).
 */
export const createStsService = (
  deps: ServiceDeps,
  services: { calendars: CalendarsService; notifications: NotificationsService },
) => {
  const { db, clock } = deps;
  const { calendars } = services;
  const today = () => vendorToday(clock);

  const calendarNames = async () => {
    const set = await calendars.recent(db);
    return (id: string) => ({ id, name: set.get(id)?.name ?? id });
  };

  const getService = async (actor: Actor | null, id: string): Promise<StsService> => {
    const caller = authorize(actor, "services:read");
    const row = await repo.findService(db, scopeOf(caller), id);
    if (!row) throw notFound("sts_service");
    const rows = await visits.findVisitsOfService(db, id);
    const next = (await visits.findNextVisits(db, [id], today())).get(id);
    return {
      ...toSummary(row, { caller, today: today(), next, calendarOf: await calendarNames() }),
      visits: await withReschedules(db, rows, caller),
    };
  };

  const listServices = async (actor: Actor | null, query: z.output<typeof listStsServicesQuerySchema>) => {
    const caller = authorize(actor, "services:read");
    const page = await repo.findServices(db, scopeOf(caller), { ...query, today: today() });
    const next = await visits.findNextVisits(
      db,
      page.items.map((r) => r.id),
      today(),
    );
    const calendarOf = await calendarNames();
    return {
      items: page.items.map((r) =>
        toSummary(r, { caller, today: today(), next: next.get(r.id), calendarOf }),
      ),
      nextCursor: page.nextCursor,
    };
  };

  /** The organization's service now (or the next one) with its next business review: the portal's view. */
  const currentService = async (
    actor: Actor | null,
    query: z.output<typeof currentStsQuerySchema>,
  ): Promise<CurrentSts> => {
    const caller = authorize(actor, "services:read");
    const organizationId =
      caller.role === "customer_contact" ? caller.organizationId : (query.organizationId ?? null);
    if (!organizationId) throw invalidField(undefined, { field: "organizationId", code: "required" });
    const row = await repo.findCurrentService(db, scopeOf(caller), organizationId, today());
    if (!row) return { service: null, nextReview: null };
    const next = (await visits.findNextVisits(db, [row.id], today())).get(row.id);
    const review = (await visits.findNextVisits(db, [row.id], today(), "business_review")).get(row.id);
    return {
      service: toSummary(row, { caller, today: today(), next, calendarOf: await calendarNames() }),
      nextReview: review ? toVisit(review, caller) : null,
    };
  };

  /** Visits by date: managers see everyone's, staff the services they are engineer or account executive of. */
  const agenda = async (actor: Actor | null, query: z.output<typeof stsAgendaQuerySchema>) => {
    const caller = authorize(actor, "services:read");
    const scope: visits.AgendaScope =
      caller.role === "customer_contact" || caller.role === "admin" || caller.role === "manager"
        ? scopeOf(caller)
        : { kind: "person", userId: caller.userId };
    const page = await visits.findAgenda(db, scope, query);
    return { items: page.items.map((r) => toVisit(r, caller)), nextCursor: page.nextCursor };
  };

  const createService = async (actor: Actor | null, input: z.output<typeof createStsServiceBodySchema>) => {
    const caller = authorize(actor, "services:sell");
    const endDate = input.endDate ?? termEnd(input.startDate);
    if (compareDates(endDate, input.startDate) < 0) {
      throw invalidField(
        { reason: "end_before_start" },
        { field: "endDate", code: "before", params: { other: "startDate" } },
      );
    }
    const id = await db.transaction().execute(async (tx) => {
      // one sale at a time per organization: the overlap check below sees every committed service
      const organization = await repo.lockOrganization(tx, input.organizationId);
      if (!organization) {
        throw invalidField(
          { reason: "organization_unknown" },
          { field: "organizationId", code: "not_found", params: { entity: "organization" } },
        );
      }
      if (!(await repo.findActiveStaff(tx, input.engineerId))) {
        throw invalidField(
          { reason: "sts_engineer_invalid" },
          { field: "engineerId", code: "not_active_staff" },
        );
      }
      if (!(await repo.hasCurrentContract(tx, organization.id, today()))) {
        throw invalidField(
          { reason: "sts_contract_required" },
          { field: "organizationId", code: "no_current_contract" },
        );
      }
      const clash = await repo.findOverlappingService(tx, organization.id, {
        startDate: input.startDate,
        endDate,
      });
      if (clash) throw overlapError(clash.start_date, clash.end_date);

      const { id: calendarId, calendar } = await calendars.businessCalendarOf(tx, organization.id);
      const planned = scheduleStsVisits(calendar, { startDate: input.startDate, endDate }).map((v) => ({
        ...v,
        remindOn: reminderDate(calendar, v.dueOn),
      }));
      const now = clock.now();
      const serviceId = await repo
        .insertService(tx, {
          organizationId: organization.id,
          engineerId: input.engineerId,
          startDate: input.startDate,
          endDate,
          purchaseOrder: input.purchaseOrder,
          priceCents: input.priceCents,
          notes: input.notes,
          calendarId,
          createdBy: caller.via === "system" ? null : caller.userId,
          now,
        })
        .catch((error: unknown) => {
          if (isExclusionViolation(error)) throw overlapError(input.startDate, endDate);
          throw error;
        });
      await visits.insertVisits(tx, serviceId, planned, now);
      await insertAudit(tx, {
        actor: caller,
        action: "sts_service.created",
        entity: "sts_service",
        entityId: serviceId,
        organizationId: organization.id,
        details: { ...input, endDate, calendarId, visits: planned },
      });
      return serviceId;
    });
    return getService(caller, id);
  };

  return {
    createService,
    listServices,
    getService,
    currentService,
    agenda,
    ...createStsVisitsService(deps, services),
    ...createStsReminders(deps, services),
  };
};

export type StsServiceApi = ReturnType<typeof createStsService>;
