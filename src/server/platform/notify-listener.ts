import pg from "pg";

export type ChannelWatch = {
  /** True while the LISTEN connection is up: a notification sent now will reach `onNotify`. */
  listening: () => boolean;
  stop: () => Promise<void>;
};

/**
 * LISTEN on one channel over a connection of its own, reconnecting after a loss (1 s, doubling to 30 s).
 * `onChange` is called for each notification, and also when the connection is lost or comes back, since
 * notifications sent meanwhile were missed.
 */
export const watchChannel = (options: {
  databaseUrl: string;
  channel: string;
  onChange: () => void;
  onError?: (error: unknown) => void;
}): ChannelWatch => {
  let client: pg.Client | null = null;
  let up = false;
  let stopped = false;
  let retryMs = 1_000;
  let timer: NodeJS.Timeout | null = null;

  /** Ends the current connection, if any, ignoring what it says on the way out. */
  const close = async () => {
    const was = client;
    client = null;
    up = false;
    if (!was) return;
    was.removeAllListeners();
    was.on("error", () => undefined);
    await was.end().catch(() => undefined);
  };

  const lost = (error?: unknown) => {
    if (error) options.onError?.(error);
    void close();
    options.onChange();
    if (stopped) return;
    timer = setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 30_000);
  };

  const connect = async () => {
    timer = null;
    const next = new pg.Client({ connectionString: options.databaseUrl, application_name: "soporte listen" });
    client = next;
    next.on("error", (error) => client === next && lost(error));
    next.on("end", () => client === next && lost());
    next.on("notification", (message) => message.channel === options.channel && options.onChange());
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(options.channel)}`);
      if (stopped || client !== next) return void next.end().catch(() => undefined);
      up = true;
      retryMs = 1_000;
      // anything sent before LISTEN took effect was missed
      options.onChange();
    } catch (error) {
      if (client === next) lost(error);
    }
  };
  void connect();

  return {
    listening: () => up,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await close();
    },
  };
};
