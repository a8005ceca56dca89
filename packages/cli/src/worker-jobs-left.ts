import type { Store } from "@touming/store";
import type { UnsettledJobs, WorkerStage } from "@touming/workers";
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
  const jobs = await unsettledJobs(store.db, stages);
  const left: Partial<Record<WorkerStage, UnsettledJobs>> = {};
  for (const stage of stages) if (jobs[stage].queued + jobs[stage].running > 0) left[stage] = jobs[stage];
  if (Object.keys(left).length === 0) return;
  throw new Error(
    `${describeUnsettled(left)}, left by a run on workers: run with --via-workers (it cancels the queued jobs and waits for the running ones), or let the workers finish them first`,
  );
}
