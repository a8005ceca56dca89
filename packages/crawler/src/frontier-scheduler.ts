/** A batch of waiting work read from where it is kept (a database table, a file). */
export interface SchedulerBatch<T> {
  /** How many entries were read; 0 means none are waiting now. */
  read: number;
  /** Those of them to run (the others are someone else's and are only passed over). */
  items: readonly T[];
}

export interface SchedulerOptions<T> {
  /** The next batch of at most `limit` entries, after those already read. */
  load(limit: number): Promise<SchedulerBatch<T>>;
  /** The politeness key of an item (its host): items of one key share that key's concurrency. */
  keyOf(item: T): string;
  /** Items of the key that may run at once. */
  concurrencyOf(item: T): number;
  /** Items that may run at once, all keys together. */
  globalConcurrency: number;
  /** Once aborted, nothing more is started; the running items end as they will. */
  signal?: AbortSignal;
  /** Runs one item. Its errors stop the scheduler, which rethrows the first once the others have ended. */
  run(item: T): Promise<void>;
  /** Entries read per batch. Default 2000. */
  batchSize?: number;
}

/**
 * Runs a queue that knows nothing of what its items are: key by key in turn (round robin), within
 * a global and a per-key concurrency, reading entries a batch at a time so that memory does not grow
 * with the queue. Items that running items add where `load` reads come back in a later batch. Ends
 * when nothing is running and `load` finds nothing, on the signal, or on an error.
 */
export async function runScheduler<T>(options: SchedulerOptions<T>): Promise<void> {
  const batchSize = options.batchSize ?? 2000;
  const queues = new Map<string, T[]>();
  const activeByKey = new Map<string, number>();
  const ready: string[] = [];
  const inReady = new Set<string>();
  let active = 0;
  let waiting = 0;
  let failure: { error: unknown } | undefined;
  let wake = () => {};

  const hasRoom = (key: string, item: T) => (activeByKey.get(key) ?? 0) < options.concurrencyOf(item);
  const markReady = (key: string) => {
    const queue = queues.get(key);
    if (queue?.length && hasRoom(key, queue[0]!) && !inReady.has(key)) {
      inReady.add(key);
      ready.push(key);
    }
  };
  const load = async (): Promise<number> => {
    const batch = await options.load(batchSize);
    for (const item of batch.items) {
      const key = options.keyOf(item);
      const queue = queues.get(key) ?? [];
      queue.push(item);
      queues.set(key, queue);
      waiting++;
      markReady(key);
    }
    return batch.read;
  };
  const stopped = () => Boolean(options.signal?.aborted || failure);
  const start = (key: string, item: T) => {
    active++;
    activeByKey.set(key, (activeByKey.get(key) ?? 0) + 1);
    markReady(key);
    options
      .run(item)
      .catch((error: unknown) => void (failure ??= { error }))
      .finally(() => {
        active--;
        activeByKey.set(key, (activeByKey.get(key) ?? 1) - 1);
        markReady(key);
        pump();
        wake();
      });
  };
  const pump = () => {
    while (active < options.globalConcurrency && ready.length > 0 && !stopped()) {
      const key = ready.shift()!;
      inReady.delete(key);
      const item = queues.get(key)!.shift()!;
      waiting--;
      start(key, item);
    }
  };
  const settle = () => new Promise<void>((resolve) => (wake = resolve));

  while (!stopped()) {
    const read = waiting < batchSize / 2 ? await load() : -1;
    pump();
    if (active > 0) await settle();
    // Nothing running, so nothing waits either (pump starts every key it can): done once `load` has
    // nothing further. A batch only of others' entries means reading on.
    else if (read === 0) break;
  }
  while (active > 0) await settle();
  if (failure) throw failure.error;
}
