import { sql } from "kysely";
import type { Database } from "../../platform/db";

export const pingDatabase = async (db: Database): Promise<boolean> => {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
};
