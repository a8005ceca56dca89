import type { ReportWithSource, StoredValue } from "@touming/store";
import { type ReportFormat, describeCell } from "@touming/vocabulary";

/**
 * How a card marks what was read from a scan (据扫描件识别): each figure with its confidence and a
 * link to the page image it was read from, and the report as a whole in its summary. Low and
 * unreadable readings are said to be so: ours to confirm, never the agency's fault.
 */

/** Where a page image is published, named by its sha256 (the same image is published once). */
export const scanPath = (sha256: string): string => `scans/${sha256}.jpg`;

/** How page images are named (`scanPath`): part of what every card is made from. */
export const SCAN_NAMING = "1: OCR page images as scans/<sha256>.jpg";

/** A figure read from a scan, as a card notes it beside the figure. */
export interface OcrNote {
  /** 据扫描件识别，识别置信度 93% (or low, or not read). */
  text: string;
  level: "high" | "low" | "unreadable";
  /** The page image it was read from, relative to the site's root; empty when not known. */
  link: string;
}

const percent = (confidence: number) => `${Math.round(confidence * 100)}%`;

/** The least sure first: not read, then by confidence. */
const sureness = (v: StoredValue) => (v.ocr!.level === "unreadable" ? -1 : v.ocr!.confidence);

/** The link to the page image a value was read from, if that page's image was kept. */
function pageImage(source: ReportWithSource, page: number | null): string {
  const image = source.ocr?.pages.find((p) => p.page === page);
  return image ? scanPath(image.imageSha256) : "";
}

/**
 * The note for a figure made from these values (one cell, or an indicator computed from several):
 * null when none was read from a scan, else the least sure of those that were.
 *
 * @example ocrNote(source, ["apply.new_received.total"]); // { text: "据扫描件识别，识别置信度 93%", level: "high", link: "scans/ab….jpg" }
 */
export function ocrNote(source: ReportWithSource | undefined, keys: readonly string[]): OcrNote | null {
  if (!source) return null;
  const read = source.values.filter((v) => v.ocr != null && keys.includes(v.key));
  if (read.length === 0) return null;
  const least = read.reduce((a, b) => (sureness(b) < sureness(a) ? b : a));
  const { level, confidence } = least.ocr!;
  const text =
    level === "high"
      ? `据扫描件识别，识别置信度 ${percent(confidence)}`
      : level === "low"
        ? // Low may come from the digits or from the row they stand in: "unconfirmed", not "low".
          `据扫描件识别，未能确认（识别置信度 ${percent(confidence)}），仅供参考`
        : "据扫描件未能识别，未核实";
  return { text, level, link: pageImage(source, least.page) };
}

/** What a card of a report read from a scan says of it in its summary. */
export interface OcrSummary {
  text: string;
  /** Each page image read, as `第3页` with its link. */
  pages: { label: string; link: string }[];
  /** The cells not read, in the form's words (at most `MAX_LISTED`, then how many more). */
  unreadable: string[];
}

const MAX_LISTED = 20;

/** The summary of a report read from a scan; null for a report read from text. */
export function ocrSummary(source: ReportWithSource | undefined, format: ReportFormat): OcrSummary | null {
  if (!source?.ocr) return null;
  const read = source.values.filter((v) => v.ocr != null);
  const low = read.filter((v) => v.ocr!.level === "low").length;
  const unread = read.filter((v) => v.ocr!.level === "unreadable");
  const counts =
    read.length === 0
      ? "未能从中识别出统计数字。"
      : `共识别数字${read.length}个，其中${low}个未能确认（仅供参考），${unread.length}个未能识别（标为“未核实”，不视为机关未公开或填报错误）。`;
  const cells = unread.map((v) => describeCell(v.key, format) ?? "统计表中一处数字");
  return {
    text: `本报告为扫描件（图像），没有可用的文字层，其文字和数字系据扫描件识别读取；本页所列据此读取的数字均注明“据扫描件识别”及识别置信度，并可查看识别所用的页面图像。${counts}`,
    pages: source.ocr.pages.map((p) => ({ label: `第${p.page}页`, link: scanPath(p.imageSha256) })),
    unreadable:
      cells.length > MAX_LISTED ? [...cells.slice(0, MAX_LISTED), `等，共${cells.length}处`] : cells,
  };
}
