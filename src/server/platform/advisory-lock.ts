import pg from "pg";

// the first half of every key taken here: two-int keys never meet the one-bigint keys used elsewhere
const NAMESPACE = 7331;

/**
 * A PostgreSQL session-level advisory lock on a connection of its own, for work that one process of several
 * does (polling a mailbox). PostgreSQL releases it when that connection ends — the holder stopped, was
 * killed, or went silent (the server's keepalives set here notice that within about 30 s) — so another
 * process can take it. The holder checks its connection every few seconds and stops holding when it is
 * gone. One key at a time; calls are not meant to overlap.
 */
export const advisoryLock = (options: { connectionString: string; name: string; heartbeatMs?: number }) => {
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  let client: pg.Client | null = null;
  let held: { key: string; lost: AbortController; heartbeat: NodeJS.Timeout } | null = null;

  const endHold = () => {
    if (!held) return;
    clearInterval(held.heartbeat);
    held.lost.abort();
    held = null;
  };
  const drop = async (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    endHold();
    await c.end().catch(() => undefined);
  };

  const connection = async () => {
    if (client) return client;
    const c = new pg.Client({
      connectionString: options.connectionString,
      // who holds it, for an operator reading pg_stat_activity
      application_name: `${options.name}:${process.pid}`,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      query_timeout: 10_000,
    });
    c.on("error", () => void drop(c));
    c.on("end", () => void drop(c));
    try {
      await c.connect();
      // a holder whose machine is gone (no FIN) loses the lock after 10 + 3 × 5 s; ignored over a Unix socket
      await c.query(
        "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3",
      );
    } catch (error) {
      void c.end().catch(() => undefined);
      throw error;
    }
    client = c;
    return c;
  };

  const unlock = async () => {
    if (!held) return;
    const { key } = held;
    endHold();
    await client
      ?.query("SELECT pg_advisory_unlock($1, hashtext($2))", [NAMESPACE, key])
      .catch(() => client && drop(client));
  };

  return {
    /**
     * Takes the lock on `key` when it is free (giving up another key this holds); null when another session
     * holds it. The signal aborts when the hold ends: released, or its connection lost.
     */
    tryAcquire: async (key: string): Promise<AbortSignal | null> => {
      if (held?.key === key) return held.lost.signal;
      await unlock();
      const c = await connection();
      const { rows } = await c.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked",
        [NAMESPACE, key],
      );
      if (!rows[0]?.locked) return null;
      const lost = new AbortController();
      const heartbeat = setInterval(() => {
        c.query("SELECT 1").catch(() => drop(c));
      }, heartbeatMs);
      heartbeat.unref();
      held = { key, lost, heartbeat };
      return lost.signal;
    },
    /** Gives up the lock held, if any; the connection stays for the next attempt. */
    release: unlock,
    /** Ends the connection, and with it any lock. */
    close: async () => {
      if (client) await drop(client);
    },
  };
};

export type AdvisoryLock = ReturnType<typeof advisoryLock>;
