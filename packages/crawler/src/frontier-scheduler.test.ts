import { describe, expect, it } from "vitest";
import { runScheduler } from "./frontier-scheduler.js";

interface Job {
  id: number;
  key: string;
}

/** A queue of jobs read in batches, run for a few milliseconds each, counted per key while they run. */
function queue(jobs: Job[], limits: Record<string, number>, globalConcurrency: number) {
  let next = 0;
  const running = new Map<string, number>();
  const seen = { maxGlobal: 0, maxByKey: {} as Record<string, number>, done: [] as number[] };
  let global = 0;
  const options = {
    load: async (limit: number, _state?: { waiting: number }) => {
      const batch = jobs.slice(next, next + limit);
      next += batch.length;
      return { read: batch.length, items: batch };
    },
    keyOf: (job: Job) => job.key,
    concurrencyOf: (job: Job) => limits[job.key]!,
    globalConcurrency,
    batchSize: 4,
    run: async (job: Job) => {
      global++;
      running.set(job.key, (running.get(job.key) ?? 0) + 1);
      seen.maxGlobal = Math.max(seen.maxGlobal, global);
      seen.maxByKey[job.key] = Math.max(seen.maxByKey[job.key] ?? 0, running.get(job.key)!);
      await new Promise((r) => setTimeout(r, 5));
      running.set(job.key, running.get(job.key)! - 1);
      global--;
      seen.done.push(job.id);
    },
  };
  return { options, seen };
}

const jobs = (n: number, keys: string[]) =>
  Array.from({ length: n }, (_, i) => ({ id: i, key: keys[i % keys.length]! }));

describe("runScheduler", () => {
  it("runs every item, within the global and the per-key concurrency, reading in batches", async () => {
    const { options, seen } = queue(jobs(30, ["a", "b", "c"]), { a: 1, b: 2, c: 3 }, 4);
    await runScheduler(options);
    expect(seen.done.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(seen.maxGlobal).toBeLessThanOrEqual(4);
    expect(seen.maxByKey).toEqual({ a: 1, b: expect.any(Number), c: expect.any(Number) });
    expect(seen.maxByKey.b).toBeLessThanOrEqual(2);
    expect(seen.maxByKey.c).toBeLessThanOrEqual(3);
  });

  it("starts nothing more once the signal is aborted, and lets the running items end", async () => {
    const stop = new AbortController();
    const { options, seen } = queue(jobs(20, ["a", "b"]), { a: 1, b: 1 }, 2);
    const run = options.run;
    await runScheduler({
      ...options,
      signal: stop.signal,
      run: async (job) => {
        if (job.id === 3) stop.abort();
        await run(job);
      },
    });
    expect(seen.done.length).toBeGreaterThanOrEqual(4);
    expect(seen.done.length).toBeLessThan(6);
  });

  it("stops on an item's error and rethrows it once the running items have ended", async () => {
    const { options, seen } = queue(jobs(20, ["a", "b"]), { a: 1, b: 1 }, 2);
    const run = options.run;
    const failing = runScheduler({
      ...options,
      run: async (job) => {
        await run(job);
        if (job.id === 2) throw new Error("disk full");
      },
    });
    await expect(failing).rejects.toThrow("disk full");
    expect(seen.done.length).toBeLessThan(6);
  });

  it("stops when reading fails, and rethrows it once the running items have ended", async () => {
    const { options, seen } = queue(jobs(20, ["a", "b"]), { a: 1, b: 1 }, 2);
    let started = 0;
    let reads = 0;
    const failing = runScheduler({
      ...options,
      load: async (limit, state) => {
        // The second read fails while items of the first run (a journal's write failing, say).
        if (++reads === 2) throw new Error("disk full");
        return options.load(limit, state);
      },
      run: async (job) => {
        started++;
        await options.run(job);
      },
    });
    await expect(failing).rejects.toThrow("disk full");
    // Every item started ran to its end before the error came back.
    expect(seen.done).toHaveLength(started);
    expect(started).toBeLessThan(20);
  });

  it("keeps a key that may not start yet out of the slots while other keys run", async () => {
    // One global slot; key "slow" may start only 80 ms from now. Waiting must not hold the slot.
    const { options, seen } = queue(jobs(6, ["slow", "a", "b"]), { slow: 1, a: 1, b: 1 }, 1);
    const startAt = Date.now() + 80;
    const order: number[] = [];
    const run = options.run;
    await runScheduler({
      ...options,
      batchSize: 100,
      readyAt: (key) => (key === "slow" ? startAt : 0),
      run: async (job) => {
        order.push(job.id);
        await run(job);
      },
    });
    expect(seen.done).toHaveLength(6);
    // Every item of "a" and "b" ran before the first of "slow".
    expect(order.slice(0, 4).sort()).toEqual([1, 2, 4, 5]);
    expect(order.slice(4).sort()).toEqual([0, 3]);
  });

  it("runs an item again after the delay it asks for, its slot free meanwhile", async () => {
    const { options, seen } = queue(jobs(4, ["a", "b"]), { a: 1, b: 1 }, 1);
    const tries = new Map<number, number>();
    const order: string[] = [];
    const run = options.run;
    await runScheduler({
      ...options,
      run: async (job) => {
        const n = (tries.get(job.id) ?? 0) + 1;
        tries.set(job.id, n);
        order.push(`${job.id}#${n}`);
        if (job.id === 0 && n < 3) return { retryInMs: 30 };
        await run(job);
      },
    });
    expect(tries.get(0)).toBe(3);
    expect(seen.done.sort()).toEqual([0, 1, 2, 3]);
    // The others did not wait for item 0's retries.
    expect(order.indexOf("1#1")).toBeLessThan(order.indexOf("0#2"));
  });

  it("drops the items waiting to retry when the signal is aborted, and ends at once", async () => {
    const stop = new AbortController();
    const { options } = queue(jobs(2, ["a"]), { a: 1 }, 1);
    const ran: number[] = [];
    await runScheduler({
      ...options,
      signal: stop.signal,
      run: async (job) => {
        ran.push(job.id);
        if (job.id === 0) {
          setTimeout(() => stop.abort(), 10);
          return { retryInMs: 60_000 };
        }
      },
    });
    expect(ran).toEqual([0, 1]);
  });
});
