import { tableOfKey } from "@touming/vocabulary";
import { crossYearChecks } from "./checks/cross-year.js";
import { checkWarnings } from "./checks/check-warnings.js";
import { type Deadline, deadlineFor } from "./deadline.js";
import type { AnyDimension, DimensionResult, Similarity } from "./dimension.js";
import { BUILT_IN_DIMENSIONS } from "./dimensions/index.js";
import type { GradeInput, ReportedGradeInput } from "./grade-input.js";
import { roundPoints } from "./points.js";
import { type AgencyYearState, missingReportState } from "./agency-year-state.js";
import { type AppliedCap, applicableCaps } from "./rubric/caps.js";
import { type Rubric, configOf, letterFor } from "./rubric/rubric-schema.js";

/** One agency-year's grade: its state, the score, its letter, every dimension, and what the card adds. */
export interface GradeResult {
  /** graded, not_found (未发现), unverifiable (无法核实: no grade), not_monitored. */
  state: AgencyYearState;
  /** Why a year without a report stands as it does (Chinese), and what would resolve it. */
  stateReason: string | null;
  resolve: string | null;
  score: number;
  letter: string;
  label: string;
  deadline: Deadline;
  onTime: boolean | null;
  dimensions: DimensionResult[];
  /** Soft-check findings and other things worth a look, in Chinese. */
  warnings: string[];
  similarity: Similarity | null;
  /** The score before the caps (rescaled when dimensions were left out). */
  rawScore: number;
  /** Dimensions left out because the evidence cannot support scoring them (their Chinese names). */
  unscored: string[];
  /** The caps that applied, the binding one first. */
  caps: AppliedCap[];
}

/** The letter of a year that is not graded: no grade, only its state. */
const NO_GRADE: Readonly<Record<Exclude<AgencyYearState, "graded" | "not_found">, string>> = {
  unverifiable: "无法核实",
  not_monitored: "未纳入监测",
};

/** A year without a report: 未发现 (F, 0 in every dimension, where the crawler looked), or no grade. */
function missingReport(
  input: GradeInput,
  rubric: Rubric,
  dimensions: readonly AnyDimension[],
  deadline: Deadline,
): GradeResult {
  const stated = missingReportState(input, deadline.date);
  const where = input.looked.length
    ? `；已检查${input.looked.length}个页面，最近一次${input.looked
        .map((l) => l.at)
        .sort()
        .at(-1)!
        .slice(0, 10)}`
    : "；尚未抓取该机关网站";
  // Without the crawls' facts nothing is proven: 无法核实, never 未发现.
  const { state, reason } = stated;
  const graded = state === "not_found";
  return {
    state,
    stateReason: reason,
    resolve: stated.resolve,
    score: 0,
    ...(graded ? letterFor(rubric, 0) : { letter: "—", label: NO_GRADE[state as keyof typeof NO_GRADE] }),
    deadline,
    onTime: null,
    dimensions: dimensions.map((d) => ({
      dimension: d.key,
      name: d.name,
      points: 0,
      max: d.max(configOf(rubric, d)),
      ...(graded ? {} : { scored: false }),
      reason: graded ? `${stated.headline}${where}` : reason,
      evidence: { looked: input.looked.slice(0, 20), ...stated.evidence },
    })),
    warnings: [],
    similarity: null,
    rawScore: 0,
    unscored: graded ? [] : dimensions.map((d) => d.name),
    caps: [],
  };
}

/** What the report's form says beyond any one dimension: a 2019+ report without the prescribed tables. */
const formatWarnings = (input: ReportedGradeInput): string[] =>
  input.year >= 2019 && input.report.format === "legacy"
    ? [`${input.year}年度报告应采用规定格式，未见统计表`]
    : [];

/** Where extract read an agency name, as a card says it. */
const NAME_SOURCES: Readonly<Record<string, string>> = {
  title: "报告标题",
  signature: "报告落款",
  metadata: "页面发布机构",
  preamble: "报告开头",
  contact: "联系方式",
  body: "报告正文",
};

/**
 * The report names another body than this agency: perhaps another body's report was published in
 * its column. A 提示 with the name and where it was read, never a deduction.
 */
const agencyWarnings = (input: ReportedGradeInput): string[] => {
  const m = input.report.agencyMismatch;
  if (!m) return [];
  return [
    `${NAME_SOURCES[m.source] ?? "报告"}所载机关为「${m.found}」，与本机关名称「${input.agency.name}」不一致，请核对是否误发其他机关的报告（提示）`,
  ];
};

/** Table values of this year and the year before, compared where either is not zero. */
function valuesAgainstPrevious(input: ReportedGradeInput): { compared: number; unchanged: number } {
  const before = new Map((input.previous?.values ?? []).map((v) => [v.key, v.value]));
  let compared = 0;
  let unchanged = 0;
  for (const v of input.report.values) {
    if (tableOfKey(v.key) === null || !before.has(v.key)) continue;
    const prev = before.get(v.key) ?? null;
    if (v.value === null || prev === null || (v.value === 0 && prev === 0)) continue;
    compared++;
    if (v.value === prev) unchanged++;
  }
  return { compared, unchanged };
}

/**
 * Grades one agency-year by the rubric, one dimension at a time. Pure and deterministic: the same
 * input gives the same points, reasons and evidence. A dimension the evidence cannot support is left
 * out and the score rescaled over the others (points / scorable maximum × 100); then the rubric's
 * caps apply (failed hard checks, a copied report, long lateness). A year without a report is 未发现
 * on the evidence of a complete crawl (or a link dead for 14 days), else 无法核实 with no grade.
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
  const scored = results.filter((d) => d.scored !== false);
  const max = scored.reduce((sum, d) => sum + d.max, 0);
  const sum = scored.reduce((total, d) => total + d.points, 0);
  const full = results.reduce((total, d) => total + d.max, 0);
  const rawScore = roundPoints(max > 0 && max < full ? (sum / max) * 100 : sum);
  const findings = results.map((d) => d.findings ?? {});
  const similarity = findings.find((f) => f.similarity !== undefined)?.similarity ?? null;
  const values = valuesAgainstPrevious(reported);
  const caps = applicableCaps(rubric.caps, {
    failedHard: checks.filter((c) => c.severity === "hard" && c.status === "fail").length,
    similarity: similarity?.value ?? null,
    valuesCompared: values.compared,
    valuesUnchanged: values.unchanged,
    daysLate: findings.find((f) => f.daysLate !== undefined)?.daysLate ?? null,
  });
  const score = Math.min(rawScore, caps[0]?.maxScore ?? 100);
  return {
    state: "graded",
    stateReason: null,
    resolve: null,
    score,
    ...letterFor(rubric, score),
    deadline,
    onTime: findings.find((f) => f.onTime !== undefined)?.onTime ?? null,
    dimensions: results,
    warnings: [
      ...checkWarnings(checks),
      ...formatWarnings(reported),
      ...agencyWarnings(reported),
      ...findings.flatMap((f) => f.warnings ?? []),
    ],
    similarity,
    rawScore,
    unscored: results.filter((d) => d.scored === false).map((d) => d.name),
    caps,
  };
}
