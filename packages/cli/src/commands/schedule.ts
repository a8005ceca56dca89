import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { PDF_YEARS_HELP, type PublishCommandOptions, parsePdfYears } from "../publish-options.js";

/**
 * `touming schedule`: its definition. What it runs is schedule-run.ts, loaded only when it runs
 * (it imports every stage's package).
 */

export function registerSchedule(program: Command, { io, globals, settings }: CliContext): void {
  program
    .command("schedule")
    .description(
      "run nightly (crawl, extract, grade) and publish (then deliver by e-mail) on cron schedules until stopped (SIGINT/SIGTERM)",
    )
    .option("--out <dir>", "output directory for publishing", "out")
    .option("--no-pdf", "HTML only (no Chromium)")
    .option("--pdf-years <years>", PDF_YEARS_HELP, parsePdfYears)
    .option("--rubric <file>", "a rubric JSON file")
    .option(
      "--via-workers",
      "crawl, extract and print PDFs as jobs for `touming worker` processes (PostgreSQL store; --out shared with them)",
    )
    .action(async (options: PublishCommandOptions & { rubric?: string; viaWorkers?: boolean }) => {
      const { scheduleCommand } = await import("./schedule-run.js");
      await scheduleCommand({ io, globals, settings }, options);
    });
}
