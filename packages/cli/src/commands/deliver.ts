import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";

/**
 * `touming deliver`: the command's definition. What it runs (and what `touming run`, `demo` and
 * `schedule` share of it) is deliver-run.ts, loaded only when it runs: it needs nodemailer.
 */

export interface DeliverCommandOptions {
  out: string;
  year?: number;
  date?: string;
  /** true: `.eml` files under `<data-dir>/mail-dry-run`; a text: under that folder. */
  dryRun?: boolean | string;
  /** The data directory: a dry run's default folder is in it, never in the published `out/`. */
  dataDir?: string;
  /** Queue the failed messages again before sending (once their cause is fixed). */
  retryFailed?: boolean;
}

const year = (v: string) => {
  const n = Number.parseInt(v, 10);
  if (!/^\d{4}$/.test(v) || n < 2000) throw new Error(`--year: expected a year such as 2024, got "${v}"`);
  return n;
};

export function registerDeliver(program: Command, { io, globals, settings }: CliContext): void {
  program
    .command("deliver")
    .description(
      "e-mail each jurisdiction's results once its deadlines have passed (each message once; a 更正 when results change)",
    )
    .option("--out <dir>", "the published output the attachments are read from", "out")
    .option("--year <year>", "only this report year", year)
    .option("--date <YYYY-MM-DD>", "today, for the deadlines (default: today in Asia/Shanghai)")
    .option(
      "--retry-failed",
      "queue the failed messages again (same Message-ID) once their cause is fixed, then send",
    )
    .option(
      "--dry-run [dir]",
      "write .eml files (default <data-dir>/mail-dry-run) instead of sending; the outbox is left as it is",
    )
    .action(async (given: DeliverCommandOptions) => {
      const { deliverCommand } = await import("./deliver-run.js");
      await deliverCommand({ io, globals, settings }, given);
    });
}
