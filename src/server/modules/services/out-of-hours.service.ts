import type { z } from "zod";
import type {
  bookOutOfHoursBodySchema,
  listOutOfHoursQuerySchema,
  OutOfHoursOverview,
  OutOfHoursQuota,
  OutOfHoursStatus,
  OutOfHoursWindow,
  outOfHoursReasonBodySchema,
} from "../../../api/out-of-hours";
import { can } from "../../../api/permissions";
import { localDateOf } from "../../../domain/contracts/local-date";
import {
  type BookingCheck,
  cancellationRefunds,
  checkBooking,
  contractYearCount,
  contractYearOf,
  contractYearRange,
  DEFAULT_NOTICE_BUSINESS_DAYS,
  earliestBookingDate,
  instantOfLocal,
  localOfInstant,
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

const isCustomer = (actor: Actor) => actor.role === "customer_contact";
const person = (id: string | null, name: string | null) => (id && name ? { id, name } : null);
const daysOf = (contract: repo.ContractFacts) => contract.planSettings.outOfHoursDaysPerYear ?? 0;

/** The refusal of a booking, naming its field, from the domain's answer. */
const bookingRefusal = (
  check: Exclude<BookingCheck, { ok: true }>,
  facts: { plan: string; notice: number },
) => {
  const p = check.params ?? {};
  switch (check.code) {
    case "plan_without_out_of_hours":
      return invalidField(
        { reason: "out_of_hours_not_in_plan", params: { plan: facts.plan } },
        { field: "contractId", code: "out_of_hours_not_in_plan" },
      );
    case "range_reversed":
      return invalidField({ reason: "end_before_start" }, { field: "endsAt", code: "range_reversed" });
    case "window_too_long":
      return invalidField(
        { reason: "out_of_hours_window_too_long", params: { max: Number(p.max) } },
        { field: "endsAt", code: "window_too_long", params: { max: Number(p.max) } },
      );
    case "in_past":
      return invalidField({ reason: "out_of_hours_in_past" }, { field: "startsAt", code: "in_past" });
    case "notice_too_short":
      return invalidField(
        { reason: "out_of_hours_notice", params: { days: facts.notice, earliest: String(p.earliest) } },
        { field: "startsAt", code: "notice_too_short", params: { earliest: String(p.earliest) } },
      );
    case "outside_contract":
      return invalidField(
        { reason: "out_of_hours_outside_contract", params: { start: String(p.start), end: String(p.end) } },
        {
          field: "startsAt",
          code: "outside_contract",
          params: { start: String(p.start), end: String(p.end) },
        },
      );
    case "out_of_hours_used":
      return null;
  }
};

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

  const toWindow = (row: repo.WindowRow, refundIfCancelledNow: boolean | null): OutOfHoursWindow => ({
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    contractId: row.contract_id,
    contractNumber: row.contract_number,
    systemName: row.system_name,
    contractYear: {
      index: row.contract_year,
      ...contractYearRange({ startDate: row.contract_start, endDate: row.contract_end }, row.contract_year),
    },
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    timeZone: row.time_zone,
    localStart: localOfInstant(row.time_zone, row.starts_at.getTime()),
    localEnd: localOfInstant(row.time_zone, row.ends_at.getTime()),
    maintenance: row.maintenance,
    status: row.status as OutOfHoursStatus,
    reason: row.reason,
    refunded: row.refunded,
    requestedBy: person(row.requested_by, row.requested_by_name),
    requestedAt: row.created_at.toISOString(),
    confirmedBy: person(row.confirmed_by, row.confirmed_by_name),
    confirmedAt: row.confirmed_at?.toISOString() ?? null,
    declinedBy: person(row.declined_by, row.declined_by_name),
    declinedAt: row.declined_at?.toISOString() ?? null,
    cancelledBy: person(row.cancelled_by, row.cancelled_by_name),
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    refundIfCancelledNow,
  });

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

  const authorizedOnly = () =>
    new AppError("not_authorized_contact", { reason: "out_of_hours_authorized_only" });

  /** Which contract a booking takes its day from: the one named, or the organization's current one with days. */
  const chooseContract = (
    caller: Actor,
    contracts: (repo.ContractFacts & { authorized: boolean })[],
    contractId: string | undefined,
    startDay: string | null,
  ) => {
    const eligible = isCustomer(caller) ? contracts.filter((c) => c.authorized) : contracts;
    if (contractId) {
      const named = contracts.find((c) => c.id === contractId);
      if (!named)
        throw invalidField(
          { reason: "out_of_hours_no_contract" },
          { field: "contractId", code: "not_found", params: { entity: "contract" } },
        );
      if (!eligible.includes(named)) throw authorizedOnly();
      return named;
    }
    const within = (c: repo.ContractFacts) =>
      startDay !== null && c.startDate <= startDay && startDay <= c.endDate;
    const chosen =
      eligible.find((c) => daysOf(c) > 0 && within(c)) ?? eligible.find((c) => daysOf(c) > 0) ?? eligible[0];
    if (chosen) return chosen;
    if (isCustomer(caller)) throw authorizedOnly();
    throw invalidField(
      { reason: "out_of_hours_no_contract" },
      { field: "organizationId", code: "not_found", params: { entity: "contract" } },
    );
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
      if (!check.ok) {
        const refusal = bookingRefusal(check, { plan: contract.planSettings.name ?? "", notice });
        if (refusal) throw refusal;
        const year = contractYearRange(
          contract,
          contractYearOf(contract.startDate, localDateOf(startsAt, zone)),
        );
        throw new AppError(
          "conflict",
          {
            reason: "out_of_hours_used",
            params: { count: daysOf(contract), start: year.startDate, end: year.endDate },
          },
          [{ field: "startsAt", code: "out_of_hours_used", params: { count: daysOf(contract) } }],
        );
      }
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

  const quotaOf = (contract: repo.ContractFacts, used: Map<number, number> | undefined): OutOfHoursQuota => {
    const perYear = daysOf(contract);
    const years = Array.from({ length: contractYearCount(contract) }, (_, index) => {
      const taken = used?.get(index) ?? 0;
      return {
        index,
        ...contractYearRange(contract, index),
        used: taken,
        left: Math.max(0, perYear - taken),
      };
    });
    const today = vendorToday(clock);
    return {
      contractId: contract.id,
      contractNumber: contract.number,
      systemName: contract.systemName,
      planName: contract.planSettings.name ?? "",
      daysPerYear: perYear,
      current: years.find((y) => y.startDate <= today && today <= y.endDate) ?? null,
      years,
    };
  };

  /** A contract's out-of-hours days, year by year (the contract pages). */
  const contractQuota = async (actor: Actor | null, contractId: string): Promise<OutOfHoursQuota> => {
    const caller = authorize(actor, "services:read");
    const contract = await repo.findContract(db, scopeOf(caller), contractId);
    if (!contract) throw notFound("contract");
    return quotaOf(contract, (await repo.countUsedByYear(db, [contract.id])).get(contract.id));
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
      contracts: contracts.map((c) => ({ ...quotaOf(c, used.get(c.id)), endDate: c.endDate })),
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
