import { CompiledQuery } from "kysely";
import type { Database, Tx } from "./db";

/**
 * Writes a change leaves behind and never reads again before it commits — its audit entry, webhook event,
 * outbox mail, bell notifications, a new case's first timers — queued on a transaction opened by `transact`
 * and sent as ONE statement (each a data-modifying `WITH` of it) just before COMMIT: each write was a round
 * trip of the application and a statement of PostgreSQL. Outside such a transaction `writeLater` runs the
 * write at once. All or nothing as before: the statement is in the transaction. A queued write must be one
 * no later step of the transaction reads; the parts of one statement do not see each other's rows, so a
 * second write into a table already queued sends the queue first.
 */
type Queued = { query: CompiledQuery; shape: Shape };
const queues = new WeakMap<object, Queued[]>();

/** A transaction whose `writeLater` writes go together, as one statement, just before it commits. */
export const transact = <T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> =>
  db.transaction().execute(async (tx) => {
    const queue: Queued[] = [];
    queues.set(tx, queue);
    const result = await work(tx);
    queues.delete(tx);
    await runTogether(tx, queue);
    return result;
  });

/** A query builder or `sql` template: either compiles against the database. */
type Writable = { compile(db: Database): CompiledQuery };

/** Queues a write on `transact`'s transaction, or runs it now on any other handle. */
export const writeLater = async (db: Database, query: Writable): Promise<void> => {
  const compiled = query.compile(db);
  const queue = queues.get(db);
  if (!queue) {
    await db.executeQuery(compiled);
    return;
  }
  const shape = shapeOf(compiled.sql);
  // CTE names are the statement's own: a second write of the same shape (two webhook events) would clash,
  // and two of one table's rows would lose their order — the queue so far goes first
  if (shape === null || queue.some((q) => clashes(q.shape, shape))) {
    await runTogether(db, queue.splice(0));
    if (shape === null) {
      await db.executeQuery(compiled);
      return;
    }
  }
  queue.push({ query: compiled, shape });
};

const runTogether = async (db: Database, queued: Queued[]) => {
  if (queued.length === 0) return;
  await db.executeQuery(queued.length === 1 ? queued[0]!.query : combine(queued));
};

/** `WITH <the writes' own CTEs>, later_0 AS (<write 0>), later_1 AS (<write 1>) … SELECT 1`, renumbered. */
const combine = (queued: readonly Queued[]): CompiledQuery => {
  const parts: string[] = [];
  const parameters: unknown[] = [];
  queued.forEach(({ query, shape }, i) => {
    const offset = parameters.length;
    parameters.push(...query.parameters);
    if (shape.ctes) parts.push(shiftParameters(shape.ctes, offset));
    parts.push(`later_${i} AS (${shiftParameters(shape.main, offset)})`);
  });
  return CompiledQuery.raw(`WITH ${parts.join(", ")} SELECT 1`, parameters);
};

/** A write's parts as the combined statement needs them; null when it cannot be spliced. */
type Shape = { ctes: string | null; main: string; names: string[]; target: string | undefined };

// the statements' texts are few (one per repository function and row count): each is parsed once
const shapes = new Map<string, Shape | null>();
const shapeOf = (text: string): Shape | null => {
  let shape = shapes.get(text);
  if (shape !== undefined) return shape;
  const names = cteNames(text);
  if (names === null) shape = null;
  else {
    const { ctes, main } = splitWith(text);
    const target = /^(?:insert\s+into|update|delete\s+from)\s+"?([a-z_]+)/i.exec(main)?.[1];
    shape = { ctes, main, names, target };
  }
  if (shapes.size >= 1_000) shapes.clear();
  shapes.set(text, shape);
  return shape;
};

/** Two writes that cannot share a statement: the same CTE name, or rows of one table (their order). */
const clashes = (a: Shape, b: Shape) =>
  a.names.some((name) => b.names.includes(name)) || (a.target !== undefined && a.target === b.target);

/** Calls `visit` for every character outside quotes (its index and the depth of parentheses). */
const scan = (text: string, visit: (index: number, depth: number) => boolean | undefined) => {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      i = end === -1 ? text.length : end; // a doubled quote closes and reopens: the scan goes on alike
      continue;
    }
    if (c === "(") depth += 1;
    if (c === ")") depth -= 1;
    if (visit(i, depth) === true) return;
  }
};

const PLACEHOLDER_OR_QUOTED = /'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g;

/** `$n` placeholders (outside quotes) shifted by `offset`. */
const shiftParameters = (text: string, offset: number) =>
  offset === 0
    ? text
    : text.replace(PLACEHOLDER_OR_QUOTED, (match, n: string | undefined) =>
        n === undefined ? match : `$${Number(n) + offset}`,
      );

const WITH = /^\s*with\s/i;

/** A statement's leading CTE list and the statement after it. */
const splitWith = (text: string): { ctes: string | null; main: string } => {
  if (!WITH.test(text)) return { ctes: null, main: text.trim() };
  const start = text.search(/with\s/i) + 4;
  let end = -1;
  let wasInside = false;
  scan(text.slice(start), (i, depth) => {
    if (depth > 0) wasInside = true;
    // the first word at depth 0 after a closed CTE that is not followed by a comma starts the statement
    if (depth === 0 && wasInside && /[a-z]/i.test(text[start + i]!)) {
      const before = text.slice(start, start + i).trimEnd();
      if (before.endsWith(")")) {
        end = start + i;
        return true;
      }
    }
    return undefined;
  });
  if (end === -1) return { ctes: null, main: text.trim() };
  return { ctes: text.slice(start, end).trim(), main: text.slice(end).trim() };
};

/** The index just past the parenthesis that closes the one at `open`. */
const pastClosing = (text: string, open: number) => {
  let end = -1;
  scan(text.slice(open), (i, depth) => {
    if (depth !== 0) return undefined;
    end = open + i + 1;
    return true;
  });
  return end;
};

const CTE = /^\s*("?)([a-z_][a-z0-9_]*)\1\s+as\s+(?:not\s+)?(?:materialized\s+)?\(/i;

/** The names a statement's CTEs define; null when the statement is one this module cannot splice. */
const cteNames = (text: string): string[] | null => {
  if (text.includes("$$") || text.includes("--") || text.includes(";")) return null;
  const { ctes } = splitWith(text);
  if (ctes === null) return WITH.test(text) ? null : [];
  const names: string[] = [];
  let at = 0;
  while (at < ctes.length) {
    const match = CTE.exec(ctes.slice(at));
    if (!match) return null;
    names.push(match[2]!.toLowerCase());
    at = pastClosing(ctes, at + match[0].length - 1);
    if (at === -1) return null;
    const rest = /^\s*(,?)/.exec(ctes.slice(at))!;
    at += rest[0].length;
    if (!rest[1]) break;
  }
  return at >= ctes.trimEnd().length ? names : null;
};
