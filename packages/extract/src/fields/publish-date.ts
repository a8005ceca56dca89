import type { PublishDateSource, SiteMetadata } from "../types.js";
import { dateLine, findDates } from "./dates.js";
import type { ReportLine } from "./report-lines.js";

export interface PublishDateGuess {
  date: string;
  source: PublishDateSource;
}

/** The first full date written in a metadata value, as YYYY-MM-DD. */
const dateIn = (value: string | undefined): string | null =>
  value ? (findDates(value)[0]?.iso ?? null) : null;

/** An explicit 发布日期/发布时间 in the first lines of the text. */
function bodyDate(lines: readonly ReportLine[]): string | null {
  for (const line of lines.slice(0, 10)) {
    const m = /发布(日期|时间)\s*[:：]\s*(.{6,20})/.exec(line.parse);
    const date = m ? dateIn(m[2]) : null;
    if (date) return date;
  }
  return null;
}

/** A line at the very top that is only a date. */
function topLineDate(lines: readonly ReportLine[]): string | null {
  for (const line of lines.slice(0, 2)) {
    const date = dateLine(line.text);
    if (date) return date;
  }
  return null;
}

/** The date under the signature at the end: a line of its own, or closing a short line. */
function signatureDate(lines: readonly ReportLine[]): string | null {
  for (const line of lines.slice(-4).reverse()) {
    const date = dateLine(line.text);
    if (date) return date;
    // "长治市民政局 2018年2月8日" on one line
    const t = line.text.trim();
    const [last] = findDates(t).slice(-1);
    if (last && t.length <= 40 && last.index + last.length >= t.replace(/\s+$/, "").length - 1) {
      return last.iso;
    }
  }
  return null;
}

/**
 * When the report was published, from the strongest evidence the page gives: its header table's or
 * info bar's 发布日期 (`metadata`), its meta tags (`meta-tag`), a 发布日期 line in the text (`body`), a
 * date line at the very top (`top-line`), its 成文日期 (`written`: when it was written, not
 * published), or the date under the signature at the end (`signature`: a lower bound only).
 */
export function findPublishDate(site: SiteMetadata, lines: readonly ReportLine[]): PublishDateGuess | null {
  const candidates: [PublishDateSource, () => string | null][] = [
    ["metadata", () => dateIn(site.publishDate)],
    ["meta-tag", () => dateIn(site.metaPublishDate)],
    ["body", () => bodyDate(lines)],
    ["top-line", () => topLineDate(lines)],
    ["written", () => dateIn(site.writtenDate)],
    ["signature", () => signatureDate(lines)],
  ];
  for (const [source, find] of candidates) {
    const date = find();
    if (date) return { date, source };
  }
  return null;
}
