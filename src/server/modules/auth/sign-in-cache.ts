import { createWatchedCache } from "../../platform/watched-cache";

/** The channel the `sign_ins_changed` trigger (migration 0022) notifies. */
export const SIGN_INS_CHANNEL = "soporte_sign_ins";
// a backstop only: every change that narrows a sign-in notifies at once
const MAX_AGE_MS = 60_000;

/**
 * The sign-ins this process has checked, by session or token hash, so that a request costs no query to
 * say who is calling; forgotten on any change to a user, session or token (see createWatchedCache).
 */
export const createSignInCache = <Row>() => {
  const cache = createWatchedCache<Row>({ channel: SIGN_INS_CHANNEL, maxEntries: 10_000 });
  return {
    generation: cache.generation,
    find: (key: string) => cache.find(key, performance.now()),
    keep: (key: string, row: Row, lookedUpAt: number) =>
      cache.keep(key, row, { lookedUpAt, expiresAt: performance.now() + MAX_AGE_MS }),
    forget: cache.forget,
    watch: cache.watch,
  };
};
