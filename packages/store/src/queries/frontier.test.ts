import { describe, expect, it } from "vitest";
import { upsertAgencies } from "./agencies.js";
import { recordCrawlCoverage } from "./crawl-coverage.js";
import {
  enqueueFrontier,
  frontierCounts,
  frontierListPages,
  openFrontierRounds,
  pendingFrontier,
  recordCrawlFinding,
  startFrontierRound,
} from "./frontier.js";
import { testAgency, useTempStore } from "../testing/index.js";

const tempStore = useTempStore();

describe("crawl frontier", () => {
  it("queues more URLs at once than SQLite allows variables in one statement (10,000-agency seeding)", async () => {
    const store = await tempStore();
    const agencies = Array.from({ length: 6000 }, (_, i) => testAgency({ id: `a${i}` }));
    await upsertAgencies(store.db, agencies);
    const added = await enqueueFrontier(
      store.db,
      agencies.map((a) => ({
        agencyId: a.id,
        url: "https://www.huaian.gov.cn/col/col1/index.html",
        kind: "list" as const,
      })),
    );
    expect(added).toHaveLength(6000);
    expect(
      await enqueueFrontier(store.db, [
        { agencyId: "a0", url: "https://www.huaian.gov.cn/col/col1/index.html", kind: "list" },
      ]),
    ).toEqual([]);
    expect(await frontierCounts(store.db)).toEqual({ pending: 6000, done: 0, failed: 0 });
  });

  it("gives a queued URL's meta back decoded, as the object it was queued with", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const meta = { title: "2024年政府信息公开工作年度报告", listedDate: "2025-01-20", year: 2024 };
    const url = "https://www.huaian.gov.cn/art/2025/1/20/art_1_2.html";
    const [added] = await enqueueFrontier(store.db, [
      { agencyId: "huaian-city", url, kind: "article", meta },
    ]);
    expect(added?.meta).toEqual(meta);
    await enqueueFrontier(store.db, [{ agencyId: "huaian-city", url: `${url}?2`, kind: "article" }]);
    expect((await pendingFrontier(store.db)).map((row) => row.meta)).toEqual([meta, {}]);
  });

  it("reads a meta that is not a JSON object as an empty one", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const [added] = await enqueueFrontier(store.db, [
      { agencyId: "huaian-city", url: "https://www.huaian.gov.cn/a", kind: "article" },
    ]);
    await store.db
      .updateTable("crawl_frontier")
      .set({ meta: "not json" })
      .where("id", "=", added!.id)
      .execute();
    expect((await pendingFrontier(store.db))[0]?.meta).toEqual({});
  });
});

describe("crawl rounds", () => {
  const seeds = (ids: string[]) =>
    ids.map((agencyId) => ({ agencyId, url: `https://${agencyId}.gov.cn/list/`, kind: "list" as const }));

  it("a round opens with its seeds, remembers the last finding before it, and ends with the agencies' coverage", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency({ id: "a" }), testAgency({ id: "b" })]);
    const finding = { agencyId: "a", url: "https://a.gov.cn/", kind: "failed", detail: "x" };
    await recordCrawlFinding(store.db, finding);
    await recordCrawlFinding(store.db, finding);
    await startFrontierRound(store.db, { agencies: ["a", "b"], seeds: seeds(["a", "b"]) });
    expect(await frontierCounts(store.db)).toEqual({ pending: 2, done: 0, failed: 0 });
    expect((await openFrontierRounds(store.db)).size).toBe(2);
    expect((await openFrontierRounds(store.db, ["b"])).size).toBe(1);
    expect(await openFrontierRounds(store.db)).toEqual(
      new Map([
        ["a", 2],
        ["b", 2],
      ]),
    );
    // Coverage recorded for a: a's round ends, b's stays open.
    await recordCrawlCoverage(store.db, [{ agencyId: "a", complete: true, reasons: [] }]);
    expect((await openFrontierRounds(store.db)).size).toBe(1);
    expect([...(await openFrontierRounds(store.db)).keys()]).toEqual(["b"]);
    const ended = await store.db.selectFrom("frontier_rounds").select(["agency_id", "ended_at"]).execute();
    expect(ended.find((r) => r.agency_id === "a")?.ended_at).toMatch(/^\d{4}-/);
  });

  it("a round of some agencies empties only their frontier and replaces only their rounds", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency({ id: "a" }), testAgency({ id: "b" })]);
    await startFrontierRound(store.db, { agencies: ["a", "b"], seeds: seeds(["a", "b"]) });
    await recordCrawlCoverage(store.db, [{ agencyId: "b", complete: true, reasons: [] }]);
    await enqueueFrontier(store.db, [
      { agencyId: "a", url: "https://a.gov.cn/list/2", kind: "list", depth: 1 },
    ]);
    await startFrontierRound(store.db, { agencyIds: ["a"], agencies: ["a"], seeds: seeds(["a"]) });
    expect((await pendingFrontier(store.db)).map((r) => r.url)).toEqual([
      "https://b.gov.cn/list/",
      "https://a.gov.cn/list/",
    ]);
    expect((await openFrontierRounds(store.db, ["a"])).size).toBe(1);
    expect((await openFrontierRounds(store.db, ["b"])).size).toBe(0);
  });

  it("a round started for every agency drops the rounds of agencies no longer crawled", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency({ id: "a" }), testAgency({ id: "b" })]);
    await startFrontierRound(store.db, { agencies: ["a", "b"], seeds: seeds(["a", "b"]) });
    await startFrontierRound(store.db, { agencies: ["a"], seeds: seeds(["a"]) });
    expect((await openFrontierRounds(store.db)).size).toBe(1);
    expect(await frontierCounts(store.db)).toEqual({ pending: 1, done: 0, failed: 0 });
  });

  it("gives the list pages of the frontier with their meta, for the list-page budget", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency({ id: "a" })]);
    await startFrontierRound(store.db, { agencies: ["a"], seeds: seeds(["a"]) });
    await enqueueFrontier(store.db, [
      { agencyId: "a", url: "https://a.gov.cn/list/2", kind: "list", depth: 1, meta: { budgeted: true } },
      { agencyId: "a", url: "https://a.gov.cn/art/1", kind: "article", depth: 1 },
    ]);
    expect(await frontierListPages(store.db, ["a"])).toEqual([
      { agency_id: "a", url: "https://a.gov.cn/list/", depth: 0, meta: {} },
      { agency_id: "a", url: "https://a.gov.cn/list/2", depth: 1, meta: { budgeted: true } },
    ]);
  });
});
