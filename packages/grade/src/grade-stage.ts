import { availableParallelism } from "node:os";
import {
  type Agency,
  type Clock,
  type Stage,
  type StageContext,
  type Store,
  deleteGradesOfYears,
  listAgencies,
  reportYears,
  reportYearsOfAgencies,
  saveGrades,
} from "@touming/store";
import { deadlineFor } from "./deadline.js";
import type { AnyDimension } from "./dimension.js";
import { BUILT_IN_DIMENSIONS } from "./dimensions/index.js";
import {
  type AgencyBatch,
  type BatchOutcome,
  type BatchSetting,
  gradeBatch,
  monitored,
} from "./grade-batch.js";
import { GradeThreads } from "./grade-threads.js";
import type { Rubric } from "./rubric/rubric-schema.js";

export interface GradeStageOptions {
  rubric: Rubric;
  /** The dimensions the rubric was loaded with (default: the built-in six). */
  dimensions?: readonly AnyDimension[];
  /** Only this report year. */
  year?: number;
  /** Years graded before the newest report year (the monitoring window). Default 5: six years. */
  windowYears?: number;
  /**
   * Threads that grade batches of agencies while this one writes: default every core (up to 4),
   * none on a one-core machine; 0 grades on this thread. A run of one batch, or with dimensions
   * other than the built-in ones, grades on this thread.
   */
  threads?: number;
  /** Agencies graded together (read in a few queries). Default `GRADE_BATCH` (50). */
  batchSize?: number;
}

/**
 * What the run log keeps of a grade run: agency-years graded, those without a report, those whose
 * grade changed (and was written), and how many got each letter (`gradeA`, `gradeB`…).
 */
export type GradeStageSummary = {
  readonly graded: number;
  readonly missing: number;
  /** Years without a report shown not published (未发现), and those that could not be verified (无法核实). */
  readonly notFound: number;
  readonly unverifiable: number;
  readonly changed: number;
  /** Agency-years whose stored grades were withdrawn: outside the agency's monitoring window now. */
  readonly withdrawn: number;
  readonly [letterCount: `grade${string}`]: number;
};

/**
 * The agency-years to grade: the window of `windowYears` up to the newest report year, plus any year
 * with a report; of those, only the years inside the agency's own window (outside it: 未纳入监测, no
 * grade and no card, even where a report was found).
 */
export function yearsToGrade(
  all: readonly number[],
  own: readonly number[],
  agency: Agency,
  options: Pick<GradeStageOptions, "year" | "windowYears">,
  today: string,
): number[] {
  if (all.length === 0) return [];
  const newest = all.at(-1)!;
  const first = newest - (options.windowYears ?? 5);
  const years = new Set(own);
  for (let y = first; y <= newest; y++) {
    // A year whose deadline has not passed yet is not missing.
    if (deadlineFor(agency, y).date < today) years.add(y);
  }
  return [...years]
    .filter((y) => monitored(agency, y) && (options.year === undefined || y === options.year))
    .sort((a, b) => a - b);
}

/** What a grade run counted, as its command prints it: the summary before it is flattened for the run log. */
export interface GradeStageDetails {
  graded: number;
  missing: number;
  notFound: number;
  unverifiable: number;
  changed: number;
  /** Agency-years whose stored grades were withdrawn: outside the agency's monitoring window now. */
  withdrawn: number;
  /** Agency-years per letter, in the order the letters first came up. */
  byLetter: Record<string, number>;
}

/**
 * Agencies graded together. A batch's reports are in memory while it is graded (about 100 MB of
 * heap for 200 agencies with two reports each), once per thread: with 50, two threads grading 3,000
 * agencies peaked at 330 MB (640 MB with 200), as fast within the noise.
 */
const GRADE_BATCH = 50;

/** The threads a run grades on by default: every core (up to 4), none on a machine with one. */
function defaultThreads(): number {
  const cores = availableParallelism();
  return cores > 1 ? Math.min(cores, 4) : 0;
}

/**
 * A count option as given, or its default: a whole number of at least `least`. Anything else fails
 * the run at once naming the option (a batch size of 0 would never end the walk).
 */
function countOption(name: string, value: number | undefined, least: number, fallback: () => number): number {
  if (value === undefined) return fallback();
  if (!Number.isInteger(value) || value < least) {
    throw new Error(`grade: ${name} must be a whole number of at least ${least}, not ${String(value)}`);
  }
  return value;
}

/** Adds a graded batch to the run's counts, reporting each agency-year's progress. */
function countBatch(
  counts: GradeStageDetails,
  outcome: BatchOutcome,
  total: number,
  onGraded: ((done: number, total: number, agencyId: string) => void) | undefined,
): void {
  for (const item of outcome.graded) {
    counts.graded++;
    if (item.missing) counts.missing++;
    if (item.state === "not_found") counts.notFound++;
    if (item.state === "unverifiable") counts.unverifiable++;
    // 无法核实 is no grade: it is not counted among the letters.
    if (item.state !== "unverifiable") counts.byLetter[item.letter] = (counts.byLetter[item.letter] ?? 0) + 1;
    onGraded?.(counts.graded, total, item.agencyId);
  }
}

