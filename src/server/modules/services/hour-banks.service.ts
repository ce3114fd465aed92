import type { z } from "zod";
import type {
  HourBankAlert,
  HourEntry,
  HourPackage,
  HourPackageCurrency,
  HourPackageDetail,
  listHourEntriesQuerySchema,
  listHourPackagesQuerySchema,
  logHourEntryBodySchema,
  sellHourPackageBodySchema,
  TimeEntryKind,
} from "../../../api/hour-banks";
import { compareDates } from "../../../domain/contracts/local-date";
import {
  allocateEntry,
  checkPackage,
  type HourBankSettings,
  MAX_ENTRY_QUARTERS,
  packageExpiry,
  packageStatus,
  QUARTERS_PER_HOUR,
} from "../../../domain/services/hour-bank";
import { type Actor, actorUserId, authorize, scopeOf } from "../../platform/actor";
import { vendorToday } from "../../platform/clock";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, invalidField, notFound } from "../../platform/errors";
import type { Page } from "../../platform/pagination";
import { insertAudit } from "../audit";
import type { NotificationsService } from "../notifications";
import { createHourBankAlerts, toDomainPackage } from "./hour-bank-alerts";
import * as entries from "./hour-bank-entries.repository";
import * as repo from "./hour-banks.repository";

const hoursOf = (quarters: number) => quarters / QUARTERS_PER_HOUR;

/**
 * Consulting-hour banks (SPEC §8): packages sold to an organization with a current contract, and the
 * consultants' time entries taken from the package that expires first. An entry beyond the balance or on a
 * day no package covers needs a manager's reason; every write is one transaction with its audit entry and
 * the alerts it causes.
 */
