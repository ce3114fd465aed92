import type { Clock } from "./clock";
import type { Config } from "./config";
import type { Database } from "./db";

/** What every service gets: the database, the clock and the configuration. */
export type ServiceDeps = { db: Database; clock: Clock; config: Config };
