import { daysBetween } from "./deadline.js";
import type { CrawlCoverageFact, GradedReport } from "./grade-input.js";

/**
 * One piece of evidence on when a report was published, strongest kinds first:
 * - `page`: the article page's own publish date (meta tags, its metadata table, a 发布日期 line);
 * - `api`: the publish time a JSON list API gives for it;
 * - `list`: the date printed beside its link on the report column;
 * - `signature`: the date signed under it (a lower bound: a report is not published before it is
 *   signed, so a signature after the deadline proves lateness, one before it proves nothing);
 * - `crawl`: a complete crawl after the deadline that did not list it (it was published after that
 *   crawl at the earliest: a lower bound too).
 * The date the crawler first saw a report is never evidence on its own. Above them all, `review`: the
 * date an office corrected by review, with the URL that shows it (`url`).
 */
export interface DateEvidence {
  kind: "review" | "page" | "api" | "list" | "signature" | "crawl";
  date: string;
  /** Only "published on or after this date" is known. */
  lowerBound: boolean;
  /** Where it was read, as the card says it. */
  source: string;
  /** A `review` date: the URL the office gave as its evidence. */
  url?: string;
}

/** Extract's publish-date sources that are the page's own statement of when it was published. */
const PAGE_SOURCES: Readonly<Record<string, string>> = {
  "meta-tag": "页面元数据中的发布时间",
  metadata: "页面标注的发布日期",
  body: "正文中的发布日期",
  "top-line": "正文首行日期",
  // An attachment report dated by the article page that links it.
  "attachment-page": "附件所在文章页标注的发布日期",
};

/** Every piece of evidence the stored facts give on when the report was published, strongest first. */
export function publishDateEvidence(
  report: GradedReport,
  deadline: string,
  coverage: readonly CrawlCoverageFact[],
): DateEvidence[] {
  const out: DateEvidence[] = [];
  const source = report.publishDateSource ?? "";
  if (report.reviewedPublishDate)
    out.push({
      kind: "review",
      date: report.reviewedPublishDate.date,
      lowerBound: false,
      source: "复核更正的发布日期",
      url: report.reviewedPublishDate.url,
    });
  if (report.publishDate && PAGE_SOURCES[source])
    out.push({ kind: "page", date: report.publishDate, lowerBound: false, source: PAGE_SOURCES[source]! });
  if (report.listedDate) {
    const api = report.listedDateSource === "api";
    out.push({
      kind: api ? "api" : "list",
      date: report.listedDate,
      lowerBound: false,
      source: api ? "栏目数据接口中的发布时间" : "栏目列表中的日期",
    });
  }
  if (report.publishDate && (source === "signature" || source === "written"))
    out.push({
      kind: "signature",
      date: report.publishDate,
      lowerBound: true,
      source: source === "written" ? "成文日期" : "落款日期",
    });
  // The last complete crawl after the deadline that read the agency's columns before the report was
  // first seen: the report was not listed then.
  const seen = report.firstSeenAt?.slice(0, 10) ?? null;
  const before = coverage
    .filter(
      (c) =>
        c.complete &&
        c.finishedAt.slice(0, 10) > deadline &&
        seen !== null &&
        c.finishedAt < report.firstSeenAt!,
    )
    .map((c) => c.finishedAt.slice(0, 10))
    .sort()
    .at(-1);
  if (before)
    out.push({ kind: "crawl", date: before, lowerBound: true, source: "完整检查年度报告栏目的记录" });
  return out;
}

/** What the evidence proves: on time, late by so many days (at least), or nothing. */
export type PublishTiming =
  | { known: false }
  | { known: true; late: boolean; daysLate: number; evidence: DateEvidence; atLeast: boolean };

/**
 * The strongest evidence that settles the question: an exact date settles it either way; a lower
 * bound only when it falls after the deadline (then the report is late by at least that much).
 */
export function publishTiming(evidence: readonly DateEvidence[], deadline: string): PublishTiming {
  for (const e of evidence) {
    const late = daysBetween(deadline, e.date);
    if (!e.lowerBound)
      return { known: true, late: late > 0, daysLate: Math.max(0, late), evidence: e, atLeast: false };
    if (late > 0) return { known: true, late: true, daysLate: late, evidence: e, atLeast: true };
  }
  return { known: false };
}
