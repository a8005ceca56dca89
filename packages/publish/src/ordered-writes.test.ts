import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { OrderedWrites } from "./ordered-writes.js";
import type { Written } from "./output-files.js";

const written = (path: string): Written => ({ path, sha256: "0".repeat(64), bytes: 1, changed: true });

/** A write of `path` that takes `ms`, counting how many are under way at once. */
function writer() {
  let now = 0;
  let most = 0;
  const finished: string[] = [];
  const write = async (path: string, ms: number, fail = false) => {
    most = Math.max(most, ++now);
    await sleep(ms);
    now--;
    finished.push(path);
    if (fail) throw new Error(`disk full writing ${path}`);
    return written(path);
  };
  return { write, finished, most: () => most };
}

describe("OrderedWrites", () => {
  it("takes the files in the order they were started, whichever finished first, with at most `limit` under way", async () => {
    const writes = new OrderedWrites(3);
    const { write, finished, most } = writer();
    const taken: string[] = [];
    const take = async (w: Written) => {
      taken.push(w.path);
    };
    // Each later file is quicker: they finish in the reverse order.
    for (let i = 0; i < 6; i++) await writes.start(write(`f${i}`, 60 - i * 10), take);
    await writes.settle();
    expect(taken).toEqual(["f0", "f1", "f2", "f3", "f4", "f5"]);
    expect(finished.slice(0, 3)).toEqual(["f2", "f1", "f0"]);
    expect(most()).toBe(3);
  });

  it("throws a failed write from the call that takes it, after the files started before it", async () => {
    const writes = new OrderedWrites(8);
    const { write } = writer();
    const taken: string[] = [];
    await writes.start(write("a", 5), async (w) => void taken.push(w.path));
    await writes.start(write("b", 1, true), async (w) => void taken.push(w.path));
    await writes.start(write("c", 1), async (w) => void taken.push(w.path));
    await expect(writes.settle()).rejects.toThrow("disk full writing b");
    expect(taken).toEqual(["a"]);
  });

  it("after a failure, waits for the writes under way and takes none of them", async () => {
    const writes = new OrderedWrites(8);
    const { write, finished } = writer();
    const taken: string[] = [];
    await writes.start(write("a", 30), async (w) => void taken.push(w.path));
    await writes.start(write("b", 10, true), async (w) => void taken.push(w.path));
    await writes.abandon();
    expect(finished.sort()).toEqual(["a", "b"]);
    expect(taken).toEqual([]);
    // Nothing is left to take.
    await writes.settle();
    expect(taken).toEqual([]);
  });
});
