import { type Stage, openCrawlBatchWriter } from "@touming/store";
import { type CrawlEvent, crawl } from "./crawl.js";
import type { CrawlOptions } from "./crawl-options.js";
import type { CrawlSummary } from "./crawl-tally.js";
import type { HostGate } from "./host-gate.js";
import type { PageReader } from "./page-reader.js";
import { redactSecrets } from "./redact-secrets.js";

/** What the run log keeps of a crawl: its counts, flat (the names the `runs` table has always used). */
export type CrawlStageSummary = {
  requests: number;
  notModified: number;
  new: number;
  changed: number;
  unchanged: number;
  recentlyVerified: number;
  failed: number;
  blocked: number;
};

/**
 * The crawl's options, and the host gate to crawl through (`CrawlDeps.gate`): default this crawl's
 * own `LocalHostGate`; a worker sharing its database with others passes a `SharedHostGate`. A
 * worker also passes the page reader it keeps across its crawls (`CrawlDeps.reader`).
 */
export interface CrawlStageOptions extends CrawlOptions {
  gate?: HostGate;
  reader?: PageReader;
}

/** What the crawl command prints beyond the summary: the whole crawl summary, a row per agency. */
export type CrawlStageDetails = CrawlSummary;

/**
 * The crawl as a pipeline stage: clears what a killed crawl left half-written in the blob store (the
 * crawl is its writer), crawls, reports progress per frontier row and logs failed URLs. On SQLite the
 * crawl's batches of writes are made on a thread of their own (`openCrawlBatchWriter`). Its
 * summary is what the run log records; its details are the crawl summary with the per-agency rows.
 *
 * ```ts
 * const { summary, details } = await crawlStage.run(ctx, { agencyIds: ["huaian-city"] });
 * ```
 */
export const crawlStage: Stage<CrawlStageOptions, CrawlStageSummary, CrawlStageDetails> = {
  name: "crawl",
  async run(ctx, { gate, reader, ...options }) {
    const swept = await ctx.store.blobs.sweepTemp();
    if (swept > 0) ctx.log?.info("removed temp files of an interrupted crawl", { files: swept });
    const onEvent = (event: CrawlEvent) => {
      if (event.type === "start") {
        const message = event.resumed ? "resuming an interrupted crawl" : "crawl started";
        ctx.log?.info(message, { agencies: event.agencies, queued: event.pending });
        return;
      }
      if (event.outcome === "failed" || event.outcome === "blocked") {
        ctx.log?.warn(`url ${event.outcome}`, {
          agency: event.agencyId,
          url: redactSecrets(event.url),
          reason: event.reason,
        });
      }
      ctx.onProgress?.({ done: event.done, total: event.total, item: redactSecrets(event.url) });
    };
    const writer = await openCrawlBatchWriter(ctx.store);
    let crawled: CrawlSummary;
    try {
      crawled = await crawl(
        {
          db: ctx.store.db,
          blobs: ctx.store.blobs,
          runId: ctx.runId,
          clock: ctx.clock,
          signal: ctx.signal,
          onEvent,
          writer,
          ...(gate ? { gate } : {}),
          ...(reader ? { reader } : {}),
        },
        options,
      );
    } finally {
      await writer.close();
    }
    const summary: CrawlStageSummary = {
      requests: crawled.requests,
      notModified: crawled.notModified,
      new: crawled.newDocuments,
      changed: crawled.changedDocuments,
      unchanged: crawled.unchangedDocuments,
      recentlyVerified: crawled.recentlyVerified,
      failed: crawled.failed,
      blocked: crawled.blocked,
    };
    return { summary, details: crawled };
  },
};
