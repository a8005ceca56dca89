import { type Clock, type StageContext, type StageProgress, type Store, systemClock } from "@touming/store";

/** One line a stage logged. */
export interface LogEvent {
  level: "info" | "warn";
  message: string;
  fields: Record<string, unknown>;
}

export interface TestStageContextOptions {
  /** Default the system clock. */
  clock?: Clock;
  /** Called with each progress report and the context's abort controller (to stop a run midway). */
  onProgress?: (progress: StageProgress, abort: AbortController) => void;
}

/** A stage context and what the stage reported through it. */
export interface TestStageContext {
  ctx: StageContext;
  /** Everything the stage logged, in order. */
  events: LogEvent[];
  /** Every progress report, in order. */
  progress: StageProgress[];
  /** Aborts `ctx.signal`: the stage stops as when the command gets a signal. */
  abort: AbortController;
}

/**
 * A stage context outside a logged run, as a library caller makes one (no run id): it collects what
 * the stage logs and each progress report.
 */
export function testStageContext(store: Store, options: TestStageContextOptions = {}): TestStageContext {
  const abort = new AbortController();
  const events: LogEvent[] = [];
  const progress: StageProgress[] = [];
  const ctx: StageContext = {
    store,
    clock: options.clock ?? systemClock,
    signal: abort.signal,
    runId: null,
    onProgress: (p) => {
      progress.push(p);
      options.onProgress?.(p, abort);
    },
    log: {
      info: (message, fields = {}) => events.push({ level: "info", message, fields }),
      warn: (message, fields = {}) => events.push({ level: "warn", message, fields }),
    },
  };
  return { ctx, events, progress, abort };
}
