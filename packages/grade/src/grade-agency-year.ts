import { crossYearChecks } from "./checks/cross-year.js";
import { checkWarnings } from "./checks/check-warnings.js";
import { type Deadline, deadlineFor } from "./deadline.js";
import type { AnyDimension, DimensionResult, Similarity } from "./dimension.js";
import { BUILT_IN_DIMENSIONS } from "./dimensions/index.js";
import type { GradeInput, ReportedGradeInput } from "./grade-input.js";
import { roundPoints } from "./points.js";
import { type Rubric, configOf, letterFor } from "./rubric/rubric-schema.js";

/** One agency-year's grade: the score, its letter, every dimension, and what the card adds. */
export interface GradeResult {
  score: number;
  letter: string;
  label: string;
  deadline: Deadline;
  onTime: boolean | null;
  dimensions: DimensionResult[];
  /** Soft-check findings and other things worth a look, in Chinese. */
  warnings: string[];
  similarity: Similarity | null;
}

/** A year without a report: every dimension at 0, saying where the crawler looked. */
function missingReport(
  input: GradeInput,
  rubric: Rubric,
  dimensions: readonly AnyDimension[],
  deadline: Deadline,
): GradeResult {
  const where = input.looked.length
    ? `；已检查${input.looked.length}个页面，最近一次${input.looked
        .map((l) => l.at)
        .sort()
        .at(-1)!
        .slice(0, 10)}`
    : "；尚未抓取该机关网站";
  return {
    score: 0,
    ...letterFor(rubric, 0),
    deadline,
    onTime: null,
    dimensions: dimensions.map((d) => ({
      dimension: d.key,
      name: d.name,
      points: 0,
      max: d.max(configOf(rubric, d)),
      reason: `未发现年度报告${where}`,
      evidence: { looked: input.looked.slice(0, 20) },
    })),
    warnings: [],
    similarity: null,
  };
}

/** What the report's form says beyond any one dimension: a 2019+ report without the prescribed tables. */
const formatWarnings = (input: ReportedGradeInput): string[] =>
  input.year >= 2019 && input.report.format === "legacy"
    ? [`${input.year}年度报告应采用规定格式，未见统计表`]
    : [];

/**
 * Grades one agency-year by the rubric, one dimension at a time. Pure and deterministic: the same
 * input gives the same points, reasons and evidence. A missing report is an F with 0 points in
 * every dimension and where the crawler looked.
 */
export function gradeAgencyYear(
  input: GradeInput,
  rubric: Rubric,
  dimensions: readonly AnyDimension[] = BUILT_IN_DIMENSIONS,
): GradeResult {
  const deadline = deadlineFor(input.agency, input.year);
  if (!input.report) return missingReport(input, rubric, dimensions, deadline);
  const reported: ReportedGradeInput = { ...input, report: input.report };
  const checks = [...reported.report.checks, ...crossYearChecks(reported)];
  const results = dimensions.map((d) => d.grade(reported, configOf(rubric, d), { deadline, checks }));
  const score = roundPoints(results.reduce((sum, d) => sum + d.points, 0));
  const findings = results.map((d) => d.findings ?? {});
  return {
    score,
    ...letterFor(rubric, score),
    deadline,
    onTime: findings.find((f) => f.onTime !== undefined)?.onTime ?? null,
    dimensions: results,
    warnings: [
      ...checkWarnings(checks),
      ...formatWarnings(reported),
      ...findings.flatMap((f) => f.warnings ?? []),
    ],
    similarity: findings.find((f) => f.similarity !== undefined)?.similarity ?? null,
  };
}
