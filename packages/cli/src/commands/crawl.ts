import { CRAWL_DEFAULTS, type CrawlSummary, crawlStage, redactSecrets } from "@touming/crawler";
import type { Command } from "commander";
import { type CrawlCommandOptions, crawlOptions } from "../crawl-options.js";
import { wholeNumber } from "../option-values.js";
import { runCommand, runStageIn } from "../stage-run.js";
import { formatTable } from "../table.js";
import type { CliContext } from "../cli-context.js";

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
    redactSecrets(a.reasons[0] ?? ""),
  ]);
  const total = `${summary.requests} requests (${summary.notModified} not modified): ${summary.newDocuments} new, ${summary.changedDocuments} changed, ${summary.unchangedDocuments} unchanged (${summary.recentlyVerified} verified recently, not requested), ${summary.failed} failed, ${summary.blocked} blocked${summary.budgetHits ? `, ${summary.budgetHits} stopped by a crawl budget (findings budget_*)` : ""}${summary.resumed ? " (resumed an interrupted crawl)" : ""}\n`;
  const note = quiet > 0 ? `${quiet} agencies with nothing new, changed or failed are not listed\n` : "";
  return (
    formatTable(["agency", "new", "changed", "unchanged", "failed", "first reason"], rows) + note + total
  );
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerCrawl(program: Command, { io, globals, settings }: CliContext): void {
  program
    .command("crawl")
    .description("find and fetch new annual reports on the registry's agency sites")
    .option("--agency <id>", "only this agency (repeatable)", collect)
    .option(
      "--max-pages <n>",
      `list pages followed per agency (default ${CRAWL_DEFAULTS.maxListPages})`,
      wholeNumber("--max-pages", 0),
    )
    .option(
      "--concurrency <n>",
      `requests in flight across hosts (default ${CRAWL_DEFAULTS.globalConcurrency})`,
      wholeNumber("--concurrency", 1),
    )
    .option(
      "--recheck-days <n>",
      `days before a report already fetched is requested again (default ${CRAWL_DEFAULTS.recheckAfterDays}; 0 = every crawl)`,
      wholeNumber("--recheck-days", 0),
    )
    .option(
      "--contact <url>",
      "contact URL sent in the User-Agent (default $TOUMING_CONTACT_URL or the project page)",
    )
    .action(async (options: CrawlCommandOptions) => {
      // TOUMING_CONTACT_URL is read (and refused when bad) only when --contact does not replace it.
      const contact = options.contact ?? settings.get("contactUrl");
      await runCommand(globals(), io, "crawl", { locks: ["crawl"] }, async (run) => {
        const { details } = await runStageIn(run, crawlStage, crawlOptions(options, contact));
        io.stdout.write(crawlSummaryTable(details));
      });
    });
}
