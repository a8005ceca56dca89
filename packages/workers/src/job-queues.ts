import { PgBoss } from "pg-boss";

/** The stages a worker can take jobs of (`touming worker --stages crawl,extract,render`). */
export const WORKER_STAGES = ["crawl", "extract", "render"] as const;
export type WorkerStage = (typeof WORKER_STAGES)[number];

/** pg-boss queue of each stage's jobs, and where a job goes after its last retry fails. */
export const QUEUE_OF: Readonly<Record<WorkerStage, string>> = {
  crawl: "touming-crawl",
  extract: "touming-extract",
  render: "touming-render",
};
export const DEAD_LETTER_QUEUE = "touming-dead";

/** One agency's crawl. */
export interface CrawlJob {
  agencyId: string;
}
/** One document's extraction. */
export interface ExtractJob {
  documentId: number;
}
/** One page's PDF: the page relative to the shared output directory, and how the PDF is recorded. */
export interface RenderJob {
  page: string;
  header: string;
  generatedOn: string;
  kind: string;
  agencyId: string | null;
  year: number | null;
}
export interface JobData {
  crawl: CrawlJob;
  extract: ExtractJob;
  render: RenderJob;
}

/**
 * How jobs are kept: retried three times with exponential back-off (from 5 s, at most 5 min), then
 * dead-lettered with their error. A worker's handler sends a heartbeat every few seconds; a worker
 * killed mid-job stops sending it, and its job is retried elsewhere once 15 s pass without one.
 */
const QUEUE_SETTINGS = {
  retryLimit: 3,
  retryDelay: 5,
  retryBackoff: true,
  retryDelayMax: 300,
  heartbeatSeconds: 15,
  deadLetter: DEAD_LETTER_QUEUE,
};
/** A job longer than this is failed (and retried): a crawl of one agency is bounded by its own budgets. */
const EXPIRE_SECONDS: Readonly<Record<WorkerStage, number>> = { crawl: 3600, extract: 900, render: 900 };

export interface JobQueueOptions {
  /** Seconds between pg-boss's supervision passes (expired and silent jobs). Default 5. */
  superviseSeconds?: number;
  /**
   * Attempts after the first and the first back-off in seconds, for queues this call creates (a
   * queue keeps the settings it was created with). Default 3 and 5.
   */
  retries?: { limit: number; delaySeconds: number };
}

/**
 * The queues in the store's PostgreSQL database (pg-boss, schema `pgboss`): opened by workers and
 * by the coordinator alike, each creating the queues if missing (idempotent).
 */
export async function openJobQueues(databaseUrl: string, options: JobQueueOptions = {}): Promise<PgBoss> {
  const superviseSeconds = options.superviseSeconds ?? 5;
  const boss = new PgBoss({
    connectionString: databaseUrl,
    application_name: "touming-jobs",
    max: 4,
    superviseIntervalSeconds: superviseSeconds,
    monitorIntervalSeconds: superviseSeconds,
    // The ready counts a worker's burst mode reads are this fresh.
    queueCacheIntervalSeconds: superviseSeconds,
  });
  // pg-boss reports background failures (a lost connection while polling) as events: they are
  // retried by pg-boss itself; unheard, the event would end the process.
  boss.on("error", () => {});
  await boss.start();
  await boss.createQueue(DEAD_LETTER_QUEUE, { retentionSeconds: 30 * 24 * 3600 });
  const retries = options.retries
    ? { retryLimit: options.retries.limit, retryDelay: options.retries.delaySeconds }
    : {};
  for (const stage of WORKER_STAGES)
    await boss.createQueue(QUEUE_OF[stage], {
      ...QUEUE_SETTINGS,
      ...retries,
      expireInSeconds: EXPIRE_SECONDS[stage],
    });
  return boss;
}