export const createHourBanksService = (
  deps: ServiceDeps,
  services: { notifications: NotificationsService },
) => {
  const { db, clock } = deps;
  const alerts = createHourBankAlerts(deps, services);

  const toPackage = (r: repo.PackageRow, today: string, settings: HourBankSettings): HourPackage => {
    const pkg = toDomainPackage(r);
    const remaining = Math.max(0, pkg.quarters - pkg.usedQuarters);
    return {
      id: r.id,
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      contract: { id: r.contract_id, number: r.contract_number },
      hours: hoursOf(r.quarters),
      usedHours: hoursOf(r.used_quarters),
      remainingHours: hoursOf(remaining),
      purchasedOn: r.purchased_on,
      expiresOn: r.expires_on,
      status: packageStatus(pkg, today),
      lowBalance: remaining * 100 < pkg.quarters * settings.lowBalancePercent,
      purchaseOrder: r.purchase_order,
      priceCents: r.price_cents,
      currency: r.currency as HourPackageCurrency,
      soldBy: r.sold_by && r.sold_by_name ? { id: r.sold_by, name: r.sold_by_name } : null,
      createdAt: r.created_at.toISOString(),
    };
  };

  const toEntry = (caller: Actor, r: entries.EntryRow): HourEntry => ({
    id: r.id,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    workedOn: r.worked_on,
    hours: hoursOf(r.quarters),
    kind: r.kind as TimeEntryKind,
    description: r.description,
    case:
      r.case_id && r.case_number !== null && r.case_subject !== null
        ? { id: r.case_id, number: r.case_number, subject: r.case_subject }
        : null,
    consultant: { id: r.consultant_id, name: r.consultant_name },
    overridden: r.override_reason !== null,
    overrideReason: caller.role === "customer_contact" ? null : r.override_reason,
    allocations: r.allocations.map((a) => ({ packageId: a.packageId, hours: hoursOf(a.quarters) })),
    createdAt: r.created_at.toISOString(),
  });

  /** The package as the caller may see it: another organization's is not found, never forbidden. */
  const loadPackage = async (caller: Actor, id: string) => {
    const row = await repo.findPackage(db, scopeOf(caller), id);
    if (!row) throw notFound("hour_bank_package");
    return row;
  };

  const listPackages = async (
    actor: Actor | null,
    query: z.output<typeof listHourPackagesQuerySchema>,
  ): Promise<Page<HourPackage>> => {
    const caller = authorize(actor, "services:read");
    const [settings, today] = [await repo.findSettings(db), vendorToday(clock)];
    const page = await repo.findPackages(db, scopeOf(caller), { ...query, today });
    return { items: page.items.map((r) => toPackage(r, today, settings)), nextCursor: page.nextCursor };
  };

  const getPackage = async (actor: Actor | null, id: string): Promise<HourPackageDetail> => {
    const caller = authorize(actor, "services:read");
    const row = await loadPackage(caller, id);
    const [settings, sent] = [await repo.findSettings(db), await repo.findAlerts(db, id)];
    return {
      ...toPackage(row, vendorToday(clock), settings),
      lowBalancePercent: settings.lowBalancePercent,
      alerts: sent.map((a) => ({
        kind: a.kind as HourBankAlert,
        recipients: a.recipients,
        sentAt: a.sent_at.toISOString(),
      })),
    };
  };

  const listAlerts = async (actor: Actor | null, id: string) => ({
    items: (await getPackage(actor, id)).alerts,
  });

  const listPackageEntries = async (
    actor: Actor | null,
    id: string,
    query: z.output<typeof listHourEntriesQuerySchema>,
  ): Promise<Page<HourEntry>> => {
    const caller = authorize(actor, "services:read");
    await loadPackage(caller, id);
    const page = await entries.findEntries(db, scopeOf(caller), {
      packageId: id,
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map((r) => toEntry(caller, r)), nextCursor: page.nextCursor };
  };

  const listEntries = async (
    actor: Actor | null,
    query: z.output<typeof listHourEntriesQuerySchema>,
  ): Promise<Page<HourEntry>> => {
    const caller = authorize(actor, "services:read");
    const page = await entries.findEntries(db, scopeOf(caller), query);
    return { items: page.items.map((r) => toEntry(caller, r)), nextCursor: page.nextCursor };
  };

  const requireOrganization = async (organizationId: string) => {
    const organization = await repo.findOrganization(db, organizationId);
    if (!organization) {
      throw invalidField(
        { reason: "organization_unknown" },
        { field: "organizationId", code: "not_found", params: { entity: "organization" } },
      );
    }
    return organization;
  };

  /** A package of at least the smallest size, riding on a contract of the organization current on the purchase date. */
  const sellPackage = async (
    actor: Actor | null,
    input: z.output<typeof sellHourPackageBodySchema>,
  ): Promise<HourPackageDetail> => {
    const caller = authorize(actor, "services:sell");
    const settings = await repo.findSettings(db);
    const check = checkPackage(input.hours, settings);
    if (!check.ok) {
      throw check.code === "min_package_hours"
        ? invalidField(
            { reason: "hour_bank_min_hours", params: check.params },
            { field: "hours", code: "min_package_hours", params: check.params },
          )
        : invalidField(undefined, { field: "hours", code: "quarter_hours" });
    }
    if (compareDates(input.purchasedOn, vendorToday(clock)) > 0) {
      throw invalidField(undefined, { field: "purchasedOn", code: "in_future" });
    }
    const organization = await requireOrganization(input.organizationId);
    const contract = await repo.findCurrentContract(db, {
      organizationId: organization.id,
      on: input.purchasedOn,
      contractId: input.contractId,
    });
    if (!contract) {
      throw new AppError("hour_bank_refused", { reason: "hour_bank_needs_contract" }, [
        input.contractId
          ? { field: "contractId", code: "contract_not_current", params: { date: input.purchasedOn } }
          : { field: "organizationId", code: "no_current_contract" },
      ]);
    }
    const expiresOn = packageExpiry(input.purchasedOn);
    const quarters = input.hours * QUARTERS_PER_HOUR;
    const id = await db.transaction().execute(async (tx) => {
      const packageId = await repo.insertPackage(tx, {
        organizationId: organization.id,
        contractId: contract.id,
        quarters,
        purchasedOn: input.purchasedOn,
        expiresOn,
        purchaseOrder: input.purchaseOrder,
        priceCents: input.priceCents,
        currency: input.currency,
        soldBy: actorUserId(caller),
        now: clock.now(),
      });
      await insertAudit(tx, {
        actor: caller,
        action: "hour_bank.package_sold",
        entity: "hour_bank_package",
        entityId: packageId,
        organizationId: organization.id,
        details: {
          contractId: contract.id,
          hours: input.hours,
          purchasedOn: input.purchasedOn,
          expiresOn,
          purchaseOrder: input.purchaseOrder,
          priceCents: input.priceCents,
          currency: input.currency,
        },
      });
      return packageId;
    });
    return getPackage(caller, id);
  };

  /** Checks what an entry names before anything is locked: its hours, day, organization, consultant and case. */
  const checkEntry = async (caller: Actor, input: z.output<typeof logHourEntryBodySchema>) => {
    const quarters = input.hours * QUARTERS_PER_HOUR;
    if (!Number.isInteger(quarters)) throw invalidField(undefined, { field: "hours", code: "quarter_hours" });
    if (quarters < 1 || quarters > MAX_ENTRY_QUARTERS) {
      throw invalidField(undefined, {
        field: "hours",
        code: "entry_hours",
        params: { max: hoursOf(MAX_ENTRY_QUARTERS) },
      });
    }
    if (compareDates(input.workedOn, vendorToday(clock)) > 0) {
      throw invalidField(undefined, { field: "workedOn", code: "in_future" });
    }
    await requireOrganization(input.organizationId);
    const consultantId = input.consultantId ?? actorUserId(caller);
    if (!consultantId) throw invalidField(undefined, { field: "consultantId", code: "required" });
    if (consultantId !== caller.userId && !(await repo.isActiveStaff(db, consultantId))) {
      throw invalidField(undefined, { field: "consultantId", code: "not_active_staff" });
    }
    if (input.caseId) {
      const linked = await repo.findCase(db, input.caseId);
      if (!linked) {
        throw invalidField(undefined, { field: "caseId", code: "not_found", params: { entity: "case" } });
      }
      if (linked.organization_id !== input.organizationId) {
        throw invalidField(undefined, { field: "caseId", code: "case_of_other_organization" });
      }
    }
    return { quarters, consultantId };
  };

  /**
   * A consultant's time entry, taken from the organization's packages valid on the day it was worked, the
   * one that expires first first. The packages are locked for the transaction, so two entries at once
   * cannot overdraw; an entry that crosses the low-balance share mails its alert in the same transaction.
   */
  const logEntry = async (
    actor: Actor | null,
    input: z.output<typeof logHourEntryBodySchema>,
  ): Promise<HourEntry> => {
    const caller = authorize(actor, "hour-banks:log");
    const { quarters, consultantId } = await checkEntry(caller, input);
    const reason = input.overrideReason ? input.overrideReason : null;
    const settings = await repo.findSettings(db);
    const id = await db.transaction().execute(async (tx) => {
      const locked = await repo.lockPackagesOfOrganization(tx, input.organizationId);
      const packages = locked.map(toDomainPackage);
      const ask = (override: boolean) =>
        allocateEntry({ packages, workedOn: input.workedOn, quarters, override });
      let decision = ask(false);
      if (!decision.ok && reason !== null) {
        // only a manager overrides; anyone else is told so
        authorize(caller, "hour-banks:override");
        decision = ask(true);
      }
      if (!decision.ok) {
        // the hours were checked above
        if (decision.code === "entry_quarters") throw new Error("entry hours out of range");
        const available = hoursOf(decision.params.availableQuarters);
        throw decision.code === "beyond_balance"
          ? new AppError("hour_bank_refused", { reason: "hour_bank_beyond_balance", params: { available } }, [
              { field: "hours", code: "beyond_balance", params: { available } },
            ])
          : new AppError(
              "hour_bank_refused",
              { reason: "hour_bank_no_valid_package", params: { date: input.workedOn } },
              [{ field: "workedOn", code: "no_valid_package" }],
            );
      }
      const entryId = await entries.insertEntry(tx, {
        organizationId: input.organizationId,
        workedOn: input.workedOn,
        quarters,
        kind: input.kind,
        description: input.description,
        caseId: input.caseId ?? null,
        consultantId,
        overrideReason: decision.overridden ? reason : null,
        loggedBy: actorUserId(caller),
        now: clock.now(),
        allocations: decision.allocations,
      });
      for (const a of decision.allocations) await repo.addUsedQuarters(tx, a.packageId, a.quarters);
      await insertAudit(tx, {
        actor: caller,
        action: decision.overridden ? "hour_bank.entry_overridden" : "hour_bank.entry_logged",
        entity: "hour_bank_entry",
        entityId: entryId,
        organizationId: input.organizationId,
        details: {
          workedOn: input.workedOn,
          hours: input.hours,
          kind: input.kind,
          consultantId,
          caseId: input.caseId ?? null,
          allocations: decision.allocations.map((a) => ({
            packageId: a.packageId,
            hours: hoursOf(a.quarters),
          })),
          ...(decision.overridden ? { overrideReason: reason } : {}),
        },
      });
      for (const a of decision.allocations) {
        const pkg = packages.find((p) => p.id === a.packageId)!;
        await alerts.sendDue(
          tx,
          { ...pkg, usedQuarters: pkg.usedQuarters + a.quarters, organizationId: input.organizationId },
          settings,
        );
      }
      return entryId;
    });
    return toEntry(caller, (await entries.findEntry(db, id))!);
  };

  return {
    listPackages,
    getPackage,
    listAlerts,
    listPackageEntries,
    listEntries,
    sellPackage,
    logEntry,
    sendDueAlerts: alerts.sendDueAlerts,
  };
};

export type HourBanksService = ReturnType<typeof createHourBanksService>;
