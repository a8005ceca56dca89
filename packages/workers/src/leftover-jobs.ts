import type { StoreDb } from "@touming/store";
import { sql } from "kysely";
import { QUEUE_OF, WORKER_STAGES, type WorkerStage } from "./job-queues.js";
import { hasJobQueues } from "./job-tracking.js";

/** A stage's jobs not settled yet: queued (waiting, or waiting to be retried) and running. */
export interface UnsettledJobs {
  queued: number;
  running: number;
}

/** The unsettled jobs of each stage (all zero before any worker or coordinator made the queues). */
export async function unsettledJobs(
  db: StoreDb,
  stages: readonly WorkerStage[] = WORKER_STAGES,
): Promise<Record<WorkerStage, UnsettledJobs>> {
  const out = Object.fromEntries(WORKER_STAGES.map((s) => [s, { queued: 0, running: 0 }])) as Record<
    WorkerStage,
    UnsettledJobs
  >;
  if (stages.length === 0 || !(await hasJobQueues(db))) return out;
  const stageOf = new Map(stages.map((s) => [QUEUE_OF[s], s]));
  const { rows } = await sql<{ name: string; state: string; n: number }>`
    select name, state::text as state, count(*)::int as n from pgboss.job
    where name = any(${[...stageOf.keys()]}::text[]) and state in ('created', 'retry', 'active')
    group by name, state`.execute(db);
  for (const row of rows) {
    const counts = out[stageOf.get(row.name)!];
    if (row.state === "active") counts.running += row.n;
    else counts.queued += row.n;
  }
  return out;
}

/**
 * Cancels the jobs of a stage that are queued (waiting, or waiting to be retried), never one a worker
 * has started: one statement, so a job a worker takes meanwhile is left to it (pg-boss's own
 * `cancel` would cancel a running job too, which its worker would go on running). Returns how many.
 */
export async function cancelQueuedJobs(db: StoreDb, stage: WorkerStage): Promise<number> {
  const { rows } = await sql<{ id: string }>`
    update pgboss.job set state = 'cancelled', completed_on = now()
    where name = ${QUEUE_OF[stage]} and state in ('created', 'retry')
    returning id::text as id`.execute(db);
  return rows.length;
}

/** The jobs of the given stages not settled, in words: "3 crawl jobs queued, 1 running". */
export function describeUnsettled(jobs: Partial<Record<WorkerStage, UnsettledJobs>>): string {
  const parts: string[] = [];
  for (const [stage, { queued, running }] of Object.entries(jobs)) {
    if (queued > 0) parts.push(`${queued} ${stage} job${queued === 1 ? "" : "s"} queued`);
    if (running > 0) parts.push(`${running} ${stage} job${running === 1 ? "" : "s"} running`);
  }
  return parts.join(", ");
}
