import type { Command } from "commander";
import {
  PDF_YEARS_HELP,
  type PublishCommandOptions,
  parsePdfYears,
  publishOptions,
} from "../publish-options.js";
import { publishSettings } from "../settings.js";
import type { CliContext } from "../cli-context.js";

const year = (v: string) => {
  const n = Number.parseInt(v, 10);
  if (!/^\d{4}$/.test(v) || n < 2000) throw new Error(`--year: expected a year such as 2024, got "${v}"`);
  return n;
};

export function registerGradePublish(program: Command, { io, globals, settings }: CliContext): void {
  program
    .command("grade")
    .description(
      "grade every agency-year by the rubric (reports found, and missing ones after their deadline)",
    )
    .option("--year <year>", "only this report year", year)
    .option("--rubric <file>", "a rubric JSON file (default: the built-in version 2)")
    .action(async (options: { year?: number; rubric?: string }) => {
      const { gradeStage, loadRubric } = await import("@touming/grade");
      const { runCommand, runStageIn } = await import("../stage-run.js");
      await runCommand(globals(), io, "grade", { locks: ["grade"] }, async (run) => {
        const { details: result } = await runStageIn(run, gradeStage, {
          rubric: loadRubric(options.rubric),
          ...(options.year !== undefined ? { year: options.year } : {}),
        });
        io.stdout.write(
          `graded ${result.graded} agency-years (${result.missing} without a report: ${result.notFound} not found, ${result.unverifiable} could not be verified; ${result.changed} changed, ${result.withdrawn} withdrawn outside the monitoring window): ${Object.entries(
            result.byLetter,
          )
            .sort()
            .map(([l, n]) => `${l} ${n}`)
            .join(", ")}\n`,
        );
      });
    });

  program
    .command("publish")
    .description("render report cards (HTML and PDF), jurisdiction summaries, the index and open data")
    .option("--year <year>", "only this report year", year)
    .option("--out <dir>", "output directory", "out")
    .option("--no-pdf", "HTML only (no Chromium)")
    .option("--pdf-years <years>", PDF_YEARS_HELP, parsePdfYears)
    .option("--rubric <file>", "the rubric the grades were made with (default: built-in version 2)")
    .option("--date <YYYY-MM-DD>", "generation date printed on the output (default: today in Asia/Shanghai)")
    .action(async (options: PublishCommandOptions & { rubric?: string }) => {
      const passed = publishSettings(settings);
      const { loadRubric } = await import("@touming/grade");
      const { publishStage } = await import("@touming/publish");
      const { runCommand, runStageIn } = await import("../stage-run.js");
      await runCommand(globals(), io, "publish", { locks: ["publish"] }, async (run) => {
        const { summary: result } = await runStageIn(
          run,
          publishStage,
          publishOptions(loadRubric(options.rubric), options, passed, io.now()),
        );
        io.stdout.write(
          `${result.cards} cards (${result.rendered} rendered, the rest current), ${result.summaries} summaries, ${result.pdfs} PDFs; ${result.written} files written, ${result.unchanged} unchanged${result.openDataRebuilt ? "" : "; open data current"}\n${result.indexPath}\n`,
        );
      });
    });
}
