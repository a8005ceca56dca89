import {
  type ReportFormat,
  checkKey,
  checkValueKeys,
  needsOcrReview,
  parseReviewFact,
  runIdentityChecks,
  runTextTableChecks,
  tableOfKey,
} from "@touming/vocabulary";
import type { GradeInput, GradedCheck, GradedReport, GradedReview, GradedValue } from "../grade-input.js";
import { activeCorrections, fingerprintOf } from "./review-states.js";

/** A correction in force, as a grade keeps it (the total's evidence) and cards, summaries and open data show it. */
export interface AppliedCorrection {
  /** The review that made it. */
  id: number;
  /** `publish_date`, `agency`, `cell:<value key>`. */
  fact: string;
  /** The office's value: a date, an agency id, a number. */
  value: string;
  /** An `agency` correction: the name of the agency it names. */
  valueName?: string | null;
  /** What extraction read there (null: nothing). */
  extracted: string | null;
  /** The URL that shows the date, or where the right figure is printed. */
  evidence: string | null;
  reason: string;
  reviewer: string;
  at: string;
  /**
   * What extraction reads there changed since the correction was made (a re-extraction): the
   * correction still applies, but it is 待复核 — it may no longer be needed, or no longer right.
   */
  changed: boolean;
}

/** What a fact was as extracted: the text shown beside a correction, and its fingerprint. */
export function extractedFact(
  report: GradedReport | null,
  fact: string,
): { shown: string | null; fingerprint: string } {
  const parsed = parseReviewFact(fact);
  if (!report || !parsed) return { shown: null, fingerprint: fingerprintOf(null) };
  switch (parsed.kind) {
    case "publish_date": {
      const facts = [report.publishDate, report.publishDateSource, report.listedDate ?? null];
      return { shown: report.publishDate ?? report.listedDate ?? null, fingerprint: fingerprintOf(facts) };
    }
    case "agency": {
      const m = report.agencyMismatch ?? null;
      return { shown: m?.found ?? null, fingerprint: fingerprintOf(m ? [m.found, m.source] : null) };
    }
    case "cell": {
      const v = report.values.find((x) => x.key === parsed.key);
      return {
        shown: v ? (v.raw ?? (v.value === null ? "" : String(v.value))) : null,
        fingerprint: fingerprintOf(v ? [v.value, v.raw] : null),
      };
    }
  }
}

/** The report checks that read a corrected value: recomputed from the corrected values, the others kept. */
function recheck(report: GradedReport, corrected: ReadonlySet<string>): GradedCheck[] {
  const format = (report.format ?? "legacy") as ReportFormat;
  const anyCell = [...corrected].some((k) => tableOfKey(k) !== null);
  const affected = (key: string) => {
    const { keys, allCells } = checkValueKeys(key, format);
    return keys.some((k) => corrected.has(k)) || (allCells && anyCell);
  };
  const recomputed = new Map(
    [...runIdentityChecks(report.values, format), ...runTextTableChecks(report.values)].map((c) => [
      checkKey(c.id, c.scope),
      c,
    ]),
  );
  const asGraded = (key: string): GradedCheck | null => {
    const c = recomputed.get(key);
    if (!c) return null;
    // Still on OCR figures not all read with confidence (those the office did not correct): for human check.
    const ocrReview = needsOcrReview(key, format, report.values);
    return {
      key,
      severity: c.severity,
      status: c.status,
      left: c.left,
      right: c.right,
      message: c.message,
      ...(ocrReview ? { ocrReview: true as const } : {}),
    };
  };
  const kept = report.checks.flatMap((c) => (affected(c.key) ? (asGraded(c.key) ?? []) : [c]));
  const known = new Set(report.checks.map((c) => c.key));
  const added = [...recomputed.keys()].filter((k) => !known.has(k) && affected(k)).map((k) => asGraded(k)!);
  return [...kept, ...added];
}

/** A cell's corrected value as grading reads it: the office's figure, no longer an OCR reading. */
const correctedValue = (key: string, value: string, before: GradedValue | undefined): GradedValue => {
  const { ocr: _read, ...kept } = before ?? { key };
  return { ...kept, key, value: value.trim() === "" ? null : Number(value), raw: value };
};

/**
 * The agency-year as the corrections in force say it is: the publish date an office gave (with its
 * URL: timeliness grades on it), the cells it corrected (and the checks that read them, recomputed
 * with the same definition extraction uses), the report's agency (this agency's: no mismatch; another
 * agency's: the report is set aside and the year graded as one without a report). No re-extraction:
 * only the stored report and the reviews are read.
 */
export function applyCorrections(input: GradeInput): {
  input: GradeInput;
  corrections: AppliedCorrection[];
  /** The report was set aside: another agency's, by review. */
  setAside: AppliedCorrection | null;
} {
  const active = activeCorrections(input.reviews ?? []);
  if (active.size === 0 || !input.report) return { input, corrections: [], setAside: null };
  const original = input.report;
  let report: GradedReport = original;
  const corrections: AppliedCorrection[] = [];
  const cells = new Set<string>();
  let setAside: AppliedCorrection | null = null;
  for (const [fact, review] of active) {
    const parsed = parseReviewFact(fact);
    if (!parsed || review.value === null) continue;
    const extracted = extractedFact(original, fact);
    const applied = applied_(review, fact, extracted);
    corrections.push(applied);
    if (parsed.kind === "publish_date")
      report = { ...report, reviewedPublishDate: { date: review.value, url: review.evidence ?? "" } };
    else if (parsed.kind === "agency") {
      if (review.value === input.agency.id) report = { ...report, agencyMismatch: null };
      else setAside = applied;
    } else {
      const before = report.values.find((v) => v.key === parsed.key);
      const value = correctedValue(parsed.key, review.value, before);
      report = {
        ...report,
        values: before
          ? report.values.map((v) => (v.key === parsed.key ? value : v))
          : [...report.values, value],
      };
      cells.add(parsed.key);
    }
  }
  if (cells.size > 0) report = { ...report, checks: recheck(report, cells) };
  return {
    input: setAside ? { ...input, report: null } : { ...input, report },
    corrections,
    setAside,
  };
}

function applied_(
  review: GradedReview,
  fact: string,
  extracted: { shown: string | null; fingerprint: string },
): AppliedCorrection {
  return {
    id: review.id,
    fact,
    value: review.value!,
    ...(review.valueName !== undefined ? { valueName: review.valueName } : {}),
    extracted: extracted.shown,
    evidence: review.evidence,
    reason: review.reason,
    reviewer: review.reviewer,
    at: review.createdAt,
    changed: review.fingerprint !== null && review.fingerprint !== extracted.fingerprint,
  };
}
