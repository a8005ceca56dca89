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
    load: async (limit: number) => {
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
});
