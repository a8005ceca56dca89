import { testStageContext } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { crawlStage } from "./index.js";
import { useCrawlSites } from "./testing/sample-sites.js";

const env = useCrawlSites();

describe("crawlStage", () => {
  it("runs the crawl as a stage: a flat summary, the per-agency rows in details, progress and log lines", async () => {
    const store = await env.store();
    const { ctx, progress, events } = testStageContext(store);
    const { summary, details } = await crawlStage.run(ctx, {
      agencyIds: ["linjiang-jtj", "qinghe-czj"],
      retryBaseDelayMs: 20,
    });
    expect(crawlStage.name).toBe("crawl");
    expect(Object.keys(summary)).toEqual([
      "requests",
      "notModified",
      "new",
      "changed",
      "unchanged",
      "recentlyVerified",
      "failed",
      "blocked",
    ]);
    for (const value of Object.values(summary)) expect(typeof value).toBe("number");
    expect(summary).toMatchObject({ new: 6, failed: 0, blocked: 1 });
    expect(details).toMatchObject({ resumed: false, newDocuments: 6, blocked: 1 });
    expect(Object.keys(details.perAgency).sort()).toEqual(["linjiang-jtj", "qinghe-czj"]);
    expect(details.perAgency["linjiang-jtj"]).toMatchObject({ new: 6, failed: 0 });
    expect(details.perAgency["qinghe-czj"]!.reasons).toEqual([
      "blocked by anti-bot challenge: 瑞数-style JavaScript challenge (HTTP 412)",
    ]);
    expect(progress).toHaveLength(details.items);
    expect(progress.at(-1)).toMatchObject({ done: details.items, total: details.items });
    expect(events.map((e) => `${e.level} ${e.message}`)).toEqual(["info crawl started", "warn url blocked"]);
  });
});
