import { randomUUID } from "node:crypto";
import { type StoreDb } from "@touming/store";
import { sql } from "kysely";
import type { PgBoss } from "pg-boss";
import { DEAD_LETTER_QUEUE, type JobData, QUEUE_OF, type WorkerStage } from "./job-queues.js";

/** A job's end as pg-boss recorded it: `completed` with its output, or `failed` (after its retries) with its error. */
export interface SettledJob {
  id: string;
  state: "completed" | "failed" | "cancelled";
  output: unknown;
}

/**
 * Enqueues jobs of one stage, each with an id of ours, returned in the same order. Workers take
 * them in that order (pg-boss fetches by priority, then creation time, which one insert shares: the
 * priority counts down along the list).
 */
export async function enqueue<S extends WorkerStage>(
  boss: PgBoss,
  stage: S,
  jobs: readonly JobData[S][],
): Promise<string[]> {
  const ids = jobs.map(() => randomUUID());
  for (let i = 0; i < jobs.length; i += 1000)
    await boss.insert(
      QUEUE_OF[stage],
      jobs
        .slice(i, i + 1000)
        .map((data, j) => ({ id: ids[i + j]!, data: data as object, priority: jobs.length - (i + j) })),
    );
  return ids;
}

/**
 * Waits until every job is settled, calling `settled` once for each as it ends (in no fixed
 * order), checking every `pollMs`. Stops waiting when `signal` aborts (the jobs go on in the workers).
 * Reads pg-boss's own job table, by id, through the store's connection.
 */
export async function waitForJobs(
  db: StoreDb,
  stage: WorkerStage,
  ids: readonly string[],
  options: { signal: AbortSignal; pollMs?: number; settled?: (job: SettledJob) => Promise<void> },
): Promise<SettledJob[]> {
  const open = new Set(ids);
  const ended: SettledJob[] = [];
  while (open.size > 0 && !options.signal.aborted) {
    const batch = [...open].slice(0, 5000);
    const { rows } = await sql<SettledJob>`
      select id::text as id, state::text as state, output from pgboss.job
      where name = ${QUEUE_OF[stage]} and id = any(${batch}::uuid[])
        and state in ('completed', 'failed', 'cancelled')`.execute(db);
    for (const row of rows) {
      if (!open.delete(row.id)) continue;
      ended.push(row);
      await options.settled?.(row);
    }
    if (open.size > 0 && rows.length === 0)
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
  }
  return ended;
}

/** A job that failed its last attempt: its queue, its data and the error it failed with. */
export interface DeadLetter {
  id: string;
  queue: string;
  data: unknown;
  error: string;
  failedAt: string;
}

/** The dead-lettered jobs, newest first (at most `limit`): what `touming status` shows. */
export async function deadLetters(db: StoreDb, limit = 20): Promise<{ total: number; latest: DeadLetter[] }> {
  if (!(await hasJobQueues(db))) return { total: 0, latest: [] };
  const { rows } = await sql<{
    id: string;
    source: string | null;
    data: unknown;
    output: unknown;
    at: Date;
    total: number;
  }>`
    select id::text as id, source_name as source, data, coalesce(source_output, output) as output,
      created_on as at, count(*) over ()::int as total
    from pgboss.job where name = ${DEAD_LETTER_QUEUE}
    order by created_on desc limit ${limit}`.execute(db);
  return {
    total: rows[0]?.total ?? 0,
    latest: rows.map((r) => ({
      id: r.id,
      queue: r.source ?? "?",
      data: r.data,
      error: errorOf(r.output),
      failedAt: new Date(r.at).toISOString(),
    })),
  };
}

/** pg-boss keeps a failed job's error as its output: `{ message, stack }` (or what the handler returned). */
function errorOf(output: unknown): string {
  if (output && typeof output === "object" && "message" in output) return String(output.message);
  return JSON.stringify(output ?? null);
}

/** Whether pg-boss's schema exists in this database (it does once a worker or coordinator ran). */
export async function hasJobQueues(db: StoreDb): Promise<boolean> {
  const { rows } = await sql<{
    present: boolean;
  }>`select to_regclass('pgboss.job') is not null as present`.execute(db);
  return rows[0]?.present === true;
}
