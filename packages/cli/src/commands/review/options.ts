import type { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import type { RunContext } from "../../stage-run.js";
import { formatTable } from "../../table.js";

/**
 * What the `touming review` subcommands share on the command line: the report year they parse,
 * the reviewer they require, the `--agency`/`--year` scope of the reading ones, the run each one is
 * logged as, and the table-or-JSON printing of what they read. Kept in one place so every
 * subcommand refuses and prints the same way.
 */

/** A report year argument or option: refused, naming the range, outside 2008 to 2100. */
export const yearOption = (v: string) => {
  if (!/^\d{4}$/.test(v) || Number(v) < 2008 || Number(v) > 2100)
    throw new Error(`expected a report year from 2008 to 2100, e.g. 2023, got "${v}"`);
  return Number(v);
};

/** Options every review that is recorded takes. */
export interface ByOptions {
  by?: string;
  reason?: string;
}

/**
 * Who reviews it and why, or a refusal: when `--by` is blank, or when `--reason` is blank and
 * `reasonRequired` says what it must give.
 */
export function reviewerOf(options: ByOptions, reasonRequired?: string): { by: string; reason: string } {
  const by = options.by?.trim();
  if (!by) throw new Error("--by: expected who reviews it (a name)");
  const reason = options.reason?.trim() ?? "";
  if (reasonRequired !== undefined && !reason) throw new Error(`--reason: expected ${reasonRequired}`);
  return { by, reason };
}

/** Adds the `<agency> <year>` arguments of a subcommand that records a review. */
export const withAgencyYear = (command: Command): Command =>
  command.argument("<agency>", "agency id").argument("<year>", "report year", yearOption);

/** The agency and year a reading subcommand is narrowed to. */
export interface ScopeOptions {
  agency?: string;
  year?: number;
}

/** Adds `--agency` and `--year` to a subcommand that reads reviews or findings. */
export const withScope = (command: Command): Command =>
  command
    .option("--agency <id>", "only this agency")
    .option("--year <year>", "only this report year", yearOption);

/** The scope as the store's queries take it: only what was given. */
export const scopeOf = (options: ScopeOptions): { agencyId?: string; year?: number } => ({
  ...(options.agency !== undefined ? { agencyId: options.agency } : {}),
  ...(options.year !== undefined ? { year: options.year } : {}),
});

/**
 * Runs a review subcommand as the logged run `review-<name>` (it takes no stage locks). The run
 * (and with it the store) is loaded here, when a subcommand runs, not when it is registered.
 */
export async function runReview<T>(
  { io, globals }: CliContext,
  name: string,
  body: (run: RunContext) => Promise<T>,
): Promise<T> {
  const { runCommand } = await import("../../stage-run.js");
  return runCommand(globals(), io, `review-${name}`, { locks: [] }, body);
}

/** Prints rows as JSON (`--json`) or as a table followed by a line saying how many there are. */
export function printRows<T>(
  run: RunContext,
  json: boolean | undefined,
  rows: readonly T[],
  table: { header: string[]; cells: (row: T) => string[]; counted: string },
): void {
  if (json) {
    run.io.stdout.write(JSON.stringify(rows, null, 2) + "\n");
    return;
  }
  run.io.stdout.write(formatTable(table.header, rows.map(table.cells)));
  run.io.stdout.write(`${rows.length} ${table.counted}\n`);
}
