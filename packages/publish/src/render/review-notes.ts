import {
  type AppliedCorrection,
  type GradeFinding,
  type PublishedGrade,
  correctionText,
} from "@touming/grade";
import type { CheckRow, ReportWithSource } from "@touming/store";
import { REVIEW_STATE_NAMES, type ReportFormat } from "@touming/vocabulary";

/**
 * What cards, summaries and open data say of the offices' reviews: where each finding stands
 * (待复核, 已确认, 已撤销) with the reviewer's note, the facts corrected, and the report as the
 * corrections leave it.
 */

/** A finding's review as a card prints it: its state in Chinese, and the note (reason and date). */
export interface ReviewNote {
  /** 待复核, 已确认, 已撤销. */
  state: string;
  /** The office's reason and the date, or why the finding is 待复核 again; empty when never reviewed. */
  note: string;
  dismissed: boolean;
}

const day = (at: string) => at.slice(0, 10);
const reasoned = (reason: string) => (reason ? `：${reason}` : "");

/** Where a finding stands, in a card's words (a finding the grade does not list: 待复核). */
export function reviewNote(finding: GradeFinding | undefined): ReviewNote {
  const state = finding?.state ?? "pending";
  const review = finding?.review ?? null;
  const name = REVIEW_STATE_NAMES[state];
  if (!review) return { state: name, note: "", dismissed: false };
  const said = `${REVIEW_STATE_NAMES[review.action === "confirm" ? "confirmed" : "dismissed"]}，${day(review.at)}${reasoned(review.reason)}`;
  if (review.changed)
    return {
      state: name,
      note: `报告重新读取后依据已变化，原复核意见（${said}）需重新复核`,
      dismissed: false,
    };
  if (review.action === "withdraw")
    return {
      state: name,
      note: `原复核意见已撤回（${day(review.at)}${reasoned(review.reason)}）`,
      dismissed: false,
    };
  if (state === "dismissed")
    return {
      state: name,
      note: `撤销理由（${day(review.at)}）${reasoned(review.reason)}；不扣分`,
      dismissed: true,
    };
  return { state: name, note: `复核意见（${day(review.at)}）${reasoned(review.reason)}`, dismissed: false };
}

/** A correction in force as a card lists it: what is now in force, instead of what, why, and since when. */
export function correctionNote(
  c: AppliedCorrection,
  agencyId: string,
  format: ReportFormat | null,
): { text: string; state: string; note: string } {
  const was = c.extracted === null ? "" : `（原为${c.extracted === "" ? "空白" : c.extracted}）`;
  const why = c.reason ? `；复核意见：${c.reason}` : "";
  return {
    text: `${correctionText(c, agencyId, format)}${c.fact.startsWith("cell:") || c.fact === "publish_date" ? was : ""}`,
    state: c.changed ? REVIEW_STATE_NAMES.pending : REVIEW_STATE_NAMES.corrected,
    note: `${day(c.at)}${why}${c.changed ? "；报告重新读取后原值已变化，本更正需重新复核" : ""}`,
  };
}

/**
 * The report as the corrections in force leave it: corrected cells in place of the extracted ones,
 * and the checks the grade recomputed from them in place of the extracted checks. Unchanged when
 * nothing was corrected.
 */
export function reviewedSource(
  source: ReportWithSource | undefined,
  grade: PublishedGrade,
): ReportWithSource | undefined {
  if (!source) return source;
  const cells = grade.corrections.filter((c) => c.fact.startsWith("cell:"));
  if (cells.length === 0 && !grade.rechecked) return source;
  const corrected = new Map(cells.map((c) => [c.fact.slice("cell:".length), c.value]));
  // A corrected cell is the office's figure: no longer one read from a scan.
  const values = source.values.map((v) =>
    corrected.has(v.key)
      ? {
          ...v,
          value: corrected.get(v.key)!.trim() === "" ? null : Number(corrected.get(v.key)),
          raw: corrected.get(v.key)!,
          ocr: null,
        }
      : v,
  );
  for (const [key, value] of corrected)
    if (!values.some((v) => v.key === key))
      values.push({
        report_id: source.report.id,
        key,
        value: value.trim() === "" ? null : Number(value),
        raw: value,
        unit: null,
        approximate: 0,
        excerpt: null,
        page: null,
        cell: null,
        ocr: null,
      });
  const checks: CheckRow[] = grade.rechecked
    ? grade.rechecked.map(({ ocrReview, ...c }) => ({
        report_id: source.report.id,
        ...c,
        ocr_review: ocrReview ? 1 : 0,
      }))
    : source.checks;
  return { ...source, values, checks };
}
