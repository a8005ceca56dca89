import {
  CHECKS,
  type ReportFormat,
  checkIdOf,
  formLabel,
  identityTerms,
  isCheckId,
} from "@touming/vocabulary";
import type { GradedCheck } from "../grade-input.js";

const quoted = (text: string | null | undefined) => `「${text ?? ""}」`;

/** Where a failed hard check is in the form and what should hold: `表三「总计」列“…”`. */
export function checkPlace(check: GradedCheck, format: ReportFormat): string {
  const id = checkIdOf(check.key);
  const name = isCheckId(id) ? CHECKS[id].name : "勾稽关系";
  // A legacy report's figures are read with 2021's rows: name them with its labels.
  const labels = format === "legacy" ? "2021" : format;
  const terms = identityTerms(check.key, labels);
  const first = terms ? formLabel(terms.left[0]!, labels) : null;
  const where = !first
    ? "统计表"
    : id === "T3-B"
      ? `表三${quoted(first.rowLabel)}行`
      : id === "T4-A"
        ? `表四${first.columnGroups.map(quoted).join("")}`
        : `表三${quoted(first.columnLabel)}列`;
  return `${where}“${name}”`;
}

/** A failed check that only needs a person to look: it takes OCR figures not all read with confidence. */
export const forOcrReview = (check: GradedCheck): boolean =>
  check.status === "fail" && check.ocrReview === true;

/**
 * A failed hard check on figures read from a scan, not all with confidence, as a finding's summary:
 * what does not add up as read, and that the reading is unconfirmed (our limit, not the agency's).
 */
export function ocrReviewSummary(check: GradedCheck, format: ReportFormat): string {
  const what =
    checkIdOf(check.key) === "NONNEG"
      ? "统计表中据扫描件识别的数字有不是非负整数的"
      : `${checkPlace(check, format)}按据扫描件识别的数字不成立`;
  return `${what}，但所涉数字未能全部确认`;
}

/** The same as a card's 提示: for human check, never the agency's error, costing nothing. */
export const ocrReviewWarning = (check: GradedCheck, format: ReportFormat): string =>
  `${ocrReviewSummary(check, format)}（未能确认或未能识别），需人工核对原件，不视为机关的差错（提示）`;

/** The failed hard checks left for human check, as the card's 提示. */
export const ocrReviewWarnings = (checks: readonly GradedCheck[], format: ReportFormat): string[] =>
  checks.filter((c) => c.severity === "hard" && forOcrReview(c)).map((c) => ocrReviewWarning(c, format));
