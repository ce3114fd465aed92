import { invalidField } from "./errors";

export type Page<T> = { items: T[]; nextCursor: string | null };

/** Cursors are opaque to clients: the sort key of the last row, base64url-encoded. */
export const encodeCursor = (key: readonly (string | number)[]): string =>
  Buffer.from(JSON.stringify(key)).toString("base64url");

export const decodeCursor = (cursor: string | undefined, arity: number): (string | number)[] | null => {
  if (cursor === undefined) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((k) => typeof k === "string" || typeof k === "number")
    ) {
      return key;
    }
  } catch {
    // fall through to the error below
  }
  throw invalidField({ reason: "invalid_cursor" }, { field: "cursor", code: "invalid_cursor" });
};

/** Rows were fetched with limit + 1: the extra row says whether another page exists. */
export const toPage = <Row, T>(
  rows: Row[],
  limit: number,
  map: (row: Row) => T,
  keyOf: (row: Row) => readonly (string | number)[],
): Page<T> => {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(map),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
};
