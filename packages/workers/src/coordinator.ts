import { type PdfPrinter, pagePathIn } from "@touming/publish";
import { type StageLog, type Store, documentsToExtract } from "@touming/store";
import { EXTRACTOR_VERSION } from "@touming/extract";
import type { PgBoss } from "pg-boss";
import { type JobQueueOptions, openJobQueues } from "./job-queues.js";
import type { RenderJob, WorkerStage } from "./job-queues.js";
import { type SettledJob, enqueue, waitForJobs } from "./job-tracking.js";
import { cancelQueuedJobs, unsettledJobs } from "./leftover-jobs.js";

/** What a stage's jobs came to: how many were enqueued, done and failed (dead-lettered after their retries). */
export interface StageOnWorkers {
  jobs: number;
  done: number;
  failed: number;
  /** The stage summaries of the completed jobs, added up (a crawl's `new`, `changed`…; an extraction's `reports`…). */
  totals: Record<string, number>;
}

/**
 * The scheduler's side of the workers: it enqueues each stage's jobs, waits for them, and goes on
 * to the next stage; grading and publishing's HTML stay with it (one process), PDFs go to render
 * workers through `pdfPrinter`. One per run; close it after.
 */
export class Coordinator {
  private constructor(
    private readonly boss: PgBoss,
    private readonly store: Store,
    private readonly log: StageLog,
    private readonly signal: AbortSignal,
  ) {}

  /** How often leftover running jobs are looked at again (ms). */
  private readonly pollMs = 500;

  static async open(options: {
    store: Store;
    databaseUrl: string;
    log: StageLog;
    signal: AbortSignal;
    queues?: JobQueueOptions;
  }) {
    const boss = await openJobQueues(options.databaseUrl, options.queues);
    return new Coordinator(boss, options.store, options.log, options.signal);
  }

  /** One crawl job per agency; returns when all are settled. */
  async crawl(agencyIds: readonly string[]): Promise<StageOnWorkers> {
    return this.runJobs(
      "crawl",
      agencyIds.map((agencyId) => ({ agencyId })),
    );
  }

  /** One extract job per document that needs extracting; returns when all are settled. */
  async extract(): Promise<StageOnWorkers> {
    const ids: number[] = [];
    for (let afterId = 0; ;) {
      const page = await documentsToExtract(this.store.db, {
        extractorVersion: EXTRACTOR_VERSION,
        afterId,
        limit: 1000,
      });
      if (page.length === 0) break;
      ids.push(...page.map((d) => d.id));
      afterId = page.at(-1)!.id;
    }
    return this.runJobs(
      "extract",
      ids.map((documentId) => ({ documentId })),
    );
  }

  /**
   * Publish's PDFs printed by render workers: one job per page, and each PDF recorded as its job
   * completes. A page whose job failed its last attempt fails the publish, naming the page, after
   * every other page was recorded.
   */
  readonly pdfPrinter: PdfPrinter = async (jobs, context, printed) => {
    const renderJobs = jobs.map((job): RenderJob => ({
      page: pagePathIn(context.outDir, job.file),
      header: job.header,
      generatedOn: context.generatedOn,
      kind: job.kind,
      agencyId: job.agencyId,
      year: job.year,
    }));
    // Stopped while an earlier run's jobs still ran: nothing is enqueued beside them.
    if (!(await this.settleLeftovers("render", context.signal))) return;
    const ids = await enqueue(this.boss, "render", renderJobs);
    const jobOf = new Map(ids.map((id, i) => [id, jobs[i]!]));
    this.log.info("render jobs enqueued", { jobs: ids.length });
    const failed: string[] = [];
    await waitForJobs(this.store.db, "render", ids, {
      signal: context.signal,
      settled: async (settled) => {
        const job = jobOf.get(settled.id)!;
        if (settled.state === "completed")
          await printed(job, settled.output as Parameters<typeof printed>[1]);
        else failed.push(`${pagePathIn(context.outDir, job.file)}: ${messageOf(settled)}`);
      },
    });
    if (failed.length > 0)
      throw new Error(
        `${failed.length} PDF(s) not printed by the render workers: ${failed.slice(0, 3).join("; ")}`,
      );
  };

  private async runJobs<S extends WorkerStage>(
    stage: S,
    data: Parameters<typeof enqueue<S>>[2],
  ): Promise<StageOnWorkers> {
    const outcome: StageOnWorkers = { jobs: 0, done: 0, failed: 0, totals: {} };
    // Stopped while an earlier run's jobs still ran: nothing is enqueued beside them.
    if (!(await this.settleLeftovers(stage, this.signal))) return outcome;
    const ids = await enqueue(this.boss, stage, data);
    this.log.info(`${stage} jobs enqueued`, { jobs: ids.length });
    outcome.jobs = ids.length;
    await waitForJobs(this.store.db, stage, ids, {
      signal: this.signal,
      settled: async (job) => {
        if (job.state === "completed") {
          outcome.done++;
          for (const [key, value] of Object.entries((job.output ?? {}) as Record<string, unknown>))
            if (typeof value === "number") outcome.totals[key] = (outcome.totals[key] ?? 0) + value;
        } else {
          outcome.failed++;
          this.log.warn(`${stage} job failed its last attempt`, { job: job.id, error: messageOf(job) });
        }
      },
    });
    return outcome;
  }

  /**
   * The jobs of `stage` an earlier run left (its coordinator was killed or stopped): those still
   * queued are cancelled, those running are waited for, so that no agency is crawled, no document
   * extracted and no page printed by two jobs at once. This run holds the stage's lock, so no other
   * run enqueues meanwhile; a running job that fails is queued for its retry, and cancelled then.
   * False when `signal` stopped the wait first (the run must then enqueue nothing).
   */
  private async settleLeftovers(stage: WorkerStage, signal: AbortSignal): Promise<boolean> {
    let told = false;
    while (!signal.aborted) {
      const cancelled = await cancelQueuedJobs(this.store.db, stage);
      if (cancelled > 0)
        this.log.warn(`${stage} jobs an earlier run left queued were cancelled`, { jobs: cancelled });
      const { running } = (await unsettledJobs(this.store.db, [stage]))[stage];
      if (running === 0) return true;
      if (!told) this.log.info(`waiting for ${stage} jobs an earlier run left running`, { jobs: running });
      told = true;
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
    return false;
  }

  close(): Promise<void> {
    return this.boss.stop({ graceful: false, timeout: 5_000 });
  }
}

function messageOf(job: SettledJob): string {
  const output = job.output as { message?: unknown } | null;
  return output && typeof output === "object" && "message" in output ? String(output.message) : job.state;
}
