import type { PlanSettings } from "../../../domain/contracts/plan";
import type { Database } from "../../platform/db";

export type PlanRow = { id: string; name: string; settings: PlanSettings; updatedAt: Date };

export const findPlans = async (db: Database): Promise<PlanRow[]> =>
  (await db.selectFrom("plans").selectAll().orderBy("id").execute()).map((r) => ({
    id: r.id,
    name: r.name,
    settings: r.settings as PlanSettings,
    updatedAt: r.updated_at,
  }));

export const findPlan = async (db: Database, id: string): Promise<PlanRow | null> =>
  (await findPlans(db)).find((p) => p.id === id) ?? null;

export const updatePlan = async (db: Database, plan: { id: string; settings: PlanSettings; now: Date }) => {
  await db
    .updateTable("plans")
    .set({ name: plan.settings.name, settings: JSON.stringify(plan.settings), updated_at: plan.now })
    .where("id", "=", plan.id)
    .execute();
};

/** Gives contracts current on `today` the plan's new settings; returns their ids. */
export const applyPlanToCurrentContracts = async (
  db: Database,
  options: { planId: string; settings: PlanSettings; today: string; now: Date },
) =>
  (
    await db
      .updateTable("contracts")
      .set({ plan_settings: JSON.stringify(options.settings), updated_at: options.now })
      .where("plan_id", "=", options.planId)
      .where("start_date", "<=", options.today)
      .where("end_date", ">=", options.today)
      .returning("id")
      .execute()
  ).map((r) => r.id);

export const findSetting = async (db: Database, key: string): Promise<unknown> =>
  (await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst())?.value ?? null;

export const upsertSetting = async (db: Database, options: { key: string; value: unknown; now: Date }) => {
  await db
    .insertInto("settings")
    .values({ key: options.key, value: JSON.stringify(options.value), updated_at: options.now })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({ value: JSON.stringify(options.value), updated_at: options.now }),
    )
    .execute();
};
