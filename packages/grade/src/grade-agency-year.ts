import { type ReportFormat, findingKey, tableOfKey } from "@touming/vocabulary";
import { crossYearChecks } from "./checks/cross-year.js";
import { checkWarnings } from "./checks/check-warnings.js";
import { forOcrReview, ocrReviewWarnings } from "./checks/ocr-review.js";
import { type Deadline, deadlineFor } from "./deadline.js";
import type { AnyDimension, DimensionResult, Similarity } from "./dimension.js";
import { BUILT_IN_DIMENSIONS } from "./dimensions/index.js";
import type { GradeInput, GradedCheck, ReportedGradeInput } from "./grade-input.js";
import { roundPoints } from "./points.js";
import { type AgencyYearState, type MissingReportState, missingReportState } from "./agency-year-state.js";
import { type AppliedCap, applicableCaps } from "./rubric/caps.js";
import { type Rubric, configOf, letterFor } from "./rubric/rubric-schema.js";
import { type AppliedCorrection, applyCorrections } from "./reviews/corrections.js";
import {
  type FindingCandidate,
  type GradeFinding,
  missingFindings,
  reportFindings,
  withStandings,
} from "./reviews/findings.js";
import { reviewEffects } from "./reviews/effects.js";

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
  /**
   * What the grade found, each under its stable key with where it stands by the offices' reviews
   * (待复核, 已确认, 已撤销: a dismissed one cost nothing here). Cards list them.
   */
  findings: GradeFinding[];
  /** The corrections of facts in force (a publish date, a cell, the report's agency). */
  corrections: AppliedCorrection[];
  /** The grade the same evidence gets without any review, when the reviews change it. */
  withoutReviews: { state: AgencyYearState; letter: string; label: string; score: number } | null;
  /** What the reviews did to this grade, one line each (撤销…, 更正…), for cards and the 更正 message. */
  reviewEffects: string[];
  /** The report's checks recomputed from corrected cells (null: no cell corrected, the stored checks stand). */
  rechecked: GradedCheck[] | null;
}

/** The findings an office dismissed (by key) and why: a dismissed finding costs nothing. */
interface Dismissals {
  keys: ReadonlySet<string>;
  why: ReadonlyMap<string, string>;
}

const NONE: Dismissals = { keys: new Set(), why: new Map() };

