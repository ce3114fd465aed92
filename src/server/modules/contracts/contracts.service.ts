import type { z } from "zod";
import type {
  BillingLine,
  createContractBodySchema,
  listContractsQuerySchema,
  renewContractBodySchema,
  updateContractBodySchema,
} from "../../../api/contracts";
import { checkTerm } from "../../../domain/contracts/contract-term";
import { compareDates, daysBetween, type LocalDate, termEnd } from "../../../domain/contracts/local-date";
import type { PlanSettings } from "../../../domain/contracts/plan";
import { computeAnnualFee } from "../../../domain/contracts/pricing";
import { computeRenewalTerm } from "../../../domain/contracts/renewal";
import { compileCalendar } from "../../../domain/sla/compiled-calendar";
import { CDMX_HABIL_CALENDAR } from "../../../domain/sla/sla-clock";
import { type Actor, authorize, scopeOf } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, invalidField, notFound } from "../../platform/errors";
import { findAuditEntries, insertAudit } from "../audit";
import * as contactsRepo from "./authorized-contacts.repository";
import { toContractDto, todayOf } from "./contract-context";
import * as repo from "./contracts.repository";
import * as plansRepo from "./plans.repository";
import { createReinstatementService } from "./reinstatement.service";

const isOverlap = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: string }).code === "23P01";

const annualFeeLine = (startDate: LocalDate, endDate: LocalDate, amountCents: number): BillingLine => ({
  kind: "annual_fee",
  startDate,
  endDate,
  days: null,
  daysInYear: null,
  years: null,
  amountCents,
});

