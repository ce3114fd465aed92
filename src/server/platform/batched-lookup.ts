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
 * Rows by id for concurrent requests, each under its caller's scope, one round trip a batch (see
 * `createBatcher`): `load` gets the batch's ids grouped by scope and answers each group's rows, which the
 * scope sees; the others come back undefined.
 */
export const createBatchedLookup = <Scope, Row extends { id: string }>(
  load: (groups: { scope: Scope; ids: string[] }[]) => Promise<Row[][]>,
) => {
  const lookup = createBatcher(async (asks: readonly { scope: Scope; id: string }[]) => {
    // a scope is grouped by all it says: two callers share a group only if they see the same cases
    const keys = asks.map(({ scope }) => JSON.stringify(scope));
    const groups = new Map<string, { scope: Scope; ids: Set<string> }>();
    asks.forEach(({ scope, id }, i) => {
      const group = groups.get(keys[i]!) ?? { scope, ids: new Set<string>() };
      group.ids.add(id);
      groups.set(keys[i]!, group);
    });
    const groupKeys = [...groups.keys()];
    const answers = await load([...groups.values()].map(({ scope, ids }) => ({ scope, ids: [...ids] })));
    const found = new Map<string, Row>();
    answers.forEach((rows, i) => {
      for (const row of rows) found.set(`${groupKeys[i]}\u0000${row.id}`, row);
    });
    return asks.map(({ id }, i) => found.get(`${keys[i]}\u0000${id}`));
  });
  return (scope: Scope, id: string): Promise<Row | undefined> => lookup({ scope, id });
};
