import {
  type RunCounters,
  type Stage,
  type StageContext,
  type StageOutcome,
  type StageSummary,
  type Store,
  type StoreOptions,
  finishRun,
  markDeadRunsInterrupted,
  openStore,
  startRun,
} from "@touming/store";
import { redactSecrets } from "@touming/crawler";
import type { CommandIO } from "./io.js";
import type { Settings } from "./settings.js";
import { type Logger, createLogger } from "./log.js";
import { type StageLockName, acquireRunLocks } from "./run-locks.js";
import { StoppedBySignal } from "./stopped-by-signal.js";
import { refuseBesideWorkerJobs } from "./worker-jobs-left.js";

export interface GlobalOptions {
  dataDir: string;
  db?: string;
  /** `--database-url`: PostgreSQL instead of the SQLite file (else TOUMING_DATABASE_URL). */
  databaseUrl?: string;
  /** The process's TOUMING_* settings: the database URL and blob store when no option names them. */
  settings?: Settings;
}

/** What `openStore` gets from the global options and the settings: the one place a command's store is chosen. */
export function storeOptionsOf(options: GlobalOptions): StoreOptions {
  const databaseUrl = options.databaseUrl ?? options.settings?.get("databaseUrl") ?? undefined;
  const blobDir = options.settings?.get("blobDir");
  return {
    dataDir: options.dataDir,
    ...(options.db ? { dbFile: options.db } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(options.settings ? { blobStore: options.settings.get("blobStore") } : {}),
    ...(blobDir ? { blobDir } : {}),
  };
}

/** The PostgreSQL URL the jobs are in; a worker (or the coordinator) has no queue without it. */
export function queueDatabaseUrl(globals: GlobalOptions, what: string): string {
  const url = storeOptionsOf(globals).databaseUrl;
  if (!url)
    throw new Error(
      `${what} needs the PostgreSQL store its jobs are queued in: give --database-url or set TOUMING_DATABASE_URL`,
    );
  return url;
}

/** One command running as a logged run: its store, its `runs` row, its logger. */
export interface RunContext {
  /** The run log's name for this run (`crawl`, `run`, `nightly`, …). */
  name: string;
  store: Store;
  runId: number;
  log: Logger;
  io: CommandIO;
  /** Aborted on SIGINT/SIGTERM: finish the current item, then return. */
  signal: AbortSignal;
  /**
   * Adds figures to what the run log keeps for this run, each name after `prefix.` when one is
   * given. Stages' summaries come here through `runStageIn` only.
   */
  record(summary: StageSummary, prefix?: string): void;
}

/** Adds a summary to the run log's counters as it is (numbers, strings, booleans, null). */
function addCounters(counters: RunCounters, summary: StageSummary, prefix: string | undefined): void {
  for (const [key, value] of Object.entries(summary)) counters[prefix ? `${prefix}.${key}` : key] = value;
}

/**
 * Runs one stage inside a logged run, the same way for every stage: its context (the run's store
 * and signal, the clock of the command's I/O, progress to the run's logger: a redrawn line on a
 * terminal, JSON lines elsewhere), then its summary into the run log. A run made of one stage of
 * the same name records the summary as it is; a run of several (`run`, `nightly`) records each
 * under its stage's name (`crawl.new`, `extract.failed`, …).
 */
export async function runStageIn<O, S extends StageSummary, D>(
  run: RunContext,
  stage: Stage<O, S, D>,
  options: O,
): Promise<StageOutcome<S, D>> {
  const ctx: StageContext = {
    store: run.store,
    clock: () => run.io.now(),
    signal: run.signal,
    runId: run.runId,
    onProgress: ({ done, total }) => run.log.progress(done, total),
    log: run.log,
  };
  try {
    const outcome = await stage.run(ctx, options);
    run.record(outcome.summary, stage.name === run.name ? undefined : stage.name);
    return outcome;
  } finally {
    run.log.done();
  }
}

// In a module of its own so that program.ts can tell it apart without loading the store.
export { StoppedBySignal };

/**
 * Runs one command as a logged run: opens (and migrates) the store, records a `runs` row, takes
 * the locks of the stages it runs (`locks`: none for a command that runs no stage), refuses to run
 * them here while jobs of theirs left by a run on workers are unsettled (unless `onWorkers`), and records
 * the outcome with what the command recorded (`RunContext.record`). Errors propagate after being
 * recorded, so the caller prints the one-line reason.
 */
export async function runCommand<T>(
  options: GlobalOptions,
  io: CommandIO,
  name: string,
  settings: {
    locks: readonly StageLockName[];
    /** The stages run as jobs on workers (`--via-workers`): jobs an earlier run left are taken over, not refused. */
    onWorkers?: boolean;
  },
  body: (run: RunContext) => Promise<T>,
): Promise<T> {
  const clock = () => io.now();
  const abort = new AbortController();
  let stoppedBy: "SIGINT" | "SIGTERM" = "SIGTERM";
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) process.exit(signal === "SIGINT" ? 130 : 143);
    stoppedBy = signal === "SIGINT" ? "SIGINT" : "SIGTERM";
    abort.abort();
  };
  // Before the store opens: a signal during its migration stops the command once it is open.
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore(storeOptionsOf(options));
  } catch (error) {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    throw error;
  }
  try {
    await markDeadRunsInterrupted(store.db, clock);
    const runId = await startRun(store.db, name, clock);
    const counters: RunCounters = {};
    const run: RunContext = {
      name,
      store,
      runId,
      log: createLogger(io, name),
      io,
      signal: abort.signal,
      record: (summary, prefix) => addCounters(counters, summary, prefix),
    };
    let release: (() => Promise<void>) | undefined;
    try {
      release = await acquireRunLocks(store, settings.locks, { runId, clock });
      if (!settings.onWorkers) await refuseBesideWorkerJobs(store, settings.locks);
      const result = await body(run);
      run.log.done();
      await finishRun(
        store.db,
        runId,
        abort.signal.aborted
          ? { status: "interrupted", counters, error: "stopped by a signal" }
          : { status: "ok", counters },
        clock,
      );
      if (abort.signal.aborted) throw new StoppedBySignal(name, stoppedBy);
      return result;
    } catch (error) {
      if (error instanceof StoppedBySignal) throw error;
      run.log.done();
      // Recording the failure can fail for the reason the stage did (a full disk): the stage's own
      // error is what the user must see, and the next run marks this one interrupted.
      await finishRun(store.db, runId, { status: "failed", counters, error: oneLine(error) }, clock).catch(
        () => {},
      );
      await release?.().catch(() => {});
      release = undefined;
      throw error;
    } finally {
      await release?.();
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await store.close();
  }
}

/**
 * The first line of an error's message, secrets in URLs redacted: what the user sees and what the
 * run log keeps.
 */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return redactSecrets(message.split("\n")[0]?.trim() || "unknown error");
}
