import type { z } from "zod";
import type {
  bookOutOfHoursBodySchema,
  listOutOfHoursQuerySchema,
  OutOfHoursOverview,
  OutOfHoursQuota,
  OutOfHoursWindow,
  outOfHoursReasonBodySchema,
} from "../../../api/out-of-hours";
import { can } from "../../../api/permissions";
import { localDateOf } from "../../../domain/contracts/local-date";
import {
  cancellationRefunds,
  checkBooking,
  DEFAULT_NOTICE_BUSINESS_DAYS,
  earliestBookingDate,
  instantOfLocal,
} from "../../../domain/services/out-of-hours";
import { type Actor, actorUserId, authorize, scopeOf } from "../../platform/actor";
import { vendorToday } from "../../platform/clock";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, invalidField, notFound } from "../../platform/errors";
import type { Page } from "../../platform/pagination";
import { insertAudit } from "../audit";
import type { CalendarsService, OrganizationCalendar } from "../calendars";
import type { NotificationsService } from "../notifications";
import * as repo from "./out-of-hours.repository";
import {
  authorizedOnly,
  bookingRefusal,
  chooseContract,
  daysOf,
  quotaOf,
  toWindow,
} from "./out-of-hours-view";

const isCustomer = (actor: Actor) => actor.role === "customer_contact";

/**
 * Out-of-hours days (SPEC §8, Extendido): an authorized contact books a maintenance window at least N
 * business days ahead on the organization's business calendar, within the contract year's days; staff
 * confirm or decline it; either cancels, and cancelling early enough gives the day back. Mail through the
 * outbox and the audit entry commit with each change.
 */
