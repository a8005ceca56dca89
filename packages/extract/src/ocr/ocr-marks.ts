import {
  APPLICATION_COLUMNS,
  REVIEW_GROUPS,
  REVIEW_OUTCOMES,
  applicationKey,
  applicationRows,
  checkKey,
  needsOcrReview,
  runIdentityChecks,
  runTextTableChecks,
} from "@touming/vocabulary";
import type { ExtractedReport, ExtractedValue, OcrMark } from "../types.js";
import type { OcrDocument } from "./ocr-document.js";

/** The digits of a figure as printed (`5,500` → `5500`), to find the word it was read from. */
const digitsOf = (raw: string) => raw.replace(/[^\d.]/g, "");

/**
 * The mark of a figure read from OCR'd prose: the least sure word on its page that holds its digits
 * (conservative when the same figure is printed twice). A figure whose word cannot be found is `low`:
 * read by OCR, its confidence unknown.
 */
function proseMark(value: ExtractedValue, ocr: OcrDocument, everyPage: boolean): OcrMark | null {
  const onOcrPage = value.page !== undefined ? ocr.items.has(value.page) : everyPage;
  if (!onOcrPage) return null;
  const digits = digitsOf(value.raw);
  // A short figure (4, 12) is inside many words: only a word that is that figure is its own.
  const holds = (text: string) =>
    digits.length <= 2 ? digitsOf(text) === digits : digitsOf(text).includes(digits);
  const words = ocr.words.filter(
    (w) => (value.page === undefined || w.page === value.page) && digits !== "" && holds(w.text),
  );
  if (words.length === 0) return { confidence: 0, level: "low" };
  return words.reduce((least, w) => (w.mark.confidence < least.confidence ? w.mark : least), words[0]!.mark);
}

/**
 * Marks what a report owes to OCR: every figure read from a scanned page carries its OcrMark (table
 * cells have theirs already; prose figures get their word's), and every identity check that takes a
 * figure not read with high confidence is `ocrReview` — its failure is a 提示 for human check. Values
 * marked `unreadable` are blank: never a guessed number.
 */
export function markOcrFigures(
  report: ExtractedReport,
  ocr: OcrDocument,
  pageCount: number,
): ExtractedReport {
  if (!ocr.reading) return report;
  const everyPage = ocr.items.size >= pageCount;
  const values: ExtractedValue[] = report.values.map((v) => {
    if (v.ocr) return v;
    const mark = proseMark(v, ocr, everyPage);
    if (!mark) return v;
    return mark.level === "unreadable" ? { ...v, value: null, ocr: mark } : { ...v, ocr: mark };
  });
  values.push(...unreadCells(report, values));
  // The checks again, over the values as marked (a figure blanked, a cell added unread), as grading
  // recomputes them from the stored cells; then which of them rest on figures not read surely (one
  // definition with grading, vocabulary's needsOcrReview).
  const computed = report.isReport
    ? [...runIdentityChecks(values, report.format), ...runTextTableChecks(values)]
    : report.checks;
  const checks = computed.map((c) =>
    needsOcrReview(checkKey(c.id, c.scope), report.format, values) ? { ...c, ocrReview: true as const } : c,
  );
  return { ...report, values, checks, ocr: ocr.reading };
}

const UNREAD: OcrMark = { confidence: 0, level: "unreadable" };

/**
 * The cells of tables 三 and 四 a scanned report's form has but OCR did not find (a row it dropped,
 * a table it could not place), as unread values: on a scan, a cell not found is our limit, never a
 * blank the agency printed. Only for a report in the 2019 or 2021 form whose figures OCR read.
 */
function unreadCells(report: ExtractedReport, values: readonly ExtractedValue[]): ExtractedValue[] {
  if (!report.isReport || report.format === "legacy" || !values.some((v) => v.ocr)) return [];
  const have = new Set(values.map((v) => v.key));
  const keys = [
    ...applicationRows(report.format).flatMap((row) =>
      APPLICATION_COLUMNS.map((c) => applicationKey(row, c)),
    ),
    ...REVIEW_GROUPS.flatMap((g) => REVIEW_OUTCOMES.map((o) => `${g}.${o}`)),
  ];
  return keys
    .filter((key) => !have.has(key))
    .map((key) => ({ key, value: null, raw: "", excerpt: "（扫描件上未能识别）", ocr: UNREAD }));
}
