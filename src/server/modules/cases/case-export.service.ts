import type { z } from "zod";
import type { exportCasesQuerySchema } from "../../../api/cases";
import type { Language } from "../../../api/roles";
import { type Actor, authorize } from "../../platform/actor";
import type { Clock } from "../../platform/clock";
import type { CsvValue } from "../../platform/csv";
import type { Database } from "../../platform/db";
import * as listRepo from "./case-list.repository";
import type * as repo from "./cases.repository";

// small pages of narrow rows: the export's memory stays flat however many cases there are
const BATCH = 250;

const HEADER: Record<Language, string[]> = {
  "es-MX": [
    "Caso",
    "Asunto",
    "Organización",
    "Sistema",
    "Estado",
    "Prioridad",
    "Canal",
    "Registrado",
    "Respuesta a más tardar",
    "Respondido",
    "Asignado a",
  ],
  en: [
    "Case",
    "Subject",
    "Organization",
    "System",
    "Status",
    "Priority",
    "Channel",
    "Registered",
    "Response due",
    "Responded",
    "Assignee",
  ],
};

/**
 * The case list as CSV rows, with the list's filters and the caller's scope, read a page at a time along
 * the list's own order (newest first; a due-time queue most urgent first): 100,000 cases never sit in
 * memory together.
 */
export const createCaseExportService = (
  { db, clock }: { db: Database; clock: Clock },
  caseScopeOf: (caller: Actor) => repo.CaseScope,
) => {
  const exportCases = (actor: Actor | null, query: z.output<typeof exportCasesQuerySchema>) => {
    const caller = authorize(actor, "cases:read");
    const scope = caseScopeOf(caller);
    const now = clock.now();
    async function* batches(): AsyncGenerator<CsvValue[][]> {
      let after: { at: Date; id: string } | null = null;
      const { column } = listRepo.listOrderOf(query);
      for (;;) {
        const rows = await listRepo.findCasesForExport(db, scope, {
          ...query,
          actorId: caller.userId,
          now,
          limit: BATCH,
          after,
        });
        yield rows.map((c) => [
          c.number,
          c.subject,
          c.organization_name,
          c.system_name,
          c.status,
          c.priority,
          c.channel,
          c.registered_at,
          c.response_due_at,
          c.response_met_at,
          c.assignee_name,
        ]);
        const last = rows.at(-1);
        if (!last || rows.length < BATCH) return;
        after = { at: last[column], id: last.id };
      }
    }
    return { header: HEADER[caller.preferredLanguage], batches: batches() };
  };
  return { exportCases };
};
