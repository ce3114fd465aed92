import DataLoader from "dataloader";

/**
 * Runs the reads of concurrent requests together: those asked in one turn of the event loop go to `run`
 * as one batch when it ends. Each round trip to PostgreSQL wakes its process on the other core, which
 * under load cost a kept case's read a quarter of its time; a batch pays it once. Nothing is kept: each
 * read sees what is committed when its batch runs. A failed batch fails each of its reads.
 */
export const createBatcher = <Input, Output>(
  run: (inputs: readonly Input[]) => Promise<Output[]>,
  options: { maxBatchSize?: number } = {},
) => {
  const loader = new DataLoader<Input, Output, null>(run, {
    cache: false,
    batchScheduleFn: (send) => setImmediate(send),
    maxBatchSize: options.maxBatchSize ?? 100,
  });
  return (input: Input): Promise<Output> => loader.load(input);
};

/**
 * Rows by id for concurrent requests, one query per scope and batch (see `createBatcher`); rows the scope
 * does not see come back undefined.
 */
export const createBatchedLookup = <Scope, Row extends { id: string }>(options: {
  /** Lookups with the same key share a query; scopes must be few (roles, organizations). */
  scopeKey: (scope: Scope) => string;
  load: (scope: Scope, ids: string[]) => Promise<Row[]>;
}) => {
  const batchers = new Map<string, (id: string) => Promise<Row | undefined>>();
  return (scope: Scope, id: string): Promise<Row | undefined> => {
    const key = options.scopeKey(scope);
    let lookup = batchers.get(key);
    if (!lookup) {
      lookup = createBatcher(async (ids: readonly string[]) => {
        const byId = new Map((await options.load(scope, [...new Set(ids)])).map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id));
      });
      batchers.set(key, lookup);
    }
    return lookup(id);
  };
};
