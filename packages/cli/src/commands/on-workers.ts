import { listAgencies } from "@touming/store";
import type { Coordinator, StageOnWorkers } from "@touming/workers";
import type { RunContext } from "../stage-run.js";

/**
 * What `run --via-workers` and `schedule --via-workers` share: the coordinator of one logged run,
 * and the crawl and extraction as jobs for `touming worker` processes.
 */

/** Runs `work` with a coordinator on the run's store (the jobs' queues), closed after. */
export async function withCoordinator<T>(
  run: RunContext,
  databaseUrl: string,
  work: (coordinator: Coordinator) => Promise<T>,
): Promise<T> {
  const { Coordinator } = await import("@touming/workers");
  const coordinator = await Coordinator.open({
    store: run.store,
    databaseUrl,
    log: run.log,
    signal: run.signal,
  });
  try {
    return await work(coordinator);
  } finally {
    await coordinator.close();
  }
}

/**
 * One crawl job per agency (all, or `agencyIds`), then one extract job per document to extract,
 * each stage waited for; the run log keeps each stage's jobs and their summaries added up.
 */
export async function crawlAndExtractOnWorkers(
  run: RunContext,
  coordinator: Coordinator,
  agencyIds?: readonly string[],
): Promise<{ crawled: StageOnWorkers; extracted: StageOnWorkers }> {
  const agencies = (await listAgencies(run.store.db))
    .map((a) => a.id)
    .filter((id) => !agencyIds?.length || agencyIds.includes(id));
  const crawled = await coordinator.crawl(agencies);
  run.record({ jobs: crawled.jobs, failedJobs: crawled.failed, ...crawled.totals }, "crawl");
  const extracted = await coordinator.extract();
  run.record({ jobs: extracted.jobs, failedJobs: extracted.failed, ...extracted.totals }, "extract");
  return { crawled, extracted };
}