export const createOutOfHoursService = (
  { db, clock }: ServiceDeps,
  deps: { calendars: CalendarsService; notifications: NotificationsService },
) => {
  const noticeDays = async (executor: Database = db): Promise<number> => {
    const value = (await repo.findSettings(executor)) as { noticeBusinessDays?: number } | null;
    return value?.noticeBusinessDays ?? DEFAULT_NOTICE_BUSINESS_DAYS;
  };

  /** Each organization's calendar once per call. */
  const calendarCache = (executor: Database) => {
    const known = new Map<string, Promise<OrganizationCalendar>>();
    return (organizationId: string) => {
      let found = known.get(organizationId);
      if (!found) {
        found = deps.calendars.businessCalendarOf(executor, organizationId);
        known.set(organizationId, found);
      }
      return found;
    };
  };

  const refundNow = (row: repo.WindowRow, calendar: OrganizationCalendar, notice: number) => {
    const now = clock.now();
    if ((row.status !== "requested" && row.status !== "confirmed") || row.starts_at <= now) return null;
    return cancellationRefunds({
      calendar: calendar.calendar,
      today: localDateOf(now.getTime(), calendar.calendar.timeZone),
      noticeDays: notice,
      startsAt: row.starts_at.getTime(),
    });
  };

  const present = async (rows: repo.WindowRow[]): Promise<OutOfHoursWindow[]> => {
    const calendarOf = calendarCache(db);
    const notice = await noticeDays();
    return Promise.all(
      rows.map(async (row) => toWindow(row, refundNow(row, await calendarOf(row.organization_id), notice))),
    );
  };

  const listWindows = async (
    actor: Actor | null,
    query: z.output<typeof listOutOfHoursQuerySchema>,
  ): Promise<Page<OutOfHoursWindow>> => {
    const caller = authorize(actor, "services:read");
    const page = await repo.listWindows(db, scopeOf(caller), { ...query, now: clock.now() });
    return { items: await present(page.items), nextCursor: page.nextCursor };
  };

  const getWindow = async (actor: Actor | null, id: string): Promise<OutOfHoursWindow> => {
    const caller = authorize(actor, "services:read");
    const row = await repo.findWindow(db, scopeOf(caller), id);
    if (!row) throw notFound("out_of_hours_window");
    return (await present([row]))[0]!;
  };

  const recipientsFor = async (
    tx: Database,
    event: "confirmed" | "declined" | "cancelled",
    window: { organization_id: string; contract_id: string; requested_by: string | null },
    caller: Actor,
  ) => {
    const ids = [
      ...(window.requested_by ? [window.requested_by] : []),
      ...(await repo.findAuthorizedContactIds(tx, window.contract_id)),
      ...(event === "cancelled" ? await repo.findDeskRecipientIds(tx, window.organization_id) : []),
    ];
    return ids.filter((id) => id !== caller.userId);
  };

  const tell = async (
    tx: Database,
    event: "requested" | "confirmed" | "declined" | "cancelled",
    id: string,
    caller: Actor,
    recipientIds: string[],
  ) => {
    const row = (await repo.findWindow(tx, { kind: "all" }, id))!;
    await deps.notifications.onOutOfHoursWindow(
      tx,
      event,
      {
        id: row.id,
        organizationName: row.organization_name,
        contractNumber: row.contract_number,
        systemName: row.system_name,
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        timeZone: row.time_zone,
        maintenance: row.maintenance,
        requesterName: row.requested_by_name ?? caller.name,
        reason: row.reason,
        refunded: row.refunded,
        actorName: caller.name,
      },
      recipientIds,
    );
    await insertAudit(tx, {
      actor: caller,
      action: `out_of_hours.${event}`,
      entity: "out_of_hours_window",
      entityId: row.id,
      organizationId: row.organization_id,
      details: {
        contractId: row.contract_id,
        contractYear: row.contract_year,
        startsAt: row.starts_at.toISOString(),
        endsAt: row.ends_at.toISOString(),
        ...(event === "requested" ? { maintenance: row.maintenance } : {}),
        ...(row.reason ? { reason: row.reason } : {}),
        ...(event === "cancelled" ? { refunded: row.refunded } : {}),
      },
    });
  };

  const bookWindow = async (
    actor: Actor | null,
    input: z.output<typeof bookOutOfHoursBodySchema>,
  ): Promise<OutOfHoursWindow> => {
    const caller = authorize(actor, "out-of-hours:book");
    const customer = isCustomer(caller);
    const organizationId = customer ? caller.organizationId! : input.organizationId;
    if (!organizationId) throw invalidField(undefined, { field: "organizationId", code: "required" });
    if (
      (customer && input.organizationId && input.organizationId !== organizationId) ||
      !(await repo.findOrganization(db, scopeOf(caller), organizationId))
    )
      throw invalidField(
        { reason: "organization_unknown" },
        { field: "organizationId", code: "not_found", params: { entity: "organization" } },
      );
    const now = clock.now();
    const id = await db.transaction().execute(async (tx) => {
      const calendar = await deps.calendars.businessCalendarOf(tx, organizationId);
      const zone = calendar.calendar.timeZone;
      const startsAt = instantOfLocal(zone, input.startsAt);
      const endsAt = instantOfLocal(zone, input.endsAt);
      if (startsAt === null) throw invalidField(undefined, { field: "startsAt", code: "not_a_date" });
      if (endsAt === null) throw invalidField(undefined, { field: "endsAt", code: "not_a_date" });
      const contracts = await repo.findCurrentContracts(
        tx,
        organizationId,
        vendorToday(clock),
        customer ? caller.userId : null,
      );
      const contract = chooseContract(caller, contracts, input.contractId, localDateOf(startsAt, zone));
      // bookings of one contract take turns: the second counts the first
      await repo.lockContract(tx, contract.id);
      const used = (await repo.countUsedByYear(tx, [contract.id])).get(contract.id) ?? new Map();
      const notice = await noticeDays(tx);
      const check = checkBooking({
        daysPerYear: daysOf(contract),
        noticeDays: notice,
        calendar: calendar.calendar,
        today: localDateOf(now.getTime(), zone),
        now: now.getTime(),
        contract,
        window: { startsAt, endsAt },
        usedByYear: used,
      });
      if (!check.ok) throw bookingRefusal(check, { contract, notice, startDay: localDateOf(startsAt, zone) });
      const windowId = await repo.insertWindow(tx, {
        organizationId,
        contractId: contract.id,
        contractYear: check.contractYear,
        startsAt: new Date(startsAt),
        endsAt: new Date(endsAt),
        timeZone: zone,
        maintenance: input.maintenance,
        requestedBy: actorUserId(caller),
        now,
      });
      const desk = await repo.findDeskRecipientIds(tx, organizationId);
      await tell(
        tx,
        "requested",
        windowId,
        caller,
        desk.filter((userId) => userId !== caller.userId),
      );
      return windowId;
    });
    return getWindow(caller, id);
  };

  /** Locks the window the caller may see; another organization's is a 404. */
  const lockVisible = async (tx: Database, caller: Actor, id: string) => {
    const visible = await repo.findWindow(tx, scopeOf(caller), id);
    const locked = visible ? await repo.lockWindow(tx, id) : undefined;
    if (!visible || !locked) throw notFound("out_of_hours_window");
    return { ...visible, status: locked.status };
  };

  const decide = async (
    actor: Actor | null,
    id: string,
    decision: "confirmed" | "declined",
    reason = "",
  ): Promise<OutOfHoursWindow> => {
    const caller = authorize(actor, "out-of-hours:confirm");
    await db.transaction().execute(async (tx) => {
      const window = await lockVisible(tx, caller, id);
      const now = clock.now();
      if (window.status !== "requested")
        throw new AppError("invalid_transition", { reason: "out_of_hours_not_requested" });
      if (window.ends_at <= now) throw new AppError("invalid_transition", { reason: "out_of_hours_in_past" });
      if (decision === "confirmed") await repo.markConfirmed(tx, id, actorUserId(caller), now);
      else await repo.markDeclined(tx, id, actorUserId(caller), reason, now);
      await tell(tx, decision, id, caller, await recipientsFor(tx, decision, window, caller));
    });
    return getWindow(caller, id);
  };

  const confirmWindow = (actor: Actor | null, id: string) => decide(actor, id, "confirmed");
  const declineWindow = (
    actor: Actor | null,
    id: string,
    input: z.output<typeof outOfHoursReasonBodySchema>,
  ) => decide(actor, id, "declined", input.reason);

  const cancelWindow = async (
    actor: Actor | null,
    id: string,
    input: z.output<typeof outOfHoursReasonBodySchema>,
  ): Promise<OutOfHoursWindow> => {
    const caller = authorize(actor, "out-of-hours:book");
    await db.transaction().execute(async (tx) => {
      const window = await lockVisible(tx, caller, id);
      if (isCustomer(caller) && !(await repo.isAuthorizedOn(tx, window.contract_id, caller.userId)))
        throw authorizedOnly();
      const now = clock.now();
      if ((window.status !== "requested" && window.status !== "confirmed") || window.starts_at <= now)
        throw new AppError("invalid_transition", { reason: "out_of_hours_not_cancellable" });
      const calendar = await deps.calendars.businessCalendarOf(tx, window.organization_id);
      const refunded = cancellationRefunds({
        calendar: calendar.calendar,
        today: localDateOf(now.getTime(), calendar.calendar.timeZone),
        noticeDays: await noticeDays(tx),
        startsAt: window.starts_at.getTime(),
      });
      await repo.markCancelled(tx, id, { by: actorUserId(caller), reason: input.reason, refunded, now });
      await tell(tx, "cancelled", id, caller, await recipientsFor(tx, "cancelled", window, caller));
    });
    return getWindow(caller, id);
  };

  /** A contract's out-of-hours days, year by year (the contract pages). */
  const contractQuota = async (actor: Actor | null, contractId: string): Promise<OutOfHoursQuota> => {
    const caller = authorize(actor, "services:read");
    const contract = await repo.findContract(db, scopeOf(caller), contractId);
    if (!contract) throw notFound("contract");
    return quotaOf(
      contract,
      (await repo.countUsedByYear(db, [contract.id])).get(contract.id),
      vendorToday(clock),
    );
  };

  /** The portal's booking form: the calendar, the notice, the earliest date, and the days left. */
  const overview = async (actor: Actor | null, organizationId?: string): Promise<OutOfHoursOverview> => {
    const caller = authorize(actor, "services:read");
    const customer = isCustomer(caller);
    const orgId = customer ? caller.organizationId! : organizationId;
    if (!orgId) throw invalidField(undefined, { field: "organizationId", code: "required" });
    if (!(await repo.findOrganization(db, scopeOf(caller), orgId))) throw notFound("organization");
    const calendar = await deps.calendars.businessCalendarOf(db, orgId);
    const notice = await noticeDays();
    const today = localDateOf(clock.now().getTime(), calendar.calendar.timeZone);
    const contracts = (
      await repo.findCurrentContracts(db, orgId, vendorToday(clock), customer ? caller.userId : null)
    ).filter((c) => daysOf(c) > 0);
    const used = await repo.countUsedByYear(
      db,
      contracts.map((c) => c.id),
    );
    return {
      organizationId: orgId,
      calendar: { id: calendar.id, name: calendar.name, timeZone: calendar.calendar.timeZone },
      noticeBusinessDays: notice,
      earliestDate: earliestBookingDate(calendar.calendar, today, notice),
      contracts: contracts.map((c) => ({
        ...quotaOf(c, used.get(c.id), vendorToday(clock)),
        endDate: c.endDate,
      })),
      canBook: customer ? contracts.some((c) => c.authorized) : can(caller.role, "out-of-hours:book"),
    };
  };

  const getSettings = async (actor: Actor | null) => {
    authorize(actor, "settings:read");
    return { noticeBusinessDays: await noticeDays() };
  };

  const updateSettings = async (actor: Actor | null, input: { noticeBusinessDays: number }) => {
    const caller = authorize(actor, "settings:write");
    await db.transaction().execute(async (tx) => {
      const before = await noticeDays(tx);
      await repo.saveSettings(tx, input, clock.now());
      await insertAudit(tx, {
        actor: caller,
        action: "settings.out_of_hours_updated",
        entity: "settings",
        entityId: null,
        details: { before: { noticeBusinessDays: before }, after: input },
      });
    });
    return input;
  };

  return {
    listWindows,
    getWindow,
    bookWindow,
    confirmWindow,
    declineWindow,
    cancelWindow,
    contractQuota,
    overview,
    getSettings,
    updateSettings,
    /** The confirmed window of the organization containing the instant (the case intake's 24×7 clock). */
    findConfirmedWindowAt: repo.findConfirmedWindowAt,
  };
};

export type OutOfHoursService = ReturnType<typeof createOutOfHoursService>;
