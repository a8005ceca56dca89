import { daysBetween } from "./deadline.js";
import type { CrawlCoverageFact, GradeInput } from "./grade-input.js";

/**
 * The states of an agency-year (rubric v2): graded (a report was found and read); 未发现 (shown
 * not to be published: a complete crawl after the deadline did not list it, or its link stayed dead
 * over crawls 14 days apart while the host answered); 无法核实 (anything else that stops the check:
 * no grade, left out of averages, ranks and counts); 未纳入监测 (outside the monitoring window).
 */
export type AgencyYearState = "graded" | "not_found" | "unverifiable" | "not_monitored";

/** How a year without a report stands, and why, in Chinese for the card. */
export interface MissingReportState {
  state: Exclude<AgencyYearState, "graded">;
  /** What the card says (未发现年度报告：…, 报告链接失效：…, 无法核实：…). */
  reason: string;
  /** The state in a few words, as each dimension's row says it (未发现年度报告, 报告链接失效, 无法核实). */
  headline: string;
  /** What would resolve it (无法核实 only). */
  resolve: string | null;
  /** The facts behind it, for open data. */
  evidence: Record<string, unknown>;
}

/** Days a report link must stay dead, crawl to crawl, before the report counts as gone. */
export const DEAD_LINK_DAYS = 14;

/** What stops a check, by crawl finding kind: the reason an office reads, and what would resolve it. */
const UNVERIFIABLE: readonly { kinds: RegExp; reason: string; resolve: string }[] = [
  {
    kinds: /^blocked$/,
    reason: "机关网站启用了访问验证（反爬虫），监测程序无法读取栏目页面",
    resolve: "请对监测程序放行，或提供可直接访问的年度报告栏目地址",
  },
  {
    kinds: /^robots$/,
    reason: "机关网站的robots协议禁止读取年度报告栏目",
    resolve: "请调整robots协议，或提供可访问的年度报告栏目地址",
  },
  {
    kinds: /^(column_moved|no_column)$/,
    reason: "未能找到年度报告栏目（原栏目地址无法访问或已变更）",
    resolve: "请提供可访问的年度报告栏目地址",
  },
  {
    kinds: /^(pagination_repeats|list_pattern_failed|page_unreadable)$/,
    reason: "年度报告栏目的页面或分页无法识别，未能读完栏目",
    resolve: "请提供年度报告栏目的规范地址，或规范栏目分页",
  },
  {
    kinds: /^budget_/,
    reason: "年度报告栏目页面数量或内容异常，本次检查未能读完",
    resolve: "将在下次检查时继续核实；如栏目地址有误请予更正",
  },
  {
    kinds: /^(failed|redirect_shell_chain)$/,
    reason: "年度报告栏目页面无法访问（网络错误、超时或服务器错误）",
    resolve: "请核实栏目地址和网站运行情况，将在下次检查时再次核实",
  },
];

/** A report link found but not read, by its coverage reason kind. */
const REPORT_LINK: Readonly<Record<string, { reason: string; resolve: string }>> = {
  report_link_robots: {
    reason: "已发现年度报告链接，但网站的robots协议禁止读取",
    resolve: "请调整robots协议，允许读取年度报告",
  },
  report_link_blocked: {
    reason: "已发现年度报告链接，但网站的访问验证（反爬虫）阻止读取",
    resolve: "请对监测程序放行",
  },
  report_link_failed: {
    reason: "已发现年度报告链接，但暂时无法打开",
    resolve: "请核实报告链接是否有效，将在下次检查时再次核实",
  },
  report_link_dead_attachment: {
    reason: "已发现年度报告链接，但附件无法打开",
    resolve: "请核实报告附件是否有效，将在下次检查时再次核实",
  },
};

const NO_COMPLETE_CRAWL = {
  reason: "截止日期后尚未完成对该机关年度报告栏目的完整检查",
  resolve: "将在下次检查后确认",
};

/** The state of a year without a report: 未纳入监测, 未发现 on the evidence, else 无法核实 and why. */
export function missingReportState(input: GradeInput, deadline: string): MissingReportState {
  if (input.unmonitored)
    return {
      state: "not_monitored",
      reason: "不在监测范围内",
      headline: "未纳入监测",
      resolve: null,
      evidence: {},
    };
  const dead = (input.deadLinks ?? []).find(
    (d) =>
      d.hostAnswered && daysBetween(d.firstDeadAt.slice(0, 10), d.lastDeadAt.slice(0, 10)) >= DEAD_LINK_DAYS,
  );
  if (dead)
    return {
      state: "not_found",
      headline: "报告链接失效",
      reason: `报告链接失效：${dead.firstDeadAt.slice(0, 10)}至${dead.lastDeadAt.slice(0, 10)}多次检查均无法打开（网站其他页面正常）`,
      resolve: null,
      evidence: { deadLink: dead },
    };
  // The agency's crawls that ran to their end after the deadline, oldest first.
  const after = (input.coverage ?? [])
    .filter((c) => c.finishedAt.slice(0, 10) > deadline)
    .sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
  const latest = after.at(-1);
  // A report link listed but not read (robots.txt, a challenge, an error) in the latest crawl: the
  // report may be there. Which year a link was for is not known here, so every missing year waits.
  const unread = latest?.reasons.find((r) => r.kind.startsWith("report_link_"));
  if (unread) return unverifiable(REPORT_LINK[unread.kind] ?? REPORT_LINK.report_link_failed!, latest);
  // The first complete crawl after the deadline: the card says the same thing every night after it.
  const complete = after.find((c) => c.complete);
  if (complete)
    return {
      state: "not_found",
      headline: "未发现年度报告",
      reason: `未发现年度报告：${complete.finishedAt.slice(0, 10)}完整检查了年度报告栏目，未见该年度报告`,
      resolve: null,
      evidence: { completeCrawl: complete.finishedAt.slice(0, 10), looked: input.looked.slice(0, 20) },
    };
  return unverifiable((latest && causeOf(latest)) ?? NO_COMPLETE_CRAWL, latest);
}

/** 无法核实, why and what would resolve it, with the last crawl's causes behind it. */
function unverifiable(
  said: { reason: string; resolve: string },
  latest: CrawlCoverageFact | undefined,
): MissingReportState {
  return {
    state: "unverifiable",
    headline: "无法核实",
    reason: `无法核实：${said.reason}`,
    resolve: said.resolve,
    evidence: {
      lastCrawl: latest?.finishedAt.slice(0, 10) ?? null,
      // The pages and findings behind it (ids and details stay in open data, not on the card).
      reasons: latest?.reasons.slice(0, 20) ?? [],
    },
  };
}

/** The first cause of an incomplete crawl that explains it, in an office's words. */
function causeOf(crawl: CrawlCoverageFact): { reason: string; resolve: string } | null {
  for (const rule of UNVERIFIABLE)
    if (crawl.reasons.some((r) => rule.kinds.test(r.kind)))
      return { reason: rule.reason, resolve: rule.resolve };
  return crawl.reasons.length > 0 ? UNVERIFIABLE.at(-1)! : null;
}
