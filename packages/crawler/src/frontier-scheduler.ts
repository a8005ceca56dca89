/** A batch of waiting work read from where it is kept (a database table, a file). */
export interface SchedulerBatch<T> {
  /** How many entries were read; 0 means none are waiting now. */
  read: number;
  /** Those of them to run (the others are someone else's and are only passed over). */
  items: readonly T[];
}

/** How a run ended: done (nothing), or to be run again once `retryInMs` have passed. */
export type RunOutcome = void | { retryInMs: number };

export interface SchedulerOptions<T> {
  /**
   * The next batch of at most `limit` entries, after those already read. `waiting` is how many items
   * read before wait to start (a loader may write what ended before it reads when few are left).
   */
  load(limit: number, state: { waiting: number }): Promise<SchedulerBatch<T>>;
  /** The politeness key of an item (its host): items of one key share that key's concurrency. */
  keyOf(item: T): string;
  /** Items of the key that may run at once. */
  concurrencyOf(item: T): number;
  /**
   * When the key may start its next item (ms since the epoch; the host's politeness delay or
   * back-off). Until then the key's items wait here, holding no slot. Default: at once.
   */
  readyAt?(key: string): number;
  /** Items that may run at once, all keys together. */
  globalConcurrency: number;
  /** Once aborted, nothing more is started and items waiting to retry are dropped; running ones end as they will. */
  signal?: AbortSignal;
  /**
   * Runs one item. `{ retryInMs }` puts it back to run again later (its slot is free meanwhile). Its
   * errors stop the scheduler, which rethrows the first once the others have ended.
   */
  run(item: T): Promise<RunOutcome>;
  /** Entries read per batch. Default 2000. */
  batchSize?: number;
  now?: () => number;
}

/**
 * Runs a queue that knows nothing of what its items are: key by key in turn (round robin), within
 * a global and a per-key concurrency, reading entries a batch at a time so that memory does not grow
 * with the queue. Items that running items add where `load` reads come back in a later batch. Nothing
 * waits inside a slot: a key that may not start yet (`readyAt`) and an item to retry later sleep on a
 * timer while other keys run. Ends when nothing is running or waiting and `load` finds nothing, on the
 * signal, or on an error (an item's or `load`'s), thrown once the running items have ended.
 */
export async function runScheduler<T>(options: SchedulerOptions<T>): Promise<void> {
  const batchSize = options.batchSize ?? 2000;
  const now = options.now ?? Date.now;
  const queues = new Map<string, T[]>();
  const activeByKey = new Map<string, number>();
  const ready: string[] = [];
  const inReady = new Set<string>();
  /** Keys asleep until their ready time, each with its timer. */
  const sleeping = new Map<string, ReturnType<typeof setTimeout>>();
  /** Items to retry, each with its timer. */
  const retrying = new Set<ReturnType<typeof setTimeout>>();
  let active = 0;
  let waiting = 0;
  let failure: { error: unknown } | undefined;
  let wake = () => {};

  const hasRoom = (key: string, item: T) => (activeByKey.get(key) ?? 0) < options.concurrencyOf(item);
  const markReady = (key: string) => {
    const queue = queues.get(key);
    if (queue?.length && hasRoom(key, queue[0]!) && !inReady.has(key) && !sleeping.has(key)) {
      inReady.add(key);
      ready.push(key);
    }
  };
  const enqueue = (item: T, first = false) => {
    const key = options.keyOf(item);
    const queue = queues.get(key) ?? [];
    if (first) queue.unshift(item);
    else queue.push(item);
    queues.set(key, queue);
    waiting++;
    markReady(key);
  };
  const load = async (): Promise<number> => {
    const batch = await options.load(batchSize, { waiting });
    for (const item of batch.items) enqueue(item);
    return batch.read;
  };
  const stopped = () => Boolean(options.signal?.aborted || failure);
  const later = (ms: number, then: () => void) => {
    const timer = setTimeout(() => {
      then();
      pump();
      wake();
    }, ms);
    return timer;
  };
  const start = (key: string, item: T) => {
    active++;
    activeByKey.set(key, (activeByKey.get(key) ?? 0) + 1);
    markReady(key);
    options
      .run(item)
      .then((outcome) => {
        if (!outcome || stopped()) return;
        waiting++;
        const timer = later(Math.max(0, outcome.retryInMs), () => {
          retrying.delete(timer);
          waiting--;
          enqueue(item, true);
        });
        retrying.add(timer);
      })
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
      const wait = (options.readyAt?.(key) ?? 0) - now();
      if (wait > 0) {
        sleeping.set(
          key,
          later(wait, () => {
            sleeping.delete(key);
            markReady(key);
          }),
        );
        continue;
      }
      const item = queues.get(key)!.shift()!;
      waiting--;
      start(key, item);
    }
  };
  const settle = () => new Promise<void>((resolve) => (wake = resolve));
  const onAbort = () => wake();
  options.signal?.addEventListener("abort", onAbort);

  try {
    while (!stopped()) {
      let read: number;
      try {
        read = waiting < batchSize / 2 ? await load() : -1;
      } catch (error) {
        // Like an item's error: nothing more starts, the running items end, then it is thrown.
        failure ??= { error };
        break;
      }
      pump();
      if (active > 0 || sleeping.size > 0 || retrying.size > 0) await settle();
      // Nothing running or asleep, so nothing waits either (pump starts every key it can): done once
      // `load` has nothing further. A batch only of others' entries means reading on.
      else if (read === 0) break;
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    for (const timer of [...sleeping.values(), ...retrying]) clearTimeout(timer);
  }
  while (active > 0) await settle();
  if (failure) throw failure.error;
}
