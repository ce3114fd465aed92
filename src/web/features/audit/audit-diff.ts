/** One changed value of an audit entry: where in the object, and its text before and after (null: absent). */
export type ChangedValue = { path: string; before: string | null; after: string | null };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** A value's leaves by dotted path ("responseClocks.P1.targetMinutes"); lists and scalars are leaves. */
export const leaves = (value: unknown, prefix = "", depth = 0, into = new Map<string, unknown>()) => {
  if (isRecord(value) && Object.keys(value).length > 0 && depth < 6) {
    for (const [key, inner] of Object.entries(value)) {
      leaves(inner, prefix ? `${prefix}.${key}` : key, depth + 1, into);
    }
  } else {
    into.set(prefix, value);
  }
  return into;
};

/** A leaf as one short line: text as it is, anything else as compact JSON. */
export const compactValue = (value: unknown): string =>
  typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The values an entry's `before` and `after` differ in, in the order they appear. `after` holds what the
 * change set — a PATCH names only its fields — so a path it does not name did not change; when there is no
 * `after` (a deletion), every value of `before` went.
 */
export const changedValues = (before: unknown, after: unknown): ChangedValue[] => {
  if (before == null && after == null) return [];
  const was = before == null ? new Map<string, unknown>() : leaves(before);
  if (after == null) {
    return [...was].map(([path, value]) => ({ path, before: compactValue(value), after: null }));
  }
  const now = leaves(after);
  const rows: ChangedValue[] = [];
  for (const [path, value] of now) {
    const had = was.has(path);
    if (had && same(was.get(path), value)) continue;
    rows.push({ path, before: had ? compactValue(was.get(path)) : null, after: compactValue(value) });
  }
  return rows;
};

/** Everything else an entry recorded, one line a value. */
export const detailLines = (details: Record<string, unknown>): { path: string; value: string }[] =>
  [...leaves(details)]
    .filter(([path]) => path !== "")
    .map(([path, value]) => ({ path, value: compactValue(value) }));
