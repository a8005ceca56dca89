import { CRAWL_COUNT_DEFAULTS as CRAWL_DEFAULTS } from "@touming/crawler/defaults";
import type { Command } from "commander";
import { type CrawlCommandOptions, crawlOptions } from "../crawl-options.js";
import { wholeNumber } from "../option-values.js";
import type { CliContext } from "../cli-context.js";

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
      const { crawlStage } = await import("@touming/crawler");
      const { crawlSummaryTable } = await import("./crawl-summary.js");
      const { runCommand, runStageIn } = await import("../stage-run.js");
      await runCommand(globals(), io, "crawl", { locks: ["crawl"] }, async (run) => {
        const { details } = await runStageIn(run, crawlStage, crawlOptions(options, contact));
        io.stdout.write(crawlSummaryTable(details));
      });
    });
}
