import type { Database } from "../../platform/db";
import { pingDatabase } from "./health.repository";

export const createHealthService = (deps: { db: Database; version?: string | undefined }) => ({
  check: async () => {
    const up = await pingDatabase(deps.db);
    return {
      status: up ? ("ok" as const) : ("degraded" as const),
      database: up ? ("up" as const) : ("down" as const),
      version: deps.version ?? "0.1.0",
    };
  },
});
export type HealthService = ReturnType<typeof createHealthService>;
