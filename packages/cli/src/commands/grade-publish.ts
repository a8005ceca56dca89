import {
  type PublishSummary,
  type Rubric,
  loadRubric,
  runGradeStage,
  runPublishStage,
} from "@touming/publish";
import type { Command } from "commander";
import type { CommandIO } from "../io.js";
import { type GlobalOptions, type StageContext, runStage } from "../stage-run.js";

/** Today in China (the date printed on cards), unless the user declares one. */
export function generationDate(now: Date, declared?: string): string {
  if (declared) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(declared) || Number.isNaN(Date.parse(declared))) {
      throw new Error(`--date: expected YYYY-MM-DD, got "${declared}"`);
    }
    return declared;
  }
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

export async function runGrade(ctx: StageContext, rubric: Rubric, year?: number) {
  const result = await runGradeStage(ctx.store.db, rubric, () => ctx.io.now(), {
    ...(year !== undefined ? { year } : {}),
    signal: ctx.signal,
    onProgress: (done, total) => ctx.log.progress(done, total),
  });
  ctx.log.done();
  Object.assign(ctx.counters, {
    graded: result.graded,
    missing: result.missing,
    changed: result.changed,
    ...Object.fromEntries(Object.entries(result.byLetter).map(([k, v]) => [`grade${k}`, v])),
  });
  return result;
}

export async function runPublish(
  ctx: StageContext,
  rubric: Rubric,
  options: { out: string; year?: number; pdf: boolean; date?: string },
): Promise<PublishSummary> {
  const result = await runPublishStage(ctx.store, {
    outDir: options.out,
    rubric,
    pdf: options.pdf,
    generatedOn: generationDate(ctx.io.now(), options.date),
    runId: ctx.runId,
    signal: ctx.signal,
    ...(options.year !== undefined ? { year: options.year } : {}),
    onProgress: (done, total) => ctx.log.progress(done, total),
  });
  ctx.log.done();
  Object.assign(ctx.counters, {
    cards: result.cards,
    rendered: result.rendered,
    summaries: result.summaries,
    pdfs: result.pdfs,
    written: result.written,
    unchanged: result.unchanged,
  });
  return result;
}

const year = (v: string) => {
  const n = Number.parseInt(v, 10);
  if (!/^\d{4}$/.test(v) || n < 2000) throw new Error(`--year: expected a year such as 2024, got "${v}"`);
  return n;
};

export function registerGradePublish(program: Command, io: CommandIO, globals: () => GlobalOptions): void {
  program
    .command("grade")
    .description(
      "grade every agency-year by the rubric (reports found, and missing ones after their deadline)",
    )
    .option("--year <year>", "only this report year", year)
    .option("--rubric <file>", "a rubric JSON file (default: the built-in version 1)")
    .action(async (options: { year?: number; rubric?: string }) => {
      await runStage(globals(), io, "grade", { exclusive: true }, async (ctx) => {
        const result = await runGrade(ctx, loadRubric(options.rubric), options.year);
        io.stdout.write(
          `graded ${result.graded} agency-years (${result.missing} without a report, ${result.changed} changed): ${Object.entries(
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
    .option("--rubric <file>", "the rubric the grades were made with (default: built-in version 1)")
    .option("--date <YYYY-MM-DD>", "generation date printed on the output (default: today in Asia/Shanghai)")
    .action(async (options: { year?: number; out: string; pdf: boolean; rubric?: string; date?: string }) => {
      await runStage(globals(), io, "publish", { exclusive: true }, async (ctx) => {
        const result = await runPublish(ctx, loadRubric(options.rubric), options);
        io.stdout.write(
          `${result.cards} cards (${result.rendered} rendered, the rest current), ${result.summaries} summaries, ${result.pdfs} PDFs; ${result.written} files written, ${result.unchanged} unchanged${result.openDataRebuilt ? "" : "; open data current"}\n${result.indexPath}\n`,
        );
      });
    });
}
