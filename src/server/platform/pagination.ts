import { type SelectQueryBuilder, sql } from "kysely";
import { invalidField } from "./errors";

export type Page<T> = { items: T[]; nextCursor: string | null };

/** Cursors are opaque to clients: the sort key of the last row, base64url-encoded. */
export const encodeCursor = (key: readonly (string | number)[]): string =>
  Buffer.from(JSON.stringify(key)).toString("base64url");

/** What each part of a cursor's key must be; anything else is a forged or broken cursor, a 400. */
export type CursorPart = "text" | "uuid" | "instant" | "date" | "number";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PARTS: Record<CursorPart, (value: unknown) => boolean> = {
  text: (v) => typeof v === "string" && v.length <= 1000,
  uuid: (v) => typeof v === "string" && UUID.test(v),
  instant: (v) =>
    typeof v === "string" && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v) && !Number.isNaN(Date.parse(v)),
  date: (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  number: (v) => typeof v === "number" && Number.isFinite(v),
};

export const decodeCursor = (
  cursor: string | undefined,
  shape: readonly CursorPart[],
): (string | number)[] | null => {
  if (cursor === undefined) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(key) && key.length === shape.length && shape.every((part, i) => PARTS[part](key[i]))) {
      return key;
    }
  } catch {
    // fall through to the error below
  }
  throw invalidField({ reason: "invalid_cursor" }, { field: "cursor", code: "invalid_cursor" });
};

/**
 * A page's LIMIT (one extra row: is there another page?) as a literal, not a parameter: a prepared
 * statement's generic plan then knows how few rows it wants and walks an index in order, instead of being
 * planned again for every request.
 */
export const fetchLimit = (limit: number) => sql.lit(Math.max(1, Math.min(1_000, Math.trunc(limit))) + 1);

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

/**
 * A newest-first page by (instant, id), the order of logs and mailboxes: the rows after the cursor's key,
 * with one extra row fetched to tell whether another page exists. `at` and `id` name the columns.
 */
export const newestFirstPage = async <Row extends { id: string }>(
  // biome-ignore lint/suspicious/noExplicitAny: any table of any query; the columns are named by `at` and `id`
  query: SelectQueryBuilder<any, any, Row>,
  options: {
    at: string;
    id: string;
    instantOf: (row: Row) => Date;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<Row>> => {
  const key = decodeCursor(options.cursor, ["instant", "uuid"]);
  const after = key
    ? query.where(
        sql<boolean>`(${sql.ref(options.at)}, ${sql.ref(options.id)}) < (${new Date(key[0] as string)}, ${key[1] as string})`,
      )
    : query;
  const rows = await after
    .orderBy(sql.ref(options.at), "desc")
    .orderBy(sql.ref(options.id), "desc")
    .limit(fetchLimit(options.limit))
    .execute();
  return toPage(
    rows,
    options.limit,
    (r) => r,
    (r) => [options.instantOf(r).toISOString(), r.id],
  );
};
