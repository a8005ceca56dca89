import { type ReportFormat, checkIdOf, findingKey, sectionName } from "@touming/vocabulary";
import type { MissingReportState } from "../agency-year-state.js";
import { checkWarning } from "../checks/check-warnings.js";
import { checkPlace, forOcrReview, ocrReviewSummary } from "../checks/ocr-review.js";
import type { DimensionResult } from "../dimension.js";
import type { GradedCheck, GradedReview, ReportedGradeInput } from "../grade-input.js";
import type { AppliedCap } from "../rubric/caps.js";
import { type FindingReview, findingStanding, fingerprintOf } from "./review-states.js";

/**
 * A finding of a grade before it is reviewed: its stable key (the vocabulary's `findingKey`), whether
 * it is a problem (发现的问题: it costs points, or caps the score) or a hint (提示: it costs nothing
 * unless the rubric charges soft checks), what it says in a few Chinese words, and the fingerprint of
 * its evidence (the check's sides, the date and its source…): when a re-extraction or a re-crawl
 * changes the evidence, the fingerprint changes and a review of it no longer holds.
 */
export interface FindingCandidate {
  key: string;
  kind: "problem" | "hint";
  summary: string;
  fingerprint: string;
}

/** A finding as a grade keeps it: with where it stands by its reviews (待复核, 已确认, 已撤销). */
export interface GradeFinding extends FindingCandidate {
  state: "pending" | "confirmed" | "dismissed";
  /** The review its state comes from (also one whose evidence changed since: then 待复核). */
  review: FindingReview | null;
}

const quoted = (text: string | null | undefined) => `「${text ?? ""}」`;

/** A failed check in a few words: where in the form, and what should hold. */
function checkSummary(check: GradedCheck, format: ReportFormat): string {
  if (check.severity === "soft") return checkWarning(check).replace(/，请核对（提示）$/, "");
  if (forOcrReview(check)) return ocrReviewSummary(check, format);
  if (checkIdOf(check.key) === "NONNEG") return "统计表中有数不是非负整数";
  return `${checkPlace(check, format)}不成立`;
}

/** What the caps and the copy finding look at beyond the dimensions. */
export interface CopyFacts {
  similarity: number | null;
  compared: number;
  unchanged: number;
}

/**
 * The findings of a graded report (before reviews): each failed check (hard: a problem; soft: a
 * hint), lateness, each missing section, a 2019+ report without the tables, a copied report, another
 * body's name on the report. What cards list, from the same facts the grade was made from.
 */
export function reportFindings(
  input: ReportedGradeInput,
  checks: readonly GradedCheck[],
  results: readonly DimensionResult[],
  caps: readonly AppliedCap[],
  copy: CopyFacts,
  agencyWarning: string | null,
): FindingCandidate[] {
  const r = input.report;
  const format = (r.format ?? "legacy") as ReportFormat;
  const out: FindingCandidate[] = [];
  const evidenceOf = (key: string) => results.find((d) => d.dimension === key);

  const timing = evidenceOf("timeliness");
  const late = timing?.findings?.daysLate;
  if (late !== undefined && late > 0) {
    const e = timing!.evidence as {
      publishDate?: string;
      source?: string;
      atLeast?: boolean;
      deadline?: string;
    };
    out.push({
      key: findingKey.late,
      kind: "problem",
      summary: `${e.atLeast ? "至少" : ""}逾期${late}天发布`,
      fingerprint: fingerprintOf([e.publishDate, e.source, e.atLeast, e.deadline]),
    });
  }

  const structure = evidenceOf("structure");
  const missing = ((structure?.evidence as { missing?: string[] } | undefined)?.missing ?? []).slice();
  // Still missing after a re-extraction is the same finding: what else was read does not change it.
  for (const section of missing)
    out.push({
      key: findingKey.section(section),
      kind: "problem",
      summary: `缺少${quoted(sectionName(section))}部分`,
      fingerprint: fingerprintOf([section, r.format]),
    });

  if (input.year >= 2019 && (r.format === "legacy" || r.format === null))
    out.push({
      key: findingKey.tables,
      kind: "problem",
      summary: "未按规定格式列出统计表",
      fingerprint: fingerprintOf([r.format, input.year]),
    });

  for (const check of checks.filter((c) => c.status === "fail"))
    out.push({
      key: findingKey.check(check.key),
      // On OCR figures not all read with confidence: for human check, never the agency's error.
      kind: check.severity === "hard" && !forOcrReview(check) ? "problem" : "hint",
      summary: checkSummary(check, format),
      fingerprint: fingerprintOf([check.key, check.left, check.right]),
    });

  if (caps.some((c) => c.kind === "copied"))
    out.push({
      key: findingKey.copied,
      kind: "problem",
      summary: "疑似照抄上年报告",
      fingerprint: fingerprintOf([copy.similarity, copy.compared, copy.unchanged]),
    });

  const m = r.agencyMismatch;
  if (m && agencyWarning)
    out.push({
      key: findingKey.agencyMismatch,
      kind: "hint",
      summary: agencyWarning.replace(/，请核对是否误发其他机关的报告（提示）$/, ""),
      fingerprint: fingerprintOf([m.found, m.source]),
    });
  return out;
}

/** The finding of a year shown not published (未发现): none for 无法核实 or 未纳入监测, which accuse nobody. */
export function missingFindings(stated: MissingReportState): FindingCandidate[] {
  if (stated.state !== "not_found") return [];
  const e = stated.evidence as { completeCrawl?: string; deadLink?: { url: string; firstDeadAt: string } };
  return [
    {
      key: findingKey.missing,
      kind: "problem",
      summary: stated.headline,
      // The first complete crawl, or the dead link and since when: what does not change night to night.
      fingerprint: fingerprintOf(
        e.deadLink ? [e.deadLink.url, e.deadLink.firstDeadAt.slice(0, 10)] : [e.completeCrawl ?? null],
      ),
    },
  ];
}

/** Each finding with where it stands by the agency-year's reviews. */
export const withStandings = (
  candidates: readonly FindingCandidate[],
  reviews: readonly GradedReview[],
): GradeFinding[] => candidates.map((c) => ({ ...c, ...findingStanding(c.key, c.fingerprint, reviews) }));
