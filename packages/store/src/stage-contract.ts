import type { Clock } from "./clock.js";
import type { Store } from "./open-store.js";

/**
 * The one shape every stage (crawl, extract, grade, publish) has: it takes a context and its own
 * options and returns a flat summary, which the run log records as it is, plus whatever richer
 * detail its command prints. A stage can run alone; stages talk to each other only through the store.
 */

/** How far a stage has come; `total` is null while it is not known yet (a crawl finds its work as it goes). */
export interface StageProgress {
  done: number;
  total: number | null;
  /** What is being worked on (an agency id, a document URL), for a progress line. */
  item?: string;
}

/** Where a stage says what happened; the CLI writes it as JSON lines or to a terminal. */
export interface StageLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface StageContext {
  store: Store;
  clock: Clock;
  /** Aborted on SIGINT/SIGTERM: finish the current item, then return what was done. */
  signal: AbortSignal;
  /** The `runs` row this stage records itself under (null outside a logged run, e.g. in a library call). */
  runId: number | null;
  onProgress?: (progress: StageProgress) => void;
  log?: StageLog;
}

export type SummaryValue = number | string | boolean | null;
/** What the run log keeps of a stage: flat names and values, nothing nested. */
export type StageSummary = Readonly<Record<string, SummaryValue>>;

export interface StageOutcome<S extends StageSummary, D = undefined> {
  summary: S;
  /** What the stage's command prints beyond the summary (per-agency rows, paths). */
  details: D;
}

export interface Stage<O, S extends StageSummary, D = undefined> {
  readonly name: string;
  run(ctx: StageContext, options: O): Promise<StageOutcome<S, D>>;
}
