import { describe, expect, it } from "vitest";
import { useTempStore } from "../testing/index.js";
import { enqueueFrontier, pendingFrontier } from "../queries/frontier.js";
import { testAgency } from "../testing/index.js";
import { inListChunks, maxParametersOf, statementChunks } from "./statement-rows.js";

const tempStore = useTempStore();

describe("statementChunks", () => {
  it("cuts rows by the database's own bind-parameter cap and the rows' width", async () => {
    const store = await tempStore();
    const cap = maxParametersOf(store.db);
    expect(cap).toBe(store.dialect.name === "sqlite" ? 32_766 : 65_535);
    const wide = Array.from({ length: 5000 }, (_, i) =>
      Object.fromEntries(Array.from({ length: 50 }, (_, c) => [`c${c}`, i])),
    );
    const sizes = statementChunks(store.db, wide).map((c) => c.length);
    const perStatement = Math.min(1000, Math.floor(cap / 50));
    expect(sizes[0]).toBe(perStatement);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(statementChunks(store.db, [])).toEqual([]);
  });

  it("a crawl queue of 20,000 URLs goes in whole, whatever the cap", async () => {
    const store = await tempStore([testAgency({ id: "a" })]);
    const entries = Array.from({ length: 20_000 }, (_, i) => ({
      agencyId: "a",
      url: `https://www.huaian.gov.cn/p/${i}.html`,
      kind: "list" as const,
      depth: 0,
    }));
    expect(await enqueueFrontier(store.db, entries)).toHaveLength(20_000);
    expect(await pendingFrontier(store.db, { limit: 30_000 })).toHaveLength(20_000);
  });
});

describe("inListChunks", () => {
  it("cuts a list into lists of at most 128, each padded to a power of two with its last value", () => {
    expect(inListChunks([])).toEqual([]);
    expect(inListChunks(["a"])).toEqual([["a"]]);
    expect(inListChunks(["a", "b", "c"])).toEqual([["a", "b", "c", "c"]]);
    expect(inListChunks([1, 2, 3, 4, 5])).toEqual([[1, 2, 3, 4, 5, 5, 5, 5]]);
    const long = inListChunks(Array.from({ length: 300 }, (_, i) => i));
    expect(long.map((c) => c.length)).toEqual([128, 128, 64]);
    expect(long[2]!.slice(43)).toEqual(Array(21).fill(299));
    expect(new Set(long.flat())).toEqual(new Set(Array.from({ length: 300 }, (_, i) => i)));
  });
});
