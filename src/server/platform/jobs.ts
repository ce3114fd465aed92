import { CompiledQuery } from "kysely";
import PgBoss from "pg-boss";
import type { Database } from "./db";

export const JOB_SCHEMA = "pgboss";
/** Every queue the application uses; created by `migrate` so that a send inside a transaction finds it. */
export const JOB_QUEUES = ["escalation", "notification-digest", "services-alerts"] as const;
export type JobQueueName = (typeof JOB_QUEUES)[number];

/** pg-boss speaking through our connection, so a job is enqueued inside the caller's transaction. */
const through = (executor: Database): PgBoss.Db => ({
  executeSql: async (text, values) => {
    const result = await executor.executeQuery(CompiledQuery.raw(text, values));
    return { rows: result.rows as unknown[] as never[] };
  },
});

/** Enqueue and cancel timed work in the same transaction as the change that causes it. */
export type JobQueue = {
  send: (
    tx: Database,
    queue: JobQueueName,
    data: object,
    options: { id: string; startAfter: Date },
  ) => Promise<void>;
  cancel: (tx: Database, queue: JobQueueName, id: string) => Promise<void>;
};

export const createJobQueue = (): JobQueue => {
  // never started: every call passes the transaction as its connection
  const boss = new PgBoss({
    db: { executeSql: () => Promise.reject(new Error("jobs are sent inside a transaction")) },
    schema: JOB_SCHEMA,
  });
  return {
    send: async (tx, queue, data, options) => {
      const id = await boss.send(queue, data, {
        id: options.id,
        startAfter: options.startAfter,
        retryLimit: 20,
        retryDelay: 2,
        retryBackoff: true,
        expireInSeconds: 60,
        db: through(tx),
      });
      if (!id) throw new Error(`job queue "${queue}" is missing; run the migrations`);
    },
    cancel: async (tx, queue, id) => {
      await boss.cancel(queue, id, { db: through(tx) });
    },
  };
};

/** Creates pg-boss's schema and our queues (part of `migrate`). */
export const ensureJobQueues = async (connectionString: string): Promise<void> => {
  const boss = new PgBoss({
    connectionString,
    schema: JOB_SCHEMA,
    application_name: "soporte-migrate",
    supervise: false,
    schedule: false,
    max: 1,
  });
  await boss.start();
  try {
    for (const queue of JOB_QUEUES) {
      if (!(await boss.getQueue(queue))) await boss.createQueue(queue, { name: queue, policy: "standard" });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
};

export type JobHandlers = Partial<Record<JobQueueName, (data: unknown) => Promise<void>>>;
export type Jobs = { boss: PgBoss; stop: () => Promise<void> };

/** Starts pg-boss's workers on the application database (each process takes its share of due jobs). */
export const startJobs = async (options: {
  connectionString: string;
  handlers: JobHandlers;
  onError: (e: Error) => void;
  schedules?: { queue: JobQueueName; cron: string }[];
}): Promise<Jobs> => {
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: JOB_SCHEMA,
    application_name: "soporte-jobs",
    max: 4,
  });
  boss.on("error", options.onError);
  await boss.start();
  for (const [queue, handler] of Object.entries(options.handlers)) {
    // small batches: a process killed mid-batch strands few jobs (the sweep picks them up)
    await boss.work(queue, { pollingIntervalSeconds: 0.5, batchSize: 24 }, async (jobs) => {
      const pending = [...jobs];
      const lane = async () => {
        for (let job = pending.shift(); job; job = pending.shift()) await handler(job.data);
      };
      await Promise.all([lane(), lane(), lane(), lane()]);
    });
  }
  for (const schedule of options.schedules ?? []) await boss.schedule(schedule.queue, schedule.cron);
  return { boss, stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }) };
};
