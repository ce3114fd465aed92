import type { z } from "zod";
import type { acceptReinstatementBodySchema, Contract, ReinstatementQuote } from "../../../api/contracts";
import { computeContractStatus } from "../../../domain/contracts/contract-term";
import { compareDates, type LocalDate } from "../../../domain/contracts/local-date";
import { DEFAULT_PENALTY_RATE_BPS, type PlanSettings } from "../../../domain/contracts/plan";
import { computeAnnualFee } from "../../../domain/contracts/pricing";
import { computeReinstatementQuote } from "../../../domain/contracts/reinstatement";
import { type Actor, authorize, scopeOf } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import * as contactsRepo from "./authorized-contacts.repository";
import { todayOf } from "./contract-context";
import * as repo from "./contracts.repository";
import * as plansRepo from "./plans.repository";

/** Re-contratación of a lapsed system: the itemised quote, and accepting it (brochure, SPEC §3). */
export const createReinstatementService = (
  { db, clock }: ServiceDeps,
  contracts: {
    planOrFail: (tx: Database, planId: string) => Promise<PlanSettings>;
    insertOrConflict: (tx: Database, values: Parameters<typeof repo.insertContract>[1]) => Promise<string>;
    getContract: (actor: Actor | null, id: string) => Promise<Contract>;
  },
) => {
  const { planOrFail, insertOrConflict, getContract } = contracts;
  const quoteFor = async (tx: Database, systemId: string, quoteDate: LocalDate) => {
    const contracts = await repo.findContractsOfSystem(tx, systemId);
    if (contracts.length === 0) {
      throw new AppError("no_previous_contract", { reason: "never_had_contract" });
    }
    const blocking = contracts.find((c) => computeContractStatus(c, quoteDate) !== "expired");
    if (blocking) {
      throw new AppError("not_lapsed", {
        reason: "contract_covers_system",
        params: { number: blocking.number, startDate: blocking.startDate, endDate: blocking.endDate },
      });
    }
    const last = contracts.reduce((a, b) => (compareDates(a.endDate, b.endDate) >= 0 ? a : b));
    const plan = await planOrFail(tx, last.planId);
    const { feeCents } = computeAnnualFee({ salePriceCents: last.salePriceCents, ...plan });
    const settings = (await plansRepo.findSetting(tx, "contracts")) as { penaltyRateBps?: number } | null;
    const penaltyRateBps = settings?.penaltyRateBps ?? DEFAULT_PENALTY_RATE_BPS;
    const quote = computeReinstatementQuote({
      lastEndDate: last.endDate,
      quoteDate,
      annualFeeCents: feeCents,
      penaltyRateBps,
    });
    if (!quote.ok) throw new AppError("not_lapsed", { reason: "not_ended_on_date" });
    return { last, plan, feeCents, penaltyRateBps, quote };
  };

  const toQuoteDto = (
    systemId: string,
    q: Awaited<ReturnType<typeof quoteFor>>,
    quoteDate: LocalDate,
  ): ReinstatementQuote => {
    if (!q.quote.ok) throw new Error("unreachable");
    return {
      systemId,
      lastContractId: q.last.id,
      lastEndDate: q.last.endDate,
      quoteDate,
      planId: q.last.planId,
      salePriceCents: q.last.salePriceCents,
      annualFeeCents: q.feeCents,
      penaltyRateBps: q.penaltyRateBps,
      lapsedYears: q.quote.lapsedYears,
      penaltyApplies: q.quote.penaltyApplies,
      lines: q.quote.lines,
      totalCents: q.quote.totalCents,
    };
  };

  const visibleSystem = async (caller: Actor, systemId: string) => {
    const system = await repo.findSystemOwner(db, scopeOf(caller), systemId);
    if (!system) throw notFound("customer_system");
    return system;
  };

  const quoteReinstatement = async (actor: Actor | null, systemId: string, date: LocalDate | undefined) => {
    const caller = authorize(actor, "contracts:write");
    await visibleSystem(caller, systemId);
    const quoteDate = date ?? todayOf(clock);
    return toQuoteDto(systemId, await quoteFor(db, systemId, quoteDate), quoteDate);
  };

  /** Accepting a quote creates the lapse's contract (if any lapsed) and the new year's. */
  const acceptReinstatement = async (
    actor: Actor | null,
    systemId: string,
    input: z.output<typeof acceptReinstatementBodySchema>,
  ) => {
    const caller = authorize(actor, "contracts:write");
    await visibleSystem(caller, systemId);
    const newId = await db.transaction().execute(async (tx) => {
      await repo.lockSystem(tx, systemId);
      const q = await quoteFor(tx, systemId, input.quoteDate);
      if (!q.quote.ok) throw new Error("unreachable");
      if (q.quote.totalCents !== input.expectedTotalCents) {
        throw new AppError("quote_changed", {
          reason: "quote_changed",
          params: { total: q.quote.totalCents, expected: input.expectedTotalCents },
        });
      }
      const now = clock.now();
      const base = {
        organizationId: q.last.organizationId,
        systemId,
        planId: q.last.planId,
        planSettings: q.plan,
        salePriceCents: q.last.salePriceCents,
        annualFeeCents: q.feeCents,
        purchaseOrder: input.purchaseOrder,
        notes: "",
        now,
      };
      const lapseLines = q.quote.lines.filter((l) => l.kind !== "new_year");
      const newYearLines = q.quote.lines.filter((l) => l.kind === "new_year");
      let previous = q.last.id;
      if (q.quote.lapsedTerm) {
        previous = await insertOrConflict(tx, {
          ...base,
          kind: "reinstatement_lapse",
          ...q.quote.lapsedTerm,
          billedCents: lapseLines.reduce((s, l) => s + l.amountCents, 0),
          billingLines: lapseLines,
          previousContractId: previous,
        });
      }
      const newId = await insertOrConflict(tx, {
        ...base,
        kind: "reinstatement",
        ...q.quote.newTerm,
        billedCents: q.feeCents,
        billingLines: newYearLines,
        previousContractId: previous,
      });
      const carried = q.last.authorizedContacts.slice(0, q.plan.maxAuthorizedContacts).map((c) => c.id);
      await contactsRepo.insertAuthorizedContacts(tx, newId, carried, now);
      await insertAudit(tx, {
        actor: caller,
        action: "contract.reinstated",
        entity: "contract",
        entityId: newId,
        organizationId: q.last.organizationId,
        details: { quote: toQuoteDto(systemId, q, input.quoteDate), purchaseOrder: input.purchaseOrder },
      });
      return newId;
    });
    return getContract(caller, newId);
  };

  return { quoteReinstatement, acceptReinstatement };
};
