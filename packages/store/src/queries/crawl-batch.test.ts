import { describe, expect, it } from "vitest";
import { upsertAgencies } from "./agencies.js";
import { recordCrawlBatch } from "./crawl-batch.js";
import { crawlFindings, enqueueFrontier, frontierCounts, pendingFrontier } from "./frontier.js";
import { testAgency, useTempStore } from "../testing/index.js";

const tempStore = useTempStore();
const at = "2026-03-01T08:00:00.000Z";

describe("recordCrawlBatch", () => {
  it("writes fetches, findings, discovered URLs and ended rows in one go; a URL already queued is passed over", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const [list] = await enqueueFrontier(store.db, [
      { agencyId: "huaian-city", url: "https://www.huaian.gov.cn/list", kind: "list" },
      { agencyId: "huaian-city", url: "https://www.huaian.gov.cn/a1", kind: "article" },
    ]);
    const added = await recordCrawlBatch(store.db, {
      fetches: [{ agencyId: "huaian-city", url: "https://www.huaian.gov.cn/list", status: 200, at }],
      findings: [
        {
          runId: null,
          agencyId: "huaian-city",
          url: "https://www.huaian.gov.cn/x",
          kind: "failed",
          detail: "d",
          at,
        },
      ],
      completions: [
        {
          id: list!.id,
          state: "done",
          attempts: 1,
          error: null,
          at,
          discovered: ["a1", "a2", "a2", "a3"].map((p) => ({
            agencyId: "huaian-city",
            url: `https://www.huaian.gov.cn/${p}`,
            kind: "article" as const,
            depth: 1,
            meta: { title: p },
          })),
        },
      ],
    });
    expect(added).toBe(2);
    expect(await frontierCounts(store.db)).toEqual({ pending: 3, done: 1, failed: 0 });
    expect((await pendingFrontier(store.db)).map((r) => [r.url.slice(-2), r.meta])).toEqual([
      ["a1", {}],
      ["a2", { title: "a2" }],
      ["a3", { title: "a3" }],
    ]);
    const fetches = await store.db.selectFrom("fetches").select(["url", "status", "fetched_at"]).execute();
    expect(fetches).toEqual([{ url: "https://www.huaian.gov.cn/list", status: 200, fetched_at: at }]);
    expect((await crawlFindings(store.db)).map((f) => [f.kind, f.created_at])).toEqual([["failed", at]]);
  });

  it("ends each row as it ended: state, attempts and error, with the time it ended", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const rows = await enqueueFrontier(
      store.db,
      ["a", "b", "c"].map((p) => ({
        agencyId: "huaian-city",
        url: `https://www.huaian.gov.cn/${p}`,
        kind: "article" as const,
      })),
    );
    const end = (i: number, state: "done" | "failed", attempts: number, error: string | null) => ({
      id: rows[i]!.id,
      state,
      attempts,
      error,
      at: `2026-03-01T08:00:0${i}.000Z`,
      discovered: [],
    });
    await recordCrawlBatch(store.db, {
      fetches: [],
      findings: [],
      completions: [end(0, "done", 1, null), end(1, "failed", 3, "HTTP 503"), end(2, "done", 1, null)],
    });
    const ended = await store.db
      .selectFrom("crawl_frontier")
      .select(["state", "attempts", "last_error", "updated_at"])
      .orderBy("id")
      .execute();
    expect(ended).toEqual([
      { state: "done", attempts: 1, last_error: null, updated_at: "2026-03-01T08:00:02.000Z" },
      { state: "failed", attempts: 3, last_error: "HTTP 503", updated_at: "2026-03-01T08:00:01.000Z" },
      { state: "done", attempts: 1, last_error: null, updated_at: "2026-03-01T08:00:02.000Z" },
    ]);
  });

  it("writes nothing when one row fails: the batch is one transaction", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const [row] = await enqueueFrontier(store.db, [
      { agencyId: "huaian-city", url: "https://www.huaian.gov.cn/list", kind: "list" },
    ]);
    await expect(
      recordCrawlBatch(store.db, {
        fetches: [{ agencyId: "huaian-city", url: "https://www.huaian.gov.cn/list", status: 200, at }],
        // An unknown agency breaks the foreign key.
        findings: [{ runId: null, agencyId: "nobody", url: "u", kind: "failed", detail: "d", at }],
        completions: [{ id: row!.id, state: "done", attempts: 1, error: null, at, discovered: [] }],
      }),
    ).rejects.toThrow();
    expect(await frontierCounts(store.db)).toEqual({ pending: 1, done: 0, failed: 0 });
    expect(await store.db.selectFrom("fetches").selectAll().execute()).toEqual([]);
  });

  it("inserts more rows than one statement's variables allow", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const fetches = Array.from({ length: 3000 }, (_, i) => ({ url: `https://www.huaian.gov.cn/${i}`, at }));
    expect(await recordCrawlBatch(store.db, { fetches, findings: [], completions: [] })).toBe(0);
    const counted = await store.db
      .selectFrom("fetches")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(counted.n)).toBe(3000);
  });
});
