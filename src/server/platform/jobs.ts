import PgBoss from "pg-boss";

export type Jobs = { boss: PgBoss; stop: () => Promise<void> };

/** pg-boss on the application database; later features enqueue timed and retried work here. */
export const startJobs = async (connectionString: string, onError: (e: Error) => void): Promise<Jobs> => {
  const boss = new PgBoss({ connectionString, schema: "pgboss", application_name: "soporte-jobs" });
  boss.on("error", onError);
  await boss.start();
  return { boss, stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }) };
};
