import type { PdfYears } from "@touming/publish";
import type { Command } from "commander";
import { wholeNumber } from "../option-values.js";
import type { CliContext } from "../cli-context.js";
import { PDF_YEARS_HELP, parsePdfYears } from "../publish-options.js";

/**
 * `touming run` and `touming demo`: their definitions. What they run is pipeline-run.ts, loaded
 * only when one runs (it imports every stage's package).
 */

export interface PipelineOptions {
  out: string;
  pdf: boolean;
  rubric?: string;
  date?: string;
  agency?: string[];
  retryBaseDelayMs?: number;
  pdfYears?: PdfYears;
  /** `run --via-workers`: crawl, extract and PDFs as jobs for `touming worker` processes. */
  viaWorkers?: boolean;
}

export function registerPipeline(program: Command, { io, globals, settings }: CliContext): void {
  program
    .command("run")
    .description("the whole pipeline: crawl, extract, grade, publish (each on what changed)")
    .option("--out <dir>", "output directory", "out")
    .option("--no-pdf", "HTML only (no Chromium)")
    .option("--pdf-years <years>", PDF_YEARS_HELP, parsePdfYears)
    .option("--rubric <file>", "a rubric JSON file")
    .option("--date <YYYY-MM-DD>", "generation date printed on the output")
    .option(
      "--via-workers",
      "crawl, extract and print PDFs as jobs for `touming worker` processes (PostgreSQL store; --out shared with them)",
    )
    .action(async (options: PipelineOptions) => {
      const { runPipelineCommand } = await import("./pipeline-run.js");
      await runPipelineCommand({ io, globals, settings }, options);
    });

  program
    .command("demo")
    .description(
      "run the whole pipeline on the embedded sample agency sites (loopback), write report cards and e-mail them to a local SMTP sink",
    )
    .option("--out <dir>", "output directory", "out")
    .option("--no-pdf", "HTML only (no Chromium)")
    .option("--pdf-years <years>", PDF_YEARS_HELP, parsePdfYears)
    .option(
      "--port <n>",
      "first loopback port of the sample sites (one per site)",
      wholeNumber("--port", 1024, 65_000),
      28400,
    )
    .option("--date <YYYY-MM-DD>", "generation date printed on the output")
    .action(async (options: PipelineOptions & { port: number }) => {
      const { demoCommand } = await import("./pipeline-run.js");
      await demoCommand({ io, globals, settings }, program, options);
    });
}
