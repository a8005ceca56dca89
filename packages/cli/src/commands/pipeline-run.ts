import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { crawlStage, readRegistryFile } from "@touming/crawler";
import { extractStage } from "@touming/extract/stage";
import { gradeStage, headlineOf, loadRubric } from "@touming/grade";
import { publishStage } from "@touming/publish";
import { startSampleSites } from "@touming/sample-sites";
import { gradesOf, listAgencies, upsertAgencies } from "@touming/store";
import { startSmtpSink } from "@touming/deliver";
import type { Command } from "commander";
import type { PipelineOptions } from "./pipeline.js";
import { crawlOptions } from "../crawl-options.js";
import { publishOptions } from "../publish-options.js";
import { type DeliverSettings, type StageSettings, deliverSettings, stageSettings } from "../settings.js";
import { runDeliver } from "./deliver-run.js";
import { crawlAndExtractOnWorkers, withCoordinator } from "./on-workers.js";
import { type RunContext, queueDatabaseUrl, runCommand, runStageIn } from "../stage-run.js";
import { STAGE_LOCKS } from "../run-locks.js";
import { formatTable } from "../table.js";
import type { CliContext } from "../cli-context.js";

/**
 * What `touming run` and `touming demo` run: every stage in one logged run. Loaded with
 * `await import()` when one of them runs, as it imports every stage's package.
 */

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
 * crawl → extract → grade → publish in one run, each through `runStageIn` (the run log keeps each
 * summary under its stage's name). Each stage works only on what changed: the crawl is
 * incremental (conditional GETs), extraction takes pending documents, publishing rewrites only
 * files whose content changed.
 */
export async function runPipeline(
  run: RunContext,
  options: PipelineOptions,
  settings: StageSettings,
): Promise<PipelineSummary> {
  const rubric = loadRubric(options.rubric);
  const crawled = await runStageIn(run, crawlStage, crawlOptions(options, settings.contact));
  const extracted = await runStageIn(run, extractStage, { workers: settings.workers });
  const graded = await runStageIn(run, gradeStage, { rubric });
  const published = await runStageIn(
    run,
    publishStage,
    publishOptions(rubric, options, settings, run.io.now()),
  );
  return {
    newDocuments: crawled.summary.new,
    changedDocuments: crawled.summary.changed,
    failedFetches: crawled.summary.failed + crawled.summary.blocked,
    reports: extracted.summary.reports,
    extractionFailures: extracted.summary.failed,
    graded: graded.summary.graded,
    cardsWritten: published.summary.written,
    indexPath: published.summary.indexPath,
  };
}

/**
 * The same pipeline with crawling, extraction and PDFs done by `touming worker` processes (any
 * number, on any machine sharing the PostgreSQL store and the output directory): one crawl job per
 * agency, then one extract job per document to extract, each stage waited for; grading and the
 * HTML of publishing here; each PDF a render job. Job summaries are added up into the run log.
 */
export async function runPipelineOnWorkers(
  run: RunContext,
  options: PipelineOptions,
  settings: StageSettings,
  databaseUrl: string,
): Promise<PipelineSummary> {
  const rubric = loadRubric(options.rubric);
  return withCoordinator(run, databaseUrl, async (coordinator) => {
    const { crawled, extracted } = await crawlAndExtractOnWorkers(run, coordinator, options.agency);
    const graded = await runStageIn(run, gradeStage, { rubric });
    const published = await runStageIn(run, publishStage, {
      ...publishOptions(rubric, options, settings, run.io.now()),
      pdfPrinter: coordinator.pdfPrinter,
    });
    const total = (s: typeof crawled, key: string) => s.totals[key] ?? 0;
    return {
      newDocuments: total(crawled, "new"),
      changedDocuments: total(crawled, "changed"),
      failedFetches: total(crawled, "failed") + total(crawled, "blocked") + crawled.failed,
      reports: total(extracted, "reports"),
      extractionFailures: total(extracted, "failed") + extracted.failed,
      graded: graded.summary.graded,
      cardsWritten: published.summary.written,
      indexPath: published.summary.indexPath,
    };
  });
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

/**
 * The demo's delivery by e-mail: to an SMTP sink on loopback (a free port), never to a real server;
 * what it received is saved as `<mailDir>/*.eml` — in the demo's data directory, not in the published
 * `out/` a server would serve. Returns the lines saying where the messages went.
 */
async function demoDelivery(
  run: RunContext,
  options: PipelineOptions,
  mail: DeliverSettings,
  mailDir: string,
): Promise<string> {
  const sink = await startSmtpSink();
  try {
    const { summary, details } = await runDeliver(
      run,
      { out: options.out, ...(options.date ? { date: options.date } : {}) },
      { ...mail, smtpUrl: new URL(sink.url) },
    );
    const files = await sink.save(mailDir);
    if (summary.sent === 0)
      return `e-mail: nothing new to deliver (the outbox had sent these results already)\n`;
    const to = [...new Set(details.messages.filter((m) => m.state === "sent").map((m) => m.recipient))];
    return `e-mail: ${summary.sent} message(s) (${summary.corrections} 更正) delivered to the local SMTP sink ${sink.url} for ${to.join(", ")}; saved as ${files.length} .eml file(s) in ${path.resolve(mailDir)}\n`;
  } finally {
    await sink.close();
  }
}

/** An agency-year in the demo's table: letter and score when it has a grade, else its state. */
function demoCell(h: ReturnType<typeof headlineOf>): string {
  if (h.state === "unverifiable") return "无法核实";
  if (h.state === "not_monitored") return "未纳入监测";
  return `${h.letter}${Math.round(h.score)}`;
}

/** `touming run`: the whole pipeline on the store, printing what each stage did. */
export async function runPipelineCommand(
  { io, globals, settings }: CliContext,
  options: PipelineOptions,
): Promise<void> {
  const passed = stageSettings(settings);
  const g = globals();
  const databaseUrl = options.viaWorkers ? queueDatabaseUrl(g, "touming run --via-workers") : null;
  await runCommand(g, io, "run", { locks: STAGE_LOCKS, onWorkers: databaseUrl !== null }, async (run) => {
    const summary = databaseUrl
      ? await runPipelineOnWorkers(run, options, passed, databaseUrl)
      : await runPipeline(run, options, passed);
    io.stdout.write(pipelineText(summary));
  });
}

/** `touming demo`: the sample sites on loopback, the whole pipeline on them, and e-mail to a local sink. */
export async function demoCommand(
  { io, globals, settings }: CliContext,
  program: Command,
  options: PipelineOptions & { port: number },
): Promise<void> {
  const passed = stageSettings(settings);
  const mail = deliverSettings(settings);
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
    await runCommand({ ...globalOptions, dataDir }, io, "demo", { locks: STAGE_LOCKS }, async (run) => {
      mkdirSync(dataDir, { recursive: true });
      const registryFile = path.join(dataDir, "sample-agencies.yaml");
      writeFileSync(registryFile, sites.registryYaml());
      const registry = await readRegistryFile(
        registryFile,
        new Set((await listAgencies(run.store.db)).map((a) => a.id)),
      );
      await upsertAgencies(run.store.db, registry.agencies, {
        sourceFile: registryFile,
        clock: () => io.now(),
      });
      run.log.info("sample sites started", {
        agencies: registry.agencies.length,
        registry: registryFile,
      });
      // Loopback sites: retry the flaky one quickly.
      const summary = await runPipeline(run, { ...options, retryBaseDelayMs: 100 }, passed);
      const rows: string[][] = [];
      for (const agency of registry.agencies) {
        const grades = (await gradesOf(run.store.db, { agencyId: agency.id })).filter(
          (g) => g.dimension === "total",
        );
        rows.push([agency.id, agency.name, ...grades.map((g) => `${g.year}:${demoCell(headlineOf(g))}`)]);
      }
      io.stdout.write(
        formatTable(
          ["agency", "name", "grades (year:letter+score)"],
          rows.map((r) => [r[0]!, r[1]!, r.slice(2).join(" ")]),
        ),
      );
      io.stdout.write(pipelineText(summary));
      io.stdout.write(await demoDelivery(run, options, mail, path.join(dataDir, "mail")));
    });
  } finally {
    await sites.close();
  }
}
