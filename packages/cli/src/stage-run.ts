import {
  type RunCounters,
  type Store,
  acquireStageLock,
  finishRun,
  markDeadRunsInterrupted,
  openStore,
  startRun,
} from "@touming/store";
import type { CommandIO } from "./io.js";
import { type Logger, createLogger } from "./log.js";

export interface GlobalOptions {
  dataDir: string;
  db?: string;
}

export interface StageContext {
  store: Store;
  runId: number;
  log: Logger;
  io: CommandIO;
  /** Add to what the run log keeps for this run. */
  counters: RunCounters;
  /** Aborted on SIGINT/SIGTERM: finish the current item, then return. */
  signal: AbortSignal;
}

/**
 * Runs one command as a logged run: opens (and migrates) the store, records a `runs` row,
 * takes the stage lock when the stage must not run twice, and records the outcome.
 * Errors propagate after being recorded, so the caller prints the one-line reason.
 */
export async function runStage<T>(
  options: GlobalOptions,
  io: CommandIO,
  stage: string,
  settings: { exclusive: boolean },
  body: (ctx: StageContext) => Promise<T>,
): Promise<T> {
  const store = await openStore({ dataDir: options.dataDir, ...(options.db ? { dbFile: options.db } : {}) });
  const clock = () => io.now();
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await markDeadRunsInterrupted(store.db, clock);
    const runId = await startRun(store.db, stage, clock);
    const ctx: StageContext = {
      store,
      runId,
      log: createLogger(io, stage),
      io,
      counters: {},
      signal: abort.signal,
    };
    let release: (() => Promise<void>) | undefined;
    try {
      if (settings.exclusive) release = (await acquireStageLock(store.db, stage, { runId, clock })).release;
      const result = await body(ctx);
      ctx.log.done();
      await finishRun(
        store.db,
        runId,
        abort.signal.aborted
          ? { status: "interrupted", counters: ctx.counters, error: "stopped by a signal" }
          : { status: "ok", counters: ctx.counters },
        clock,
      );
      return result;
    } catch (error) {
      ctx.log.done();
      // Recording the failure can fail for the reason the stage did (a full disk): the stage's own
      // error is what the user must see, and the next run marks this one interrupted.
      await finishRun(
        store.db,
        runId,
        { status: "failed", counters: ctx.counters, error: oneLine(error) },
        clock,
      ).catch(() => {});
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

/** The first line of an error's message: what the user sees and what the run log keeps. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]?.trim() || "unknown error";
}
