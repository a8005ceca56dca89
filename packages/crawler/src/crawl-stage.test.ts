import { testStageContext } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { PageReader, crawlStage } from "./index.js";
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

  it("a worker's crawls, one per agency, read pages on one reader it keeps and closes itself", async () => {
    const store = await env.store();
    const reader = new PageReader();
    const reads: string[] = [];
    const read = reader.read.bind(reader);
    reader.read = (job) => {
      reads.push(job.want);
      return read(job);
    };
    try {
      for (const agencyId of ["linjiang-jtj", "linjiang-rsj"]) {
        const { ctx } = testStageContext(store);
        const { summary } = await crawlStage.run(ctx, {
          agencyIds: [agencyId],
          retryBaseDelayMs: 20,
          reader,
        });
        expect(summary.failed).toBe(0);
        expect(summary.new).toBeGreaterThan(0);
      }
      const afterBoth = reads.length;
      expect(afterBoth).toBeGreaterThan(2);
      // Still open after both crawls: the worker's next crawl reads on it too.
      const { ctx } = testStageContext(store);
      await crawlStage.run(ctx, { agencyIds: ["linjiang-jtj"], retryBaseDelayMs: 20, reader });
      expect(reads.length).toBeGreaterThan(afterBoth);
    } finally {
      await reader.close();
    }
  });
});
