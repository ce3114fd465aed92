import type { z } from "zod";
import type {
  CurrentSts,
  createStsServiceBodySchema,
  currentStsQuerySchema,
  holdStsVisitBodySchema,
  listStsServicesQuerySchema,
  RescheduleStsVisitBody,
  StsService,
  StsServiceStatus,
  StsServiceSummary,
  StsVisit,
  StsVisitDetail,
  stsAgendaQuerySchema,
} from "../../../api/sts";
import { compareDates, termEnd } from "../../../domain/contracts/local-date";
import { reminderDate, scheduleStsVisits } from "../../../domain/services/sts-schedule";
import { businessDayOnOrAfter, isBusinessDay } from "../../../domain/sla/business-days";
import { type Actor, authorize, scopeOf } from "../../platform/actor";
import { vendorToday } from "../../platform/clock";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, invalidField, notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import type { CalendarsService } from "../calendars";
import type { NotificationsService } from "../notifications";
import * as repo from "./sts.repository";

const REMINDER_BATCH = 50;

const isExclusionViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: string }).code === "23P01";

const overlapError = (startDate: string, endDate: string) =>
  new AppError("conflict", { reason: "sts_service_overlap", params: { startDate, endDate } }, [
    { field: "startDate", code: "overlaps_service", params: { startDate, endDate } },
  ]);

const statusOf = (row: { start_date: string; end_date: string }, today: string): StsServiceStatus =>
  compareDates(today, row.start_date) < 0
    ? "upcoming"
    : compareDates(today, row.end_date) > 0
      ? "ended"
      : "current";

/** May the caller hold or move this service's visits: managers any, the engineer and the account executive theirs. */
const mayManage = (caller: Actor, row: { engineer_id: string; account_executive_id: string | null }) =>
  caller.role === "admin" ||
  caller.role === "manager" ||
  (caller.role !== "customer_contact" && row.engineer_id === caller.userId) ||
  (caller.role === "account_executive" && row.account_executive_id === caller.userId);

const toVisit = (row: repo.VisitRow, caller: Actor): StsVisit => ({
  id: row.id,
  serviceId: row.service_id,
  organizationId: row.organization_id,
  organizationName: row.organization_name,
  engineer: { id: row.engineer_id, name: row.engineer_name },
  kind: row.kind,
  sequence: row.sequence,
  dueOn: row.due_on,
  scheduledOn: row.scheduled_on,
  remindOn: row.remind_on,
  reminderSentAt: row.reminder_sent_at?.toISOString() ?? null,
  status: row.status,
  heldOn: row.held_on,
  minutes: row.minutes,
  heldBy: row.held_by && row.held_by_name ? { id: row.held_by, name: row.held_by_name } : null,
  rescheduleCount: row.reschedule_count,
  canManage: row.status === "scheduled" && mayManage(caller, row),
});

/**
 * The on-site support engineer service (SPEC §8): sold per organization with a current contract, one at a
 * time; its reviews every six months and yearly tuning are scheduled on the organization's business days,
 * reminded ten business days ahead, then held with minutes or moved to another business day.
 */
