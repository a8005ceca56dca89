import { parseChineseNumber } from "./numbers.js";
import type { ReportLine } from "./report-lines.js";

export interface YearGuess {
  year: number;
  source: "title" | "period" | "body";
}

const CN_YEAR = "[〇零○一二三四五六七八九]{4}";
const TITLE_YEAR = new RegExp(`(\\d{4}|${CN_YEAR})\\s*年度?`);
// 统计时限自2020年1月1日至2020年12月31日 / 统计期限为2020年1月1日至12月31日
const PERIOD =
  /(\d{4})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—|~)\s*(?:(\d{4})\s*年\s*)?12\s*月\s*31\s*日/;

/**
 * The year the report covers (not the year it was published): the title's year, the statistical
 * period, else the year the body talks about most (ignoring dates that are the publish date).
 */
export function findReportYear(
  title: string | null,
  lines: readonly ReportLine[],
  publishDate: string | null,
): YearGuess | null {
  if (title && /(报告|年报)/.test(title)) {
    const m = TITLE_YEAR.exec(title);
    const year = m ? parseChineseNumber(m[1]!) : null;
    if (year && year >= 2000 && year <= 2100) return { year, source: "title" };
  }
  const text = lines.map((l) => l.parse).join("\n");
  const period = PERIOD.exec(text);
  if (period) return { year: Number(period[2] ?? period[1]), source: "period" };

  const publishYear = publishDate ? Number(publishDate.slice(0, 4)) : null;
  const scores = new Map<number, number>();
  const add = (year: number, points: number) => scores.set(year, (scores.get(year) ?? 0) + points);
  for (const [index, line] of lines.entries()) {
    // Full dates (2014年1月20日) are when things happened or were signed, not what the report covers.
    const withoutDates = line.parse.replace(/\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?/g, " ");
    for (const m of withoutDates.matchAll(/(\d{4})\s*年(度|以来|[,，]|上半年|全年)?/g)) {
      const year = Number(m[1]);
      if (year < 2000 || year > 2100) continue;
      const points = m[2] === "度" ? 3 : m[2] ? 2 : 1;
      add(year, index < 3 ? points * 2 : points);
    }
  }
  let best: { year: number; score: number } | null = null;
  for (const [year, score] of scores) {
    // A report covers a year that has ended by the time it is published.
    if (publishYear !== null && year > publishYear) continue;
    if (!best || score > best.score || (score === best.score && year < best.year)) best = { year, score };
  }
  return best ? { year: best.year, source: "body" } : null;
}
