import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { readRegistryFile } from "@touming/crawler";
import { loadRubric } from "@touming/publish";
import { startSampleSites } from "@touming/sample-sites";
import { gradesOf, listAgencies, upsertAgencies } from "@touming/store";
import type { Command } from "commander";
import type { CommandIO } from "../io.js";
import { wholeNumber } from "../option-values.js";
import { type GlobalOptions, type StageContext, runStage } from "../stage-run.js";
import { runExtractStage } from "../stages/extract-stage.js";
import { formatTable } from "../table.js";
import { runCrawlStage } from "./crawl.js";
import { runGrade, runPublish } from "./grade-publish.js";

export interface PipelineOptions {
  out: string;
  pdf: boolean;
  rubric?: string;
  date?: string;
  agency?: string[];
  retryBaseDelayMs?: number;
}

export interface PipelineSummary {
  newDocuments: number;
  changedDocuments: number;
  failedFetches: number;
  reports: number;
  extractionFailures: number;
  graded: number;
  cardsWritten: number;
  indexPath: string;
}

/**
 * crawl → extract → grade → publish in one run. Each stage works only on what changed: the crawl
 * is incremental (conditional GETs), extraction takes pending documents, publishing rewrites only
 * files whose content changed.
 */
export async function runPipeline(ctx: StageContext, options: PipelineOptions): Promise<PipelineSummary> {
  const rubric = loadRubric(options.rubric);
  const crawled = await runCrawlStage(ctx, {
    ...(options.agency ? { agency: options.agency } : {}),
    ...(options.retryBaseDelayMs !== undefined ? { retryBaseDelayMs: options.retryBaseDelayMs } : {}),
  });
  const extracted = await runExtractStage(ctx);
  // Both stages count "failed": keep the crawl's under its name and the extraction's under its own.
  Object.assign(ctx.counters, { failed: crawled.failed, extractionFailed: extracted.failed });
  const graded = await runGrade(ctx, rubric);
  const published = await runPublish(ctx, rubric, {
    out: options.out,
    pdf: options.pdf,
    ...(options.date ? { date: options.date } : {}),
  });
  return {
    newDocuments: crawled.newDocuments,
    changedDocuments: crawled.changedDocuments,
    failedFetches: crawled.failed + crawled.blocked,
    reports: extracted.reports,
    extractionFailures: extracted.failed,
    graded: graded.graded,
    cardsWritten: published.written,
    indexPath: published.indexPath,
  };
}

function pipelineText(s: PipelineSummary): string {
  return (
    [
      `new documents ${s.newDocuments}, changed ${s.changedDocuments}, failed fetches ${s.failedFetches}`,
      `reports extracted ${s.reports}, extraction failures ${s.extractionFailures}`,
      `agency-years graded ${s.graded}, files written ${s.cardsWritten}`,
      `index: ${s.indexPath}`,
    ].join("\n") + "\n"
  );
}

export function registerPipeline(program: Command, io: CommandIO, globals: () => GlobalOptions): void {
  program
    .command("run")
    .description("the whole pipeline: crawl, extract, grade, publish (each on what changed)")
    .option("--out <dir>", "output directory", "out")
    .option("--no-pdf", "HTML only (no Chromium)")
    .option("--rubric <file>", "a rubric JSON file")
    .option("--date <YYYY-MM-DD>", "generation date printed on the output")
    .action(async (options: PipelineOptions) => {
      await runStage(globals(), io, "run", { exclusive: true }, async (ctx) => {
        io.stdout.write(pipelineText(await runPipeline(ctx, options)));
      });
    });

  program
    .command("demo")
    .description(
      "run the whole pipeline on the embedded sample agency sites (loopback) and write report cards",
    )
    .option("--out <dir>", "output directory", "out")
    .option("--no-pdf", "HTML only (no Chromium)")
    .option(
      "--port <n>",
      "first loopback port of the sample sites (one per site)",
      wholeNumber("--port", 1024, 65_000),
      28400,
    )
    .option("--date <YYYY-MM-DD>", "generation date printed on the output")
    .action(async (options: PipelineOptions & { port: number }) => {
      const globalOptions = globals();
      // The demo keeps its own database unless told otherwise, away from real crawl data.
      const dataDir =
        program.getOptionValueSource("dataDir") === "default"
          ? path.join(globalOptions.dataDir, "demo")
          : globalOptions.dataDir;
      let sites: Awaited<ReturnType<typeof startSampleSites>>;
      try {
        sites = await startSampleSites({ basePort: options.port });
      } catch (error) {
        throw new Error(
          `cannot start the sample sites on ports ${options.port}+: ${(error as Error).message} (try --port)`,
          { cause: error },
        );
      }
      try {
        await runStage({ ...globalOptions, dataDir }, io, "demo", { exclusive: true }, async (ctx) => {
          mkdirSync(dataDir, { recursive: true });
          const registryFile = path.join(dataDir, "sample-agencies.yaml");
          writeFileSync(registryFile, sites.registryYaml());
          const registry = await readRegistryFile(
            registryFile,
            new Set((await listAgencies(ctx.store.db)).map((a) => a.id)),
          );
          await upsertAgencies(ctx.store.db, registry.agencies, {
            sourceFile: registryFile,
            clock: () => io.now(),
          });
          ctx.log.info("sample sites started", {
            agencies: registry.agencies.length,
            registry: registryFile,
          });
          // Loopback sites: retry the flaky one quickly.
          const summary = await runPipeline(ctx, { ...options, retryBaseDelayMs: 100 });
          const rows: string[][] = [];
          for (const agency of registry.agencies) {
            const grades = (await gradesOf(ctx.store.db, { agencyId: agency.id })).filter(
              (g) => g.dimension === "total",
            );
            rows.push([
              agency.id,
              agency.name,
              ...grades.map((g) => `${g.year}:${g.reason.split(" ")[0]}${Math.round(g.points)}`),
            ]);
          }
          io.stdout.write(
            formatTable(
              ["agency", "name", "grades (year:letter+score)"],
              rows.map((r) => [r[0]!, r[1]!, r.slice(2).join(" ")]),
            ),
          );
          io.stdout.write(pipelineText(summary));
        });
      } finally {
        await sites.close();
      }
    });
}
