import type { z } from "zod";
import type { holdStsVisitBodySchema, RescheduleStsVisitBody, StsVisitDetail } from "../../../api/sts";
import { compareDates } from "../../../domain/contracts/local-date";
import { reminderDate } from "../../../domain/services/sts-schedule";
import { businessDayOnOrAfter, isBusinessDay } from "../../../domain/sla/business-days";
import { type Actor, authorize, scopeOf } from "../../platform/actor";
import { vendorToday } from "../../platform/clock";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, invalidField, notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import type { CalendarsService } from "../calendars";
import { mayManage, withReschedules } from "./sts-view";
import * as repo from "./sts-visits.repository";

type LockedVisit = NonNullable<Awaited<ReturnType<typeof repo.lockVisit>>>;

/** A visit recorded held with its minutes, or moved to another business day; both audited. */
export const createStsVisitsService = (
  { db, clock }: ServiceDeps,
  { calendars }: { calendars: CalendarsService },
) => {
  const today = () => vendorToday(clock);
  const actorId = (caller: Actor) => (caller.via === "system" ? null : caller.userId);

  /** The visit locked for a change the caller may make, with its detail read back after. */
  const changeVisit = async (
    actor: Actor | null,
    id: string,
    change: (tx: Database, visit: LockedVisit, caller: Actor) => Promise<void>,
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
        heldBy: actorId(caller),
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
        changedBy: actorId(caller),
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

  return { holdVisit, rescheduleVisit };
};
