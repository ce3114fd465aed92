import type { PlanSettings } from "../../../domain/contracts/plan";
import type { Priority } from "../../../domain/sla/sla-clock";
import type { ServiceDeps } from "../../platform/deps";
import type { CalendarsService } from "../calendars";
import type { EscalationService } from "../escalation";
import { resolutionColumns, type StoredPause } from "./case-clocks";
import * as clocksRepo from "./case-clocks.repository";
import { computeResolutionSla, computeResponseSla, responseColumns, type SlaWindow } from "./case-sla";

const BATCH = 100;
const RUNNING = new Set(["new", "open", "waiting_on_customer"]);

/**
 * After a calendar edit, the running cases on it get their due times, explanations and escalation timers
 * recounted from registration on the new calendar — a batch per transaction, so the server keeps answering
 * and a restart resumes after the last batch (SPEC §5).
 */
export const createCaseRecomputeService = (
  { db }: ServiceDeps,
  deps: { calendars: CalendarsService; escalation: EscalationService },
) => {
  const recountBatch = async (): Promise<number | null> =>
    db.transaction().execute(async (tx) => {
      const batch = await deps.calendars.takeRecomputationBatch(tx, BATCH);
      if (!batch) return null;
      const calendars = await deps.calendars.load(tx);
      for (const id of batch.caseIds) {
        const row = await clocksRepo.lockCaseForRecount(tx, id);
        if (!row || !RUNNING.has(row.status)) continue;
        const plan = row.plan_settings as PlanSettings;
        const priority = row.priority as Priority;
        const response = row.response_met_at
          ? {}
          : responseColumns(
              computeResponseSla(
                plan,
                priority,
                row.registered_at,
                calendars,
                row.sla_window as SlaWindow | null,
              ),
            );
        const resolution = row.resolution_met_at
          ? {}
          : resolutionColumns(
              computeResolutionSla({
                plan,
                priority,
                registeredAt: row.registered_at,
                pauses: row.pauses as StoredPause[],
                pausedSince: row.paused_since,
                calendars,
              }),
            );
        await clocksRepo.updateCaseClocks(tx, id, { ...response, ...resolution });
        await deps.escalation.syncTimers(tx, id);
      }
      await deps.calendars.finishRecomputationBatch(
        tx,
        batch.recomputation,
        batch.caseIds,
        batch.caseIds.length < BATCH,
      );
      return batch.caseIds.length;
    });

  let running: Promise<number> | null = null;
  let again = false;

  /**
   * Works every pending recomputation to its end; concurrent calls in a process share one run (an edit
   * during a run is picked up before it ends). A failed batch leaves its recomputation running: the next
   * call (the periodic one) resumes after the last committed batch.
   */
  const recomputeCalendars = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          for (;;) {
            const count = await recountBatch();
            if (count === null) break;
            total += count;
            // let requests in between batches
            await new Promise((resolve) => setImmediate(resolve));
          }
        } while (again);
      } finally {
        running = null;
      }
      return total;
    })();
    return running;
  };

  return { recomputeCalendars };
};
