import type { SiteMetadata } from "../types.js";
import { dateLine, findDates } from "./dates.js";
import type { ReportLine } from "./report-lines.js";

export interface PublishDateGuess {
  date: string;
  source: "metadata" | "top-line" | "signature" | "body";
}

/**
 * When the report was published: the site header's 发布日期, a date line at the very top,
 * an explicit 发布日期 in the text, or the date under the signature at the end.
 */
export function findPublishDate(site: SiteMetadata, lines: readonly ReportLine[]): PublishDateGuess | null {
  for (const value of [site.publishDate, site.writtenDate]) {
    const [date] = value ? findDates(value) : [];
    if (date) return { date: date.iso, source: "metadata" };
  }
  for (const line of lines.slice(0, 2)) {
    const date = dateLine(line.text);
    if (date) return { date, source: "top-line" };
  }
  for (const line of lines.slice(0, 10)) {
    const m = /发布(日期|时间)\s*[:：]\s*(.{6,20})/.exec(line.parse);
    const [date] = m ? findDates(m[2]!) : [];
    if (date) return { date: date.iso, source: "body" };
  }
  for (const line of lines.slice(-4).reverse()) {
    const date = dateLine(line.text);
    if (date) return { date, source: "signature" };
    // "长治市民政局 2018年2月8日" on one line
    const t = line.text.trim();
    const [last] = findDates(t).slice(-1);
    if (last && t.length <= 40 && last.index + last.length >= t.replace(/\s+$/, "").length - 1) {
      return { date: last.iso, source: "signature" };
    }
  }
  return null;
}
