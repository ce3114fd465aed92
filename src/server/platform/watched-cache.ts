import { type ChannelWatch, watchChannel } from "./notify-listener";

/**
 * What a server process keeps in memory of rows other processes may change: used only while a LISTEN
 * connection tells it of changes (a trigger notifies `channel`), and forgotten whole on any change, on a
 * change this process makes (`forget`), and while that connection is down. A value looked up before a
 * change is not kept (take `generation()` before the lookup). Entries also expire at the instant given.
 */
export const createWatchedCache = <Value>(options: { channel: string; maxEntries: number }) => {
  const { maxEntries } = options;
  const entries = new Map<string, { value: Value; expiresAt: number }>();
  let generation = 0;
  let watch: ChannelWatch | null = null;
  const forget = () => {
    generation += 1;
    entries.clear();
  };
  const active = () => watch?.listening() ?? false;
  return {
    active,
    generation: () => generation,
    find: (key: string, now: number): Value | undefined => {
      if (!active()) return undefined;
      const entry = entries.get(key);
      if (entry && now < entry.expiresAt) return entry.value;
      if (entry) entries.delete(key);
      return undefined;
    },
    keep: (key: string, value: Value, options: { lookedUpAt: number; expiresAt: number }) => {
      if (!active() || options.lookedUpAt !== generation) return;
      // the oldest kept goes first
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { value, expiresAt: options.expiresAt });
    },
    forget,
    /** Starts keeping values, for as long as the LISTEN connection is up. */
    watch: (databaseUrl: string, onError?: (error: unknown) => void) => {
      const current = watchChannel({ databaseUrl, channel: options.channel, onChange: forget, onError });
      watch = current;
      return {
        listening: current.listening,
        stop: async () => {
          if (watch === current) watch = null;
          forget();
          await current.stop();
        },
      };
    },
  };
};

export type WatchedCache<Value> = ReturnType<typeof createWatchedCache<Value>>;
