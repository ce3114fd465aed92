import type { Database } from "../../platform/db";
import * as repo from "./notifications.repository";

/** What a notice needs of its case (number, thread, requester, assignee…), inside the change's transaction. */
export const loadCaseContext = async (tx: Database, caseId: string) => {
  const context = await repo.findCaseContext(tx, caseId);
  if (!context) throw new Error(`case ${caseId} vanished inside its own transaction`);
  return context;
};
