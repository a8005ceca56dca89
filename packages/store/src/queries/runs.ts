import type { Kysely } from "kysely";
import { type Clock, stamp, systemClock } from "../clock.js";
import { currentProcess, isProcessAlive } from "../process-identity.js";
import type { Database, RunRow, RunStatus } from "../schema.js";
import type { SummaryValue } from "../stage-contract.js";

/**
 * What the run log keeps of a run: a stage's summary as it is (numbers, strings, booleans, null),
 * flat, each name once. Any `StageSummary` is one.
 */
export type RunCounters = Record<string, SummaryValue>;

export interface Run {
  id: number;
  stage: string;
  startedAt: string;
  endedAt: string | null;
  status: RunStatus;
  counters: RunCounters;
  error: string | null;
  pid: number;
  host: string;
}

function runFromRow(row: RunRow): Run {
  return {
    id: row.id,
    stage: row.stage,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    status: row.status,
    counters: JSON.parse(row.counters) as RunCounters,
    error: row.error,
    pid: row.pid,
    host: row.host,
  };
}

/** Opens a run-log row for a stage (status `running`); returns its id. */
export async function startRun(
  db: Kysely<Database>,
  stage: string,
  clock: Clock = systemClock,
): Promise<number> {
  const me = currentProcess();
  const row = await db
    .insertInto("runs")
    .values({
      stage,
      started_at: stamp(clock),
      status: "running",
      counters: "{}",
      pid: me.pid,
      host: me.host,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishRun(
  db: Kysely<Database>,
  runId: number,
  outcome: { status: Exclude<RunStatus, "running">; counters?: RunCounters; error?: string | null },
  clock: Clock = systemClock,
): Promise<void> {
  await db
    .updateTable("runs")
    .set({
      status: outcome.status,
      ended_at: stamp(clock),
      counters: JSON.stringify(outcome.counters ?? {}),
      error: outcome.error ?? null,
    })
    .where("id", "=", runId)
    .execute();
}

/** Marks `running` rows whose process died (a kill, a crash, a power cut) as `interrupted`. */
export async function markDeadRunsInterrupted(
  db: Kysely<Database>,
  clock: Clock = systemClock,
): Promise<number> {
  const running = await db.selectFrom("runs").selectAll().where("status", "=", "running").execute();
  const dead = running.filter((r) => !isProcessAlive({ pid: r.pid, host: r.host }));
  for (const run of dead) {
    await db
      .updateTable("runs")
      .set({
        status: "interrupted",
        ended_at: stamp(clock),
        error: "the process ended before the run finished",
      })
      .where("id", "=", run.id)
      .where("status", "=", "running")
      .execute();
  }
  return dead.length;
}

/** The most recent run of each stage, ordered by stage name. */
export async function lastRunPerStage(db: Kysely<Database>): Promise<Run[]> {
  const latest = db
    .selectFrom("runs")
    .select((eb) => eb.fn.max("id").as("id"))
    .groupBy("stage");
  const rows = await db.selectFrom("runs").selectAll().where("id", "in", latest).orderBy("stage").execute();
  return rows.map(runFromRow);
}

export async function getRun(db: Kysely<Database>, id: number): Promise<Run | undefined> {
  const row = await db.selectFrom("runs").selectAll().where("id", "=", id).executeTakeFirst();
  return row && runFromRow(row);
}

/** The newest run of a stage that ended ok. */
export async function lastSuccessfulRun(db: Kysely<Database>, stage: string): Promise<Run | undefined> {
  const row = await db
    .selectFrom("runs")
    .selectAll()
    .where("stage", "=", stage)
    .where("status", "=", "ok")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row && runFromRow(row);
}