/** One grading of the evidence as it stands, with what it found (before reviews say where each stands). */
type Graded = {
  result: Omit<GradeResult, "findings" | "corrections" | "withoutReviews" | "reviewEffects" | "rechecked">;
  candidates: FindingCandidate[];
};

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
  dismissals: Dismissals,
  setAside: AppliedCorrection | null,
): Graded {
  const found = missingReportState(input, deadline.date);
  const candidates = missingFindings(found);
  const stated = reviewedMissingState(found, dismissals, setAside);
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
  const result = {
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
  return { result, candidates };
}

/**
 * A year without a report as the reviews leave it: 未发现 an office dismissed is 无法核实 (no grade,
 * nobody accused); a report set aside as another agency's is said so before the state's reason.
 */
function reviewedMissingState(
  stated: MissingReportState,
  dismissals: Dismissals,
  setAside: AppliedCorrection | null,
): MissingReportState {
  const aside = setAside
    ? `经复核，栏目中的报告属于${setAside.valueName ? `「${setAside.valueName}」` : "其他机关"}，不作为本机关的报告；`
    : "";
  if (stated.state === "not_found" && dismissals.keys.has(findingKey.missing))
    return {
      state: "unverifiable",
      headline: "无法核实",
      reason: `无法核实：${aside}未发现年度报告的认定经复核撤销（${dismissals.why.get(findingKey.missing) ?? ""}）`,
      resolve: "请提供年度报告的网址，将在下次检查时核实",
      evidence: { ...stated.evidence, dismissed: true },
    };
  if (!aside) return stated;
  const [head, ...rest] = stated.reason.split("：");
  return { ...stated, reason: rest.length ? `${head}：${aside}${rest.join("：")}` : `${aside}${head}` };
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
 *
 * Reviews (`input.reviews`): the corrections in force are applied first (a publish date, a cell and
 * the checks that read it, the report's agency); the findings of that evidence are listed with
 * where each stands; the dismissed ones (已撤销, evidence unchanged) are then graded as costing
 * nothing. The grade without any review is kept beside when the reviews change it.
 */
export function gradeAgencyYear(
  input: GradeInput,
  rubric: Rubric,
  dimensions: readonly AnyDimension[] = BUILT_IN_DIMENSIONS,
): GradeResult {
  const reviews = input.reviews ?? [];
  if (reviews.length === 0) {
    const once = gradeEvidence(input, rubric, dimensions, NONE, null);
    return {
      ...once.result,
      findings: withStandings(once.candidates, []),
      corrections: [],
      withoutReviews: null,
      reviewEffects: [],
      rechecked: null,
    };
  }
  const { input: corrected, corrections, setAside } = applyCorrections(input);
  const first = gradeEvidence(corrected, rubric, dimensions, NONE, setAside);
  const findings = withStandings(first.candidates, reviews);
  const dismissed = findings.filter((f) => f.state === "dismissed");
  const final =
    dismissed.length > 0
      ? gradeEvidence(
          corrected,
          rubric,
          dimensions,
          {
            keys: new Set(dismissed.map((f) => f.key)),
            why: new Map(dismissed.map((f) => [f.key, f.review?.reason ?? ""])),
          },
          setAside,
        )
      : first;
  const plain = gradeEvidence({ ...input, reviews: [] }, rubric, dimensions, NONE, null).result;
  const same =
    plain.state === final.result.state &&
    plain.score === final.result.score &&
    plain.letter === final.result.letter;
  return {
    ...final.result,
    findings,
    corrections,
    withoutReviews: same
      ? null
      : { state: plain.state, letter: plain.letter, label: plain.label, score: plain.score },
    reviewEffects: reviewEffects(findings, corrections, input.agency.id, input.report?.format ?? null),
    rechecked:
      corrected.report && corrections.some((c) => c.fact.startsWith("cell:"))
        ? corrected.report.checks
        : null,
  };
}

/** Grades the evidence as it stands (corrections applied), the dismissed findings costing nothing. */
function gradeEvidence(
  input: GradeInput,
  rubric: Rubric,
  dimensions: readonly AnyDimension[],
  dismissals: Dismissals,
  setAside: AppliedCorrection | null,
): Graded {
  const deadline = deadlineFor(input.agency, input.year);
  if (!input.report) return missingReport(input, rubric, dimensions, deadline, dismissals, setAside);
  const reported: ReportedGradeInput = { ...input, report: input.report };
  const checks = [...reported.report.checks, ...crossYearChecks(reported)];
  const context = { deadline, checks, dismissed: dismissals.keys, dismissedWhy: dismissals.why };
  const results = dimensions.map((d) => d.grade(reported, configOf(rubric, d), context));
  const scored = results.filter((d) => d.scored !== false);
  const max = scored.reduce((sum, d) => sum + d.max, 0);
  const sum = scored.reduce((total, d) => total + d.points, 0);
  const full = results.reduce((total, d) => total + d.max, 0);
  const rawScore = roundPoints(max > 0 && max < full ? (sum / max) * 100 : sum);
  const findings = results.map((d) => d.findings ?? {});
  const similarity = findings.find((f) => f.similarity !== undefined)?.similarity ?? null;
  const values = valuesAgainstPrevious(reported);
  // Dismissed by review, or left for human check (OCR figures not all read with confidence): no cap.
  const counted = (c: (typeof checks)[number]) =>
    !dismissals.keys.has(findingKey.check(c.key)) && !forOcrReview(c);
  const caps = applicableCaps(rubric.caps, {
    failedHard: checks.filter((c) => c.severity === "hard" && c.status === "fail" && counted(c)).length,
    similarity: dismissals.keys.has(findingKey.copied) ? null : (similarity?.value ?? null),
    valuesCompared: values.compared,
    valuesUnchanged: values.unchanged,
    daysLate: findings.find((f) => f.daysLate !== undefined)?.daysLate ?? null,
  });
  const score = Math.min(rawScore, caps[0]?.maxScore ?? 100);
  const agencyWarning = agencyWarnings(reported);
  const candidates = reportFindings(
    reported,
    checks,
    results,
    caps,
    { similarity: similarity?.value ?? null, compared: values.compared, unchanged: values.unchanged },
    agencyWarning[0] ?? null,
  );
  const result = {
    state: "graded" as const,
    stateReason: null,
    resolve: null,
    score,
    ...letterFor(rubric, score),
    deadline,
    onTime: findings.find((f) => f.onTime !== undefined)?.onTime ?? null,
    dimensions: results,
    warnings: [
      ...checkWarnings(checks),
      ...ocrReviewWarnings(checks, (reported.report.format ?? "legacy") as ReportFormat),
      ...formatWarnings(reported),
      ...agencyWarning,
      ...findings.flatMap((f) => f.warnings ?? []),
    ],
    similarity,
    rawScore,
    unscored: results.filter((d) => d.scored === false).map((d) => d.name),
    caps,
  };
  return { result, candidates };
}
