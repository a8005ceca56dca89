import { describe, expect, it } from "vitest";
import { upsertAgencies } from "./agencies.js";
import { enqueueFrontier, frontierCounts, pendingFrontier } from "./frontier.js";
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