export const createContractsService = (deps: ServiceDeps) => {
  const { db, clock } = deps;
  // renewals start on the next business day of the vendor's calendar (SPEC §3)
  const renewalCalendar = compileCalendar(CDMX_HABIL_CALENDAR);

  const planOrFail = async (tx: Database, planId: string): Promise<PlanSettings> => {
    const plan = await plansRepo.findPlan(tx, planId);
    if (!plan) {
      throw invalidField(
        { reason: "plan_unknown", params: { plan: planId } },
        { field: "planId", code: "not_found", params: { entity: "plan" } },
      );
    }
    return plan.settings;
  };

  /** Under the system's lock: refuse an overlap with a clear message; the exclusion constraint is the backstop. */
  const insertOrConflict = async (tx: Database, values: Parameters<typeof repo.insertContract>[1]) => {
    await repo.lockSystem(tx, values.systemId);
    const clash = (await repo.findContractsOfSystem(tx, values.systemId)).find(
      (c) => compareDates(c.startDate, values.endDate) <= 0 && compareDates(values.startDate, c.endDate) <= 0,
    );
    if (clash) {
      throw new AppError("contract_overlap", {
        reason: "contract_overlap",
        params: { number: clash.number, startDate: clash.startDate, endDate: clash.endDate },
      });
    }
    try {
      return await repo.insertContract(tx, values);
    } catch (error) {
      if (isOverlap(error)) throw new AppError("contract_overlap", { reason: "contract_overlap_dates" });
      throw error;
    }
  };

  const getContract = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "contracts:read");
    const row = await repo.findContract(db, scopeOf(caller), id);
    if (!row) throw notFound("contract");
    return toContractDto(row, caller, todayOf(clock));
  };

  const listContracts = async (actor: Actor | null, query: z.output<typeof listContractsQuerySchema>) => {
    const caller = authorize(actor, "contracts:read");
    const today = todayOf(clock);
    const page = await repo.findContracts(db, scopeOf(caller), { ...query, today });
    return { items: page.items.map((r) => toContractDto(r, caller, today)), nextCursor: page.nextCursor };
  };

  const createContract = async (actor: Actor | null, input: z.output<typeof createContractBodySchema>) => {
    const caller = authorize(actor, "contracts:write");
    const endDate = input.endDate ?? termEnd(input.startDate);
    const term = checkTerm(input.startDate, endDate);
    if (!term.ok) {
      const field = "endDate";
      throw term.reason === "end_before_start"
        ? invalidField(
            { reason: "end_before_start" },
            { field, code: "before", params: { other: "startDate" } },
          )
        : term.reason === "term_under_one_year"
          ? invalidField(
              { reason: "term_under_one_year", params: { minimumEnd: term.minimumEnd } },
              { field, code: "term_under_one_year", params: { minimumEnd: term.minimumEnd } },
            )
          : invalidField({ reason: "end_not_a_date" }, { field, code: "not_a_date" });
    }
    const id = await db.transaction().execute(async (tx) => {
      const system = await repo.findSystemOwner(tx, { kind: "all" }, input.systemId);
      if (!system) {
        throw invalidField(
          { reason: "system_unknown" },
          { field: "systemId", code: "not_found", params: { entity: "customer_system" } },
        );
      }
      const plan = await planOrFail(tx, input.planId);
      const { feeCents } = computeAnnualFee({ salePriceCents: input.salePriceCents, ...plan });
      const id = await insertOrConflict(tx, {
        organizationId: system.organizationId,
        systemId: system.id,
        planId: input.planId,
        planSettings: plan,
        kind: "new",
        startDate: input.startDate,
        endDate,
        salePriceCents: input.salePriceCents,
        annualFeeCents: feeCents,
        billedCents: feeCents,
        billingLines: [annualFeeLine(input.startDate, endDate, feeCents)],
        purchaseOrder: input.purchaseOrder ?? null,
        notes: input.notes,
        previousContractId: null,
        now: clock.now(),
      });
      await insertAudit(tx, {
        actor: caller,
        action: "contract.created",
        entity: "contract",
        entityId: id,
        organizationId: system.organizationId,
        details: { ...input, endDate, annualFeeCents: feeCents },
      });
      return id;
    });
    return getContract(caller, id);
  };

  const updateContract = async (
    actor: Actor | null,
    id: string,
    input: z.output<typeof updateContractBodySchema>,
  ) => {
    const caller = authorize(actor, "contracts:write");
    const before = await getContract(caller, id);
    await db.transaction().execute(async (tx) => {
      await repo.updateContract(tx, id, { ...input, now: clock.now() });
      await insertAudit(tx, {
        actor: caller,
        action: "contract.updated",
        entity: "contract",
        entityId: id,
        organizationId: before.organizationId,
        details: { before: { purchaseOrder: before.purchaseOrder, notes: before.notes }, after: input },
      });
    });
    return getContract(caller, id);
  };

  /** What a renewal would create, without creating it. */
  const previewRenewal = async (
    actor: Actor | null,
    id: string,
    input: { planId?: string | undefined; salePriceCents?: number | undefined },
  ) => {
    const caller = authorize(actor, "contracts:write");
    const renewed = await repo.findContract(db, scopeOf(caller), id);
    if (!renewed) throw notFound("contract");
    const planId = input.planId ?? renewed.planId;
    const plan = await planOrFail(db, planId);
    const salePriceCents = input.salePriceCents ?? renewed.salePriceCents;
    return {
      contractId: id,
      planId,
      ...computeRenewalTerm(renewalCalendar, renewed.endDate),
      salePriceCents,
      annualFeeCents: computeAnnualFee({ salePriceCents, ...plan }).feeCents,
      previousEndDate: renewed.endDate,
    };
  };

  /** The next contract: from the next business day after the last one ends, one year, fee recomputed. */
  const renewContract = async (
    actor: Actor | null,
    id: string,
    input: z.output<typeof renewContractBodySchema>,
  ) => {
    const caller = authorize(actor, "contracts:write");
    const newId = await db.transaction().execute(async (tx) => {
      const renewed = await repo.findContract(tx, { kind: "all" }, id);
      if (!renewed) throw notFound("contract");
      await repo.lockSystem(tx, renewed.systemId);
      const later = (await repo.findContractsOfSystem(tx, renewed.systemId)).filter(
        (c) => compareDates(c.startDate, renewed.endDate) > 0,
      );
      if (later.length > 0) {
        throw new AppError("later_contract_exists", {
          reason: "later_contract_exists",
          params: { number: later[0]!.number, startDate: later[0]!.startDate, renewed: renewed.number },
        });
      }
      const planId = input.planId ?? renewed.planId;
      const plan = await planOrFail(tx, planId);
      const salePriceCents = input.salePriceCents ?? renewed.salePriceCents;
      const { feeCents } = computeAnnualFee({ salePriceCents, ...plan });
      const term = computeRenewalTerm(renewalCalendar, renewed.endDate);
      const newId = await insertOrConflict(tx, {
        organizationId: renewed.organizationId,
        systemId: renewed.systemId,
        planId,
        planSettings: plan,
        kind: "renewal",
        ...term,
        salePriceCents,
        annualFeeCents: feeCents,
        billedCents: feeCents,
        billingLines: [annualFeeLine(term.startDate, term.endDate, feeCents)],
        purchaseOrder: input.purchaseOrder ?? null,
        notes: "",
        previousContractId: renewed.id,
        now: clock.now(),
      });
      // authorized contacts carry over, within the new plan's limit
      const carried = renewed.authorizedContacts.slice(0, plan.maxAuthorizedContacts).map((c) => c.id);
      await contactsRepo.insertAuthorizedContacts(tx, newId, carried, clock.now());
      await insertAudit(tx, {
        actor: caller,
        action: "contract.renewed",
        entity: "contract",
        entityId: newId,
        organizationId: renewed.organizationId,
        details: {
          previousContractId: renewed.id,
          ...term,
          planId,
          salePriceCents,
          annualFeeCents: feeCents,
          carried,
        },
      });
      return newId;
    });
    return getContract(caller, newId);
  };

  /** Current contracts not yet renewed, ending within 30, 60 and 90 days. */
  const renewalPipeline = async (
    actor: Actor | null,
    options: { organizationId?: string | undefined; accountExecutiveId?: string | undefined },
  ) => {
    const caller = authorize(actor, "contracts:read");
    const today = todayOf(clock);
    const rows: repo.ContractRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await repo.findContracts(db, scopeOf(caller), {
        endingWithinDays: 90,
        organizationId: options.organizationId,
        accountExecutiveId: options.accountExecutiveId,
        notRenewed: true,
        limit: 200,
        cursor,
        today,
      });
      rows.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const within = (from: number, to: number) =>
      rows
        .filter((r) => {
          const days = daysBetween(today, r.endDate);
          return days >= from && days <= to;
        })
        .map((r) => toContractDto(r, caller, today));
    return { today, within30: within(0, 30), within60: within(31, 60), within90: within(61, 90) };
  };

  const contractHistory = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "contracts:history");
    await getContract(caller, id);
    return (await findAuditEntries(db, "contract", id)).map((e) => ({
      at: e.at.toISOString(),
      actorName: e.actor_name,
      action: e.action,
      details: (e.details ?? {}) as Record<string, unknown>,
    }));
  };

  const reinstatement = createReinstatementService(deps, { planOrFail, insertOrConflict, getContract });

  return {
    ...reinstatement,
    getContract,
    listContracts,
    createContract,
    updateContract,
    renewContract,
    previewRenewal,
    renewalPipeline,
    contractHistory,
  };
};

export type ContractsService = ReturnType<typeof createContractsService>;
