import { type RawBuilder, sql } from "kysely";

/** Escapes LIKE wildcards so a search for "100%" finds the text "100%". */
const likePattern = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Substring match ignoring case and accents (see soporte_fold in the first migration). */
export const matches = (column: string | RawBuilder<string>, term: string): RawBuilder<boolean> =>
  sql<boolean>`soporte_fold(${typeof column === "string" ? sql.ref(column) : column}) LIKE soporte_fold(${likePattern(term)})`;

/** Substring match on a column that holds `soporte_fold` of its text already (a generated column). */
export const matchesFolded = (column: string, term: string): RawBuilder<boolean> =>
  sql<boolean>`${sql.ref(column)} LIKE soporte_fold(${likePattern(term)})`;
