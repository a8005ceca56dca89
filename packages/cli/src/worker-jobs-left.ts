import type { Store } from "@touming/store";
import type { WorkerStage } from "@touming/workers";
import type { StageLockName } from "./run-locks.js";

/** The worker stage whose jobs do what a stage does in one process. */
const WORKER_STAGE_OF: Partial<Record<StageLockName, WorkerStage>> = {
  crawl: "crawl",
  extract: "extract",
  publish: "render",
};

/**
 * Refuses to run stages in this process while jobs of the same stages, left by a run on workers (its
 * coordinator killed or stopped), are queued or running: both would crawl one agency, extract one
 * document or print one page at once. A run on workers takes them over instead (the coordinator
 * cancels the queued ones and waits for the running ones). Only a PostgreSQL store has job queues.
 */
export async function refuseBesideWorkerJobs(
  store: Pick<Store, "db" | "dialect">,
  locks: readonly StageLockName[],
): Promise<void> {
  if (store.dialect.name !== "postgres") return;
  const stages = locks.flatMap((lock) => WORKER_STAGE_OF[lock] ?? []);
  if (stages.length === 0) return;
  const { describeUnsettled, unsettledJobs } = await import("@touming/workers");
  // Only these stages are counted (the others read as none), and only those with jobs are named.
  const left = describeUnsettled(await unsettledJobs(store.db, stages));
  if (left)
    throw new Error(
      `${left}, left by a run on workers: run with --via-workers (it cancels the queued jobs and waits for the running ones), or let the workers finish them first`,
    );
}
