import path from "node:path";
import { type CrawlStageOptions, crawlStage } from "@touming/crawler";
import { extractStage } from "@touming/extract/stage";
import { type PdfJob, type PdfRendererOptions, type Written, printPdfsHere } from "@touming/publish";
import type { StageContext } from "@touming/store";
import type { CrawlJob, ExtractJob, RenderJob } from "./job-queues.js";

/** What a job's handler runs in: the worker's store, clock and log, and the job's own signal. */
export type JobContext = Omit<StageContext, "runId" | "onProgress">;

/** A crawl job: the agency's crawl, with its politeness shared across workers when `options.gate` is. */
export async function runCrawlJob(ctx: JobContext, job: CrawlJob, options: CrawlStageOptions) {
  const { summary } = await crawlStage.run(
    { ...ctx, runId: null },
    { ...options, agencyIds: [job.agencyId] },
  );
  return summary;
}

/** An extract job: the document, unless it no longer needs extracting (a retried job that had finished). */
export async function runExtractJob(ctx: JobContext, job: ExtractJob) {
  const { summary } = await extractStage.run(
    { ...ctx, runId: null },
    { documentIds: [job.documentId], workers: 0 },
  );
  return summary;
}

/** What a render job returns to the coordinator, which records the PDF (as publish does for its own). */
export type RenderOutcome = Written;

/**
 * A batch of render jobs: printed with one browser and one print font; when the batch fails, each
 * page is printed alone, so that one bad page fails only its own job. Results in the jobs' order:
 * the written PDF, or the error.
 */
export async function runRenderJobs(
  jobs: readonly RenderJob[],
  context: { outDir: string; renderer: PdfRendererOptions; signal: AbortSignal },
): Promise<(RenderOutcome | Error)[]> {
  const pdfJobs = jobs.map((job): PdfJob => ({
    file: path.join(context.outDir, ...job.page.split("/")),
    header: job.header,
    kind: job.kind,
    agencyId: job.agencyId,
    year: job.year,
  }));
  const print = async (indexes: readonly number[]) => {
    const results = new Map<PdfJob, Written>();
    const generatedOn = jobs[indexes[0]!]!.generatedOn;
    await printPdfsHere(
      indexes.map((i) => pdfJobs[i]!),
      { ...context, generatedOn },
      async (job, written) => {
        results.set(job, written);
      },
    );
    return results;
  };
  const outcomes: (RenderOutcome | Error)[] = jobs.map(() => new Error("not printed: the worker stopped"));
  const all = jobs.map((_, i) => i);
  // One print date per batch: pages of another date (another publish) are printed apart.
  const byDate = new Map<string, number[]>();
  for (const i of all) byDate.set(jobs[i]!.generatedOn, [...(byDate.get(jobs[i]!.generatedOn) ?? []), i]);
  for (const indexes of byDate.values()) {
    try {
      const printed = await print(indexes);
      for (const i of indexes) outcomes[i] = printed.get(pdfJobs[i]!) ?? outcomes[i]!;
    } catch {
      for (const i of indexes) {
        outcomes[i] = await print([i]).then(
          (printed) => printed.get(pdfJobs[i]!) ?? new Error("not printed"),
          (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
        );
      }
    }
  }
  return outcomes;
}