/**
 * Grades every agency-year in the window, a batch of agencies at a time, writing only changed
 * grades. With threads, the batches are graded on them (each reads the store on its own
 * connection) while this thread writes; outcomes are taken in batch order, so the counts, the
 * progress and the writes are the same as on one thread.
 */
async function gradeAll(
  store: Store,
  clock: Clock,
  options: GradeStageOptions,
  signal: AbortSignal | undefined,
  onGraded: ((done: number, total: number, agencyId: string) => void) | undefined,
): Promise<GradeStageDetails> {
  const { db } = store;
  const { rubric, dimensions = BUILT_IN_DIMENSIONS } = options;
  const size = countOption("batchSize", options.batchSize, 1, () => GRADE_BATCH);
  const threadOption = countOption("threads", options.threads, 0, defaultThreads);
  const today = clock().toISOString().slice(0, 10);
  const agencies = await listAgencies(db);
  const plainSetting: Omit<BatchSetting, "dimensions"> = {
    rubric,
    ...(options.year !== undefined ? { year: options.year } : {}),
    agencyNames: new Map(agencies.map((a) => [a.id, a.name])),
  };
  const setting: BatchSetting = { ...plainSetting, dimensions };
  const all = await reportYears(db);
  const batches: AgencyBatch[] = [];
  let total = 0;
  for (let i = 0; i < agencies.length; i += size) {
    const batch = agencies.slice(i, i + size);
    const own = await reportYearsOfAgencies(
      db,
      batch.map((a) => a.id),
    );
    const years = new Map(
      batch.map((a) => [a.id, yearsToGrade(all, own.get(a.id) ?? [], a, options, today)]),
    );
    for (const ys of years.values()) total += ys.length;
    batches.push({ agencies: batch, years });
  }
  const counts: GradeStageDetails = {
    graded: 0,
    missing: 0,
    notFound: 0,
    unverifiable: 0,
    changed: 0,
    withdrawn: 0,
    byLetter: {},
  };
  // Threads take only the built-in dimensions (a dimension is code, which cannot be posted to one).
  const threadCount = dimensions === BUILT_IN_DIMENSIONS ? threadOption : 0;
  const threads =
    threadCount > 0 && batches.length > 1
      ? new GradeThreads(Math.min(threadCount, batches.length), {
          // Each batch reads with four queries at once: a pool of four per thread is enough.
          store: { ...store.reopen, maxConnections: 4 },
          setting: plainSetting,
        })
      : null;
  const grade = threads
    ? (b: AgencyBatch) => threads.grade(b)
    : (b: AgencyBatch) => gradeBatch(db, b, setting);
  // Batches under way: one on this thread; on threads, two per thread, so none waits for the writes.
  const ahead = threads ? threads.size * 2 : 1;
  // Taken from the front as they are written, so that a run holds no more than `ahead` outcomes.
  const underWay: Promise<BatchOutcome>[] = [];
  let next = 0;
  try {
    for (;;) {
      // Stopped: the batches under way are finished and written, no new one is started.
      while (!signal?.aborted && next < batches.length && underWay.length < ahead) {
        const outcome = grade(batches[next++]!);
        // Awaited in order below; until then a failure must not count as unhandled.
        outcome.catch(() => {});
        underWay.push(outcome);
      }
      const oldest = underWay.shift();
      if (oldest === undefined) break;
      const outcome = await oldest;
      for (const { agencyId, years } of outcome.withdrawn) {
        await deleteGradesOfYears(db, agencyId, years);
        counts.withdrawn += years.length;
      }
      countBatch(counts, outcome, total, onGraded);
      await saveGrades(db, outcome.changed, clock);
      counts.changed += outcome.changed.length;
    }
  } finally {
    await threads?.close();
  }
  return counts;
}

/**
 * The grade stage: grades every agency-year by the rubric and stores each dimension (and the total)
 * in `grades`. Deterministic; agencies are read a batch at a time, and only grades that came out
 * different from the stored ones are written (their `graded_at` says when a grade last changed).
 */
export const gradeStage: Stage<GradeStageOptions, GradeStageSummary, GradeStageDetails> = {
  name: "grade",
  async run(ctx: StageContext, options: GradeStageOptions) {
    const counts = await gradeAll(ctx.store, ctx.clock, options, ctx.signal, (done, total, item) =>
      ctx.onProgress?.({ done, total, item }),
    );
    const summary: GradeStageSummary = {
      graded: counts.graded,
      missing: counts.missing,
      notFound: counts.notFound,
      unverifiable: counts.unverifiable,
      changed: counts.changed,
      withdrawn: counts.withdrawn,
      ...Object.fromEntries(Object.entries(counts.byLetter).map(([letter, n]) => [`grade${letter}`, n])),
    };
    return { summary, details: counts };
  },
};
