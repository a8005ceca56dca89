import { hostname } from "node:os";
import { type CrawlOptions, PageReader, SharedHostGate } from "@touming/crawler";
import type { PdfRendererOptions } from "@touming/publish";
import type { StageLog, Store } from "@touming/store";
import type { Job } from "pg-boss";
import { type JobContext, runCrawlJob, runExtractJob, runRenderJobs } from "./job-handlers.js";
import {
  type CrawlJob,
  type ExtractJob,
  type JobQueueOptions,
  QUEUE_OF,
  type RenderJob,
  type WorkerStage,
  openJobQueues,
} from "./job-queues.js";

export interface WorkerOptions {
  store: Store;
  /** The store's PostgreSQL URL, where the job queues are. */
  databaseUrl: string;
  stages: readonly WorkerStage[];
  /** The output directory every machine shares (render jobs print the pages written there). */
  outDir?: string;
  /** How this worker crawls: user agent, budgets. Per-host politeness is shared with every other worker (a host lease in the store). */
  crawl?: Omit<CrawlOptions, "agencyIds">;
  /** Chromium and tabs for render jobs. */
  renderer?: PdfRendererOptions;
  /** Jobs of each stage run at once in this worker. Default 1 (render: one batch of up to 8 pages). */
  concurrency?: number;
  /** Seconds between checks for new jobs. Default 1. */
  pollSeconds?: number;
  /** How the queues are opened (tests: quicker retries). */
  queues?: JobQueueOptions;
  clock: () => Date;
  log: StageLog;
  /** Aborted to stop: no new job is taken; jobs under way finish (or are retried elsewhere). */
  signal: AbortSignal;
}

/** What a worker did, by stage: jobs done and failed (a failed job is retried, then dead-lettered). */
export type WorkerSummary = Record<WorkerStage, { done: number; failed: number }>;

/** Crawl and extract jobs a worker takes at a time (then runs one after another). */
const JOBS_PER_FETCH = 4;
/** Pages a worker prints with one browser and one print font. */
const RENDER_BATCH = 8;

/**
 * Takes jobs of the given stages until `signal` aborts, then waits for the jobs under way. Each job
 * is idempotent: a crawl re-reads what changed, an extraction skips a document already extracted,
 * a render rewrites the same PDF. A job that throws is retried by pg-boss with back-off and, after
 * its last attempt, dead-lettered with its error (`touming status` lists them).
 */
export async function runWorker(options: WorkerOptions): Promise<WorkerSummary> {
  const { store, log, signal } = options;
  const boss = await openJobQueues(options.databaseUrl, options.queues);
  const summary: WorkerSummary = {
    crawl: { done: 0, failed: 0 },
    extract: { done: 0, failed: 0 },
    render: { done: 0, failed: 0 },
  };
  const worker = `${hostname()}:${process.pid}`;
  // Two workers crawling agencies on one host take turns by the registry's delay and concurrency.
  const gate = new SharedHostGate(store, { holder: worker });
  // One page-reading thread for all this worker's crawls, not one started per crawl job.
  const reader = new PageReader(
    options.crawl?.pageReadTimeoutMs ? { timeoutMs: options.crawl.pageReadTimeoutMs } : {},
  );
  const context = (job: Job<unknown>): JobContext => ({
    store,
    clock: options.clock,
    signal: AbortSignal.any([signal, job.signal]),
    log,
  });
  // Jobs are taken a few at a time, and while every fetch comes back full the next is fetched at
  // once (pg-boss's burst); a worker polls every second only when the queue runs dry.
  const work = {
    pollingIntervalSeconds: options.pollSeconds ?? 1,
    localConcurrency: options.concurrency ?? 1,
    burstWhenBatchFull: true,
    perJobResults: true as const,
  };
  /** One job of a batch run, logged and counted; its result as pg-boss settles it (a failure is retried). */
  const settle = async (
    stage: WorkerStage,
    job: Job<unknown>,
    fields: object,
    run: () => Promise<unknown>,
  ) => {
    log.info(`${stage} job started`, { job: job.id, attempt: job.retryCount + 1, worker, ...fields });
    try {
      const output = await run();
      summary[stage].done++;
      log.info(`${stage} job done`, { job: job.id, worker, ...fields });
      return { id: job.id, status: "completed" as const, output };
    } catch (error) {
      const message = (error as Error).message;
      summary[stage].failed++;
      log.warn(`${stage} job failed`, { job: job.id, worker, ...fields, error: message });
      return { id: job.id, status: "failed" as const, output: { message } };
    }
  };
  /**
   * Takes a stage's jobs `JOBS_PER_FETCH` at a time and runs each batch one job after another, each
   * logged and counted; once the worker stops, the rest of a batch is left out (pg-boss retries it).
   */
  const workInTurn = <T extends object>(
    stage: WorkerStage,
    fieldsOf: (data: T) => object,
    run: (job: Job<T>) => Promise<unknown>,
  ) =>
    boss.work<T, unknown, typeof work & { batchSize: number }>(
      QUEUE_OF[stage],
      { ...work, batchSize: JOBS_PER_FETCH },
      async (jobs) => {
        const results = [];
        for (const job of jobs) {
          if (signal.aborted) break;
          results.push(await settle(stage, job, fieldsOf(job.data), () => run(job)));
        }
        return results;
      },
    );
  try {
    if (options.stages.includes("crawl"))
      await workInTurn<CrawlJob>(
        "crawl",
        (data) => ({ agency: data.agencyId }),
        (job) => runCrawlJob(context(job), job.data, { ...options.crawl, gate, reader }),
      );
    if (options.stages.includes("extract"))
      await workInTurn<ExtractJob>(
        "extract",
        (data) => ({ document: data.documentId }),
        (job) => runExtractJob(context(job), job.data),
      );
    if (options.stages.includes("render")) {
      const outDir = options.outDir;
      if (!outDir) throw new Error("render jobs need the shared output directory (--out)");
      await boss.work<RenderJob, unknown, typeof work & { batchSize: number }>(
        QUEUE_OF.render,
        { ...work, batchSize: RENDER_BATCH },
        async (jobs) => {
          const outcomes = await runRenderJobs(
            jobs.map((j) => j.data),
            { outDir, renderer: options.renderer ?? {}, signal },
          );
          return jobs.map((job, i) => {
            const outcome = outcomes[i]!;
            if (outcome instanceof Error) {
              summary.render.failed++;
              log.warn("render job failed", {
                job: job.id,
                worker,
                page: job.data.page,
                error: outcome.message,
              });
              return { id: job.id, status: "failed" as const, output: { message: outcome.message } };
            }
            summary.render.done++;
            log.info("render job done", { job: job.id, worker, page: job.data.page });
            return { id: job.id, status: "completed" as const, output: outcome };
          });
        },
      );
    }
    log.info("worker started", { worker, stages: options.stages.join(",") });
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener("abort", () => resolve(), { once: true });
    });
    log.info("worker stopping: finishing the jobs under way", { worker });
  } finally {
    // Graceful: jobs under way finish (up to 30 s), the rest are left for other workers.
    await boss.stop({ graceful: true, timeout: 30_000 });
    await reader.close();
  }
  return summary;
}
