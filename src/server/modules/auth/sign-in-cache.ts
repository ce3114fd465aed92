import { type ChannelWatch, watchChannel } from "../../platform/notify-listener";

/** The channel the `sign_ins_changed` trigger (migration 0022) notifies. */
export const SIGN_INS_CHANNEL = "soporte_sign_ins";
const MAX_ENTRIES = 10_000;
// a backstop only: every change that narrows a sign-in notifies at once
const MAX_AGE_MS = 60_000;

/**
 * The sign-ins this process has checked, by session or token hash, so that a request costs no query to
 * say who is calling. Used only while it is told of changes (LISTEN on the trigger's channel); any change
 * forgets everything, and a change in this process also forgets synchronously (`forget`), before its
 * answer leaves. A lookup that started before a change is not kept.
 */
export const createSignInCache = <Row>() => {
  const entries = new Map<string, { row: Row; at: number }>();
  let generation = 0;
  let watch: ChannelWatch | null = null;
  const forget = () => {
    generation += 1;
    entries.clear();
  };
  return {
    /** Take before the lookup; hand back to `keep`. */
    generation: () => generation,
    find: (key: string): Row | undefined => {
      if (!watch?.listening()) return undefined;
      const entry = entries.get(key);
      if (entry && performance.now() - entry.at <= MAX_AGE_MS) return entry.row;
      if (entry) entries.delete(key);
      return undefined;
    },
    keep: (key: string, row: Row, lookedUpAt: number) => {
      if (!watch?.listening() || lookedUpAt !== generation) return;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(key, { row, at: performance.now() });
    },
    forget,
    /** Starts caching, for as long as the LISTEN connection is up. */
    watch: (databaseUrl: string, onError?: (error: unknown) => void) => {
      watch = watchChannel({ databaseUrl, channel: SIGN_INS_CHANNEL, onChange: forget, onError });
      const current = watch;
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

export type SignInCache<Row> = ReturnType<typeof createSignInCache<Row>>;