export const createStsService = (
  deps: ServiceDeps,
  services: { calendars: CalendarsService; notifications: NotificationsService },
) => {
  const { db, clock } = deps;
  const { calendars, notifications } = services;
  const today = () => vendorToday(clock);

  const calendarNames = async () => {
    const set = await calendars.recent(db);
    return (id: string) => ({ id, name: set.get(id)?.name ?? id });
  };

  const toSummary = (
    row: repo.ServiceRow,
    caller: Actor,
    next: repo.VisitRow | undefined,
    calendarOf: (id: string) => { id: string; name: string },
  ): StsServiceSummary => ({
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    engineer: {
      id: row.engineer_id,
      name: row.engineer_name,
      email: row.engineer_email,
      phone: row.engineer_phone,
    },
    accountExecutive:
      row.account_executive_id && row.account_executive_name
        ? { id: row.account_executive_id, name: row.account_executive_name }
        : null,
    startDate: row.start_date,
    endDate: row.end_date,
    status: statusOf(row, today()),
    purchaseOrder: row.purchase_order,
    priceCents: Number(row.price_cents),
    currency: "USD",
    notes: caller.role === "customer_contact" ? null : row.notes,
    calendar: calendarOf(row.calendar_id),
    nextVisit: next ? toVisit(next, caller) : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  });

  const withReschedules = async (
    executor: Database,
    rows: repo.VisitRow[],
    caller: Actor,
  ): Promise<StsVisitDetail[]> => {
    const moves = await repo.findReschedules(
      executor,
      rows.map((r) => r.id),
    );
    return rows.map((row) => ({
      ...toVisit(row, caller),
      reschedules: moves
        .filter((m) => m.visit_id === row.id)
        .map((m) => ({
          fromDate: m.from_date,
          toDate: m.to_date,
          reason: m.reason,
          changedBy: m.changed_by && m.changed_by_name ? { id: m.changed_by, name: m.changed_by_name } : null,
          changedAt: m.changed_at.toISOString(),
        })),
    }));
  };

  const getService = async (actor: Actor | null, id: string): Promise<StsService> => {
    const caller = authorize(actor, "services:read");
    const row = await repo.findService(db, scopeOf(caller), id);
    if (!row) throw notFound("sts_service");
    const visits = await repo.findVisitsOfService(db, id);
    const next = (await repo.findNextVisits(db, [id], today())).get(id);
    return {
      ...toSummary(row, caller, next, await calendarNames()),
      visits: await withReschedules(db, visits, caller),
    };
  };

  const listServices = async (actor: Actor | null, query: z.output<typeof listStsServicesQuerySchema>) => {
    const caller = authorize(actor, "services:read");
    const page = await repo.findServices(db, scopeOf(caller), { ...query, today: today() });
    const next = await repo.findNextVisits(
      db,
      page.items.map((r) => r.id),
      today(),
    );
    const calendarOf = await calendarNames();
    return {
      items: page.items.map((r) => toSummary(r, caller, next.get(r.id), calendarOf)),
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
    const next = (await repo.findNextVisits(db, [row.id], today())).get(row.id);
    const review = (await repo.findNextVisits(db, [row.id], today(), "business_review")).get(row.id);
    return {
      service: toSummary(row, caller, next, await calendarNames()),
      nextReview: review ? toVisit(review, caller) : null,
    };
  };

  /** Visits by date: managers see everyone's, staff the services they are engineer or account executive of. */
  const agenda = async (actor: Actor | null, query: z.output<typeof stsAgendaQuerySchema>) => {
    const caller = authorize(actor, "services:read");
    const scope: repo.AgendaScope =
      caller.role === "customer_contact" || caller.role === "admin" || caller.role === "manager"
        ? scopeOf(caller)
        : { kind: "person", userId: caller.userId };
    const page = await repo.findAgenda(db, scope, query);
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
      const visits = scheduleStsVisits(calendar, { startDate: input.startDate, endDate }).map((v) => ({
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
      await repo.insertVisits(tx, serviceId, visits, now);
      await insertAudit(tx, {
        actor: caller,
        action: "sts_service.created",
        entity: "sts_service",
        entityId: serviceId,
        organizationId: organization.id,
        details: { ...input, endDate, calendarId, visits },
      });
      return serviceId;
    });
    return getService(caller, id);
  };

  /** The visit locked for a change the caller may make, with its detail read back after. */
  const changeVisit = async (
    actor: Actor | null,
    id: string,
    change: (
      tx: Database,
      visit: NonNullable<Awaited<ReturnType<typeof repo.lockVisit>>>,
      caller: Actor,
    ) => Promise<void>,
  ): Promise<StsVisitDetail> => {
    const caller = authorize(actor, "sts:visits");
    await db.transaction().execute(async (tx) => {
      const visit = await repo.lockVisit(tx, scopeOf(caller), id);
      if (!visit) throw notFound("sts_visit");
      if (!mayManage(caller, visit)) throw new AppError("forbidden", { reason: "sts_visit_not_yours" });
      if (visit.status === "held") throw new AppError("conflict", { reason: "sts_visit_held" });
      await change(tx, visit, caller);
    });
    const row = await repo.findVisit(db, id);
    if (!row) throw notFound("sts_visit");
    return (await withReschedules(db, [row], caller))[0]!;
  };

  const holdVisit = (actor: Actor | null, id: string, input: z.output<typeof holdStsVisitBodySchema>) =>
    changeVisit(actor, id, async (tx, visit, caller) => {
      if (compareDates(input.heldOn, today()) > 0) {
        throw invalidField(undefined, { field: "heldOn", code: "in_future" });
      }
      await repo.markHeld(tx, id, {
        heldOn: input.heldOn,
        minutes: input.minutes,
        heldBy: caller.via === "system" ? null : caller.userId,
        now: clock.now(),
      });
      await insertAudit(tx, {
        actor: caller,
        action: "sts_visit.held",
        entity: "sts_visit",
        entityId: id,
        organizationId: visit.organization_id,
        details: {
          serviceId: visit.service_id,
          kind: visit.kind,
          heldOn: input.heldOn,
          minutes: input.minutes,
        },
      });
    });

  /** To another business day of the organization's calendar, from today on; its reminder is due again. */
  const rescheduleVisit = (actor: Actor | null, id: string, input: Required<RescheduleStsVisitBody>) =>
    changeVisit(actor, id, async (tx, visit, caller) => {
      if (compareDates(input.date, today()) < 0) {
        throw invalidField({ reason: "sts_date_in_past" }, { field: "date", code: "in_past" });
      }
      const { calendar } = await calendars.businessCalendarOf(tx, visit.organization_id);
      if (!isBusinessDay(calendar, input.date)) {
        const suggested = businessDayOnOrAfter(calendar, input.date);
        throw invalidField(
          { reason: "sts_not_business_day", params: { date: input.date, suggested } },
          { field: "date", code: "not_business_day", params: { suggested } },
        );
      }
      if (input.date === visit.scheduled_on) return;
      await repo.moveVisit(tx, id, {
        fromDate: visit.scheduled_on,
        toDate: input.date,
        remindOn: reminderDate(calendar, input.date),
        reason: input.reason,
        changedBy: caller.via === "system" ? null : caller.userId,
        now: clock.now(),
      });
      await insertAudit(tx, {
        actor: caller,
        action: "sts_visit.rescheduled",
        entity: "sts_visit",
        entityId: id,
        organizationId: visit.organization_id,
        details: {
          serviceId: visit.service_id,
          from: visit.scheduled_on,
          to: input.date,
          reason: input.reason,
        },
      });
    });

  /**
   * The periodic job: each visit whose reminder day came is mailed once to its engineer, the account executive
   * and the organization's authorized contacts, in the transaction that marks it reminded. Returns how many.
   */
  const sendDueReminders = async (): Promise<number> => {
    let reminded = 0;
    for (;;) {
      const day = today();
      const claimed = await db.transaction().execute(async (tx) => {
        const due = await repo.claimDueReminders(tx, day, REMINDER_BATCH);
        for (const visit of due) {
          const recipients = await repo.findReminderRecipients(
            tx,
            visit.organization_id,
            [visit.engineer_id, visit.account_executive_id],
            day,
          );
          await notifications.onStsVisitReminder(
            tx,
            {
              visitId: visit.id,
              serviceId: visit.service_id,
              kind: visit.kind as StsVisit["kind"],
              scheduledOn: visit.scheduled_on,
              organizationName: visit.organization_name,
              engineer: {
                name: visit.engineer_name,
                email: visit.engineer_email,
                phone: visit.engineer_phone,
              },
            },
            recipients.map((p) => ({
              id: p.id,
              email: p.email,
              name: p.name,
              preferredLanguage: p.preferred_language,
              staff: p.role !== "customer_contact",
            })),
          );
        }
        await repo.markReminded(
          tx,
          due.map((v) => v.id),
          clock.now(),
        );
        return due.length;
      });
      reminded += claimed;
      if (claimed < REMINDER_BATCH) return reminded;
    }
  };

  return {
    createService,
    listServices,
    getService,
    currentService,
    agenda,
    holdVisit,
    rescheduleVisit,
    sendDueReminders,
  };
};

export type StsServiceApi = ReturnType<typeof createStsService>;
