import type { z } from "zod";
import type { Plan, updatePlanBodySchema } from "../../../api/contracts";
import { DEFAULT_PENALTY_RATE_BPS, planSettingsSchema } from "../../../domain/contracts/plan";
import { type Actor, authorize } from "../../platform/actor";
import type { ServiceDeps } from "../../platform/deps";
import { invalidField, notFound } from "../../platform/errors";
import { fieldErrorOfIssue } from "../../platform/validation-errors";
import { insertAudit } from "../audit";
import type { CalendarsService } from "../calendars";
import { todayOf } from "./contract-context";
import * as plansRepo from "./plans.repository";

const toPlan = (row: plansRepo.PlanRow): Plan => ({
  id: row.id,
  name: row.name,
  settings: row.settings,
  updatedAt: row.updatedAt.toISOString(),
});

export const createPlansService = ({ db, clock }: ServiceDeps, deps: { calendars: CalendarsService }) => {
  const listPlans = async (actor: Actor | null) => {
    authorize(actor, "plans:read");
    return (await plansRepo.findPlans(db)).map(toPlan);
  };

  const getPlan = async (actor: Actor | null, id: string) => {
    authorize(actor, "plans:read");
    const plan = await plansRepo.findPlan(db, id);
    if (!plan) throw notFound("plan");
    return toPlan(plan);
  };

  /** Changes apply to contracts made afterwards; with applyToCurrentContracts also to today's current ones. */
  const updatePlan = async (
    actor: Actor | null,
    id: string,
    input: z.output<typeof updatePlanBodySchema>,
  ) => {
    const caller = authorize(actor, "plans:write");
    const { applyToCurrentContracts, responseClocks, resolutionClocks, ...rest } = input;
    return db.transaction().execute(async (tx) => {
      const before = await plansRepo.findPlan(tx, id);
      if (!before) throw notFound("plan");
      const resolution = Object.fromEntries(
        Object.entries({ ...before.settings.resolutionClocks, ...resolutionClocks }).filter(
          ([, clock]) => clock,
        ),
      );
      const merged = planSettingsSchema.safeParse({
        ...before.settings,
        ...rest,
        responseClocks: { ...before.settings.responseClocks, ...responseClocks },
        ...(Object.keys(resolution).length
          ? { resolutionClocks: resolution }
          : { resolutionClocks: undefined }),
      });
      if (!merged.success) {
        const issue = merged.error.issues[0]!;
        throw invalidField(
          { reason: "plan_invalid", params: { problem: issue.message } },
          fieldErrorOfIssue(issue.path.join("."), {
            keyword: issue.code,
            message: issue.message,
            params: { ...issue },
          }),
        );
      }
      const clocks = [
        ...Object.entries(merged.data.responseClocks).map(
          ([p, clock]) => [`responseClocks.${p}`, clock] as const,
        ),
        ...Object.entries(merged.data.resolutionClocks ?? {}).map(
          ([p, clock]) => [`resolutionClocks.${p}`, clock] as const,
        ),
      ];
      const calendars = await deps.calendars.load(tx);
      for (const [path, clock] of clocks) {
        if (clock && !calendars.get(clock.calendarId)) {
          const field = `${path}.calendarId`;
          throw invalidField(
            { reason: "calendar_unknown", params: { field, calendar: clock.calendarId } },
            {
              field,
              code: "unknown_calendar",
              params: {
                allowed: calendars
                  .entries()
                  .map((c) => c.id)
                  .join(", "),
              },
            },
          );
        }
      }
      const now = clock.now();
      await plansRepo.updatePlan(tx, { id, settings: merged.data, now });
      const applied = applyToCurrentContracts
        ? await plansRepo.applyPlanToCurrentContracts(tx, {
            planId: id,
            settings: merged.data,
            today: todayOf(clock),
            now,
          })
        : [];
      await insertAudit(tx, {
        actor: caller,
        action: "plan.updated",
        entity: "plan",
        entityId: null,
        details: { planId: id, before: before.settings, after: merged.data, appliedToContracts: applied },
      });
      return {
        ...toPlan({ ...before, name: merged.data.name, settings: merged.data, updatedAt: now }),
        appliedToContracts: applied.length,
      };
    });
  };

  const getContractSettings = async (actor: Actor | null) => {
    authorize(actor, "settings:read");
    const value = (await plansRepo.findSetting(db, "contracts")) as { penaltyRateBps?: number } | null;
    return { penaltyRateBps: value?.penaltyRateBps ?? DEFAULT_PENALTY_RATE_BPS };
  };

  const updateContractSettings = async (actor: Actor | null, input: { penaltyRateBps: number }) => {
    const caller = authorize(actor, "settings:write");
    const before = await getContractSettings(caller);
    await db.transaction().execute(async (tx) => {
      await plansRepo.upsertSetting(tx, { key: "contracts", value: input, now: clock.now() });
      await insertAudit(tx, {
        actor: caller,
        action: "settings.contracts_updated",
        entity: "settings",
        entityId: null,
        details: { before, after: input },
      });
    });
    return input;
  };

  return { listPlans, getPlan, updatePlan, getContractSettings, updateContractSettings };
};

export type PlansService = ReturnType<typeof createPlansService>;
