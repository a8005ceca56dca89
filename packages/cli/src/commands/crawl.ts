import { type CrawlSummary, crawl } from "@touming/crawler";
import type { Command } from "commander";
import type { CommandIO } from "../io.js";
import { wholeNumber } from "../option-values.js";
import { type GlobalOptions, type StageContext, runStage } from "../stage-run.js";
import { formatTable } from "../table.js";

export interface CrawlCommandOptions {
  agency?: string[];
  maxPages?: number;
  contact?: string;
  concurrency?: number;
  /** Days before a report already fetched is requested again (default 7; 0 = every crawl). */
  recheckDays?: number;
  /** First retry back-off (default 1000 ms); the demo's loopback sites need less. */
  retryBaseDelayMs?: number;
}

/** The crawl stage as the CLI (and `run`, `demo`) drive it: progress, run counters, a summary. */
export async function runCrawlStage(
  ctx: StageContext,
  options: CrawlCommandOptions = {},
): Promise<CrawlSummary> {
  const contact = options.contact ?? process.env.TOUMING_CONTACT_URL;
  // The crawl is the blob store's writer: clear what a killed crawl left half-written.
  const swept = await ctx.store.blobs.sweepTemp();
  if (swept > 0) ctx.log.info("removed temp files of an interrupted crawl", { files: swept });
  const summary = await crawl(
    {
      db: ctx.store.db,
      blobs: ctx.store.blobs,
      runId: ctx.runId,
      clock: () => ctx.io.now(),
      signal: ctx.signal,
      onEvent: (event) => {
        if (event.type === "start") {
          ctx.log.info(event.resumed ? "resuming an interrupted crawl" : "crawl started", {
            agencies: event.agencies,
            queued: event.pending,
          });
        } else {
          if (event.outcome === "failed" || event.outcome === "blocked") {
            ctx.log.warn(`url ${event.outcome}`, {
              agency: event.agencyId,
              url: event.url,
              reason: event.reason,
            });
          }
          ctx.log.progress(event.done, event.total);
        }
      },
    },
    {
      ...(options.agency?.length ? { agencyIds: options.agency } : {}),
      ...(options.maxPages !== undefined ? { maxListPages: options.maxPages } : {}),
      ...(options.concurrency !== undefined ? { globalConcurrency: options.concurrency } : {}),
      ...(options.recheckDays !== undefined ? { recheckAfterDays: options.recheckDays } : {}),
      ...(options.retryBaseDelayMs !== undefined ? { retryBaseDelayMs: options.retryBaseDelayMs } : {}),
      ...(contact ? { userAgent: `Touming/0.1 (+${contact})` } : {}),
    },
  );
  ctx.log.done();
  Object.assign(ctx.counters, {
    requests: summary.requests,
    notModified: summary.notModified,
    new: summary.newDocuments,
    changed: summary.changedDocuments,
    unchanged: summary.unchangedDocuments,
    recentlyVerified: summary.recentlyVerified,
    failed: summary.failed,
    blocked: summary.blocked,
  });
  return summary;
}

/** Agencies listed one per row; beyond this, only those with something new, changed or failed. */
const FULL_TABLE_UP_TO = 50;

export function crawlSummaryTable(summary: CrawlSummary): string {
  const all = Object.entries(summary.perAgency);
  const listed =
    all.length <= FULL_TABLE_UP_TO ? all : all.filter(([, a]) => a.new + a.changed + a.failed > 0);
  const quiet = all.length - listed.length;
  const rows = listed.map(([id, a]) => [
    id,
    String(a.new),
    String(a.changed),
    String(a.unchanged),
    String(a.failed),
    a.reasons[0] ?? "",
  ]);
  const total = `${summary.requests} requests (${summary.notModified} not modified): ${summary.newDocuments} new, ${summary.changedDocuments} changed, ${summary.unchangedDocuments} unchanged (${summary.recentlyVerified} verified recently, not requested), ${summary.failed} failed, ${summary.blocked} blocked${summary.resumed ? " (resumed an interrupted crawl)" : ""}\n`;
  const note = quiet > 0 ? `${quiet} agencies with nothing new, changed or failed are not listed\n` : "";
  return (
    formatTable(["agency", "new", "changed", "unchanged", "failed", "first reason"], rows) + note + total
  );
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerCrawl(program: Command, io: CommandIO, globals: () => GlobalOptions): void {
  program
    .command("crawl")
    .description("find and fetch new annual reports on the registry's agency sites")
    .option("--agency <id>", "only this agency (repeatable)", collect)
    .option("--max-pages <n>", "list pages followed per agency (default 50)", wholeNumber("--max-pages", 0))
    .option(
      "--concurrency <n>",
      "requests in flight across hosts (default 8)",
      wholeNumber("--concurrency", 1),
    )
    .option(
      "--recheck-days <n>",
      "days before a report already fetched is requested again (default 7; 0 = every crawl)",
      wholeNumber("--recheck-days", 0),
    )
    .option(
      "--contact <url>",
      "contact URL sent in the User-Agent (default $TOUMING_CONTACT_URL or the project page)",
    )
    .action(async (options: CrawlCommandOptions) => {
      await runStage(globals(), io, "crawl", { exclusive: true }, async (ctx) => {
        const summary = await runCrawlStage(ctx, options);
        io.stdout.write(crawlSummaryTable(summary));
      });
    });
}
