import type { z } from "zod";
import type { Deadline } from "./deadline.js";
import type { GradedCheck, ReportedGradeInput } from "./grade-input.js";

/** A rule a dimension's rubric config breaks: which field (relative to the config, "" for all of it) and what was expected. */
export interface ConsistencyProblem {
  field: string;
  expected: string;
}

/** How much of a report repeats the agency's previous one (0..1), and the passages it repeats. */
export interface Similarity {
  value: number;
  passages: string[];
}

/**
 * What a dimension adds to the grade beyond its own points: the card's on-time line, the similarity
 * to the previous report, warnings worth a look (in Chinese). Not stored with the dimension's row.
 */
export interface DimensionFindings {
  onTime?: boolean | null;
  /** Days after the deadline the report was published (at least), when late. */
  daysLate?: number;
  similarity?: Similarity | null;
  warnings?: string[];
}

/** One dimension of one agency-year's grade: its points out of its maximum, why, and on what evidence. */
export interface DimensionResult {
  /** The dimension's key, as stored in `grades.dimension`. */
  dimension: string;
  /** Its Chinese name, as cards print it. */
  name: string;
  points: number;
  max: number;
  /**
   * False when the evidence cannot support scoring it (a publish date that cannot be established):
   * the dimension is left out and the grade rescaled over the others. Default true.
   */
  scored?: boolean;
  /** Why these points, in Chinese. */
  reason: string;
  evidence: Record<string, unknown>;
  findings?: DimensionFindings;
}

/** What grading an agency-year works out once for every dimension. */
export interface GradeContext {
  deadline: Deadline;
  /** The report's checks (from extraction), then the checks across its years. */
  checks: readonly GradedCheck[];
  /**
   * The findings an office dismissed by review (已撤销, their evidence unchanged since), by the
   * vocabulary's finding keys: a dismissed finding costs nothing (a failed check is not counted,
   * lateness not deducted, a missing section not charged). None when absent.
   */
  dismissed?: ReadonlySet<string>;
  /** Why each dismissed finding was dismissed (the office's reason), by key: reasons quote it. */
  dismissedWhy?: ReadonlyMap<string, string>;
}

/**
 * One dimension of the rubric: everything about it lives in its module. The rubric's schema, the
 * check that the maxima add up to 100, the zeros of a missing report and the order grades are
 * published in are all built from a list of these (`BUILT_IN_DIMENSIONS`).
 */
export interface Dimension<C = unknown, K extends string = string> {
  /** Stored in `grades.dimension`; the built-ins use the vocabulary's `DimensionKey`s. */
  readonly key: K;
  /** The Chinese name cards print. */
  readonly name: string;
  /** The rubric file's field holding this dimension's configuration. */
  readonly configKey: string;
  /** Validates that field (messages say what was expected: `expected a number of points (0 or more)`). */
  readonly configSchema: z.ZodType<C>;
  /** What the schema cannot say: the points must reach the maximum, thresholds come in order. */
  consistency(config: C): ConsistencyProblem[];
  /** The most points this dimension gives under this configuration. */
  max(config: C): number;
  /** Grades one agency-year that has a report. Pure: the same input gives the same result. */
  grade(input: ReportedGradeInput, config: C, context: GradeContext): DimensionResult;
}

/** A dimension of any configuration, as the lists hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each dimension checks its own config
export type AnyDimension = Dimension<any>;

/** Declares a dimension, inferring its config type from its schema. */
export const defineDimension = <C, K extends string>(dimension: Dimension<C, K>): Dimension<C, K> =>
  dimension;

/** The rules that do not hold, as problems: `[holds, field, expected]` each. */
export const problemsOf = (rules: readonly (readonly [boolean, string, string])[]): ConsistencyProblem[] =>
  rules.filter(([holds]) => !holds).map(([, field, expected]) => ({ field, expected }));

/** Equal up to rounding (points such as 2.5 × 6). */
export const near = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;
