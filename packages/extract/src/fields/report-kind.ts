import type { ExtractedSection } from "../types.js";

/** Words of a title that name an annual disclosure report. */
const NAMES_REPORT = /(年度报告|年报|工作报告)/;

/**
 * Documents filed in the annual-report column that are not reports, by their title, each refusal with
 * the reason a reader of the result sees. A 函 or 通知 about the reports is refused, unless the report
 * itself is printed in it (its tables were read); a 工作要点 or 预算/决算 unless its title names a
 * report; an analysis or comparison of reports always, tables or not.
 */
const REFUSALS: { re: RegExp; reason: string; unless: "tables" | "named" | null }[] = [
  // The title's last word says what the document is: …工作要点落实情况的函 is a letter.
  { re: /的?函$|函告/, reason: "a 函 (a letter), not a report", unless: "tables" },
  { re: /(通知|通报|请示|批复|意见)$/, reason: "a 通知/通报 (a notice), not a report", unless: "tables" },
  {
    re: /(对比|比较|分析|评估|测评|排名|点评|汇总)/,
    reason: "an analysis or comparison of reports, not a report",
    unless: null,
  },
  { re: /工作要点/, reason: "a 工作要点 (a work plan), not a report", unless: "named" },
  { re: /(决算|预算)/, reason: "a budget or final accounts (预算/决算), not a report", unless: "named" },
];

/** A letter says so in its body: 现将…函告如下, 特此函告/函复. */
const LETTER_BODY = /(函告如下|特此函告|特此函复|现函复如下)/;
/** A report's own title in its text: `2024年度政府信息公开工作年度报告`. */
const REPORT_TITLE_YEAR = /((?:19|20)\d\d)\s*年(?:度)?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?报告/g;
/** The first heading of the 2019+ forms and of most legacy reports. */
const OVERVIEW_HEADING = /(?:^|[。\s])一\s*[、.．]\s*(?:总体情况|概述)/gm;

export interface ReportKind {
  isReport: boolean;
  /** Why not, when the document is refused or does not read as a report; null for a report. */
  notReport: string | null;
}

/**
 * Whether a document is an annual disclosure report, from its content rather than its line
 * structure: tables or a 2019+ form, or the words of a report and its headings (found inline too).
 * A comparison or analysis of reports, a 函 or 通知, a 工作要点, a 预算/决算 is refused with the reason.
 */
export function judgeReportKind(input: {
  title: string | null;
  /** The column's name or the site's catalogue: 政府信息公开年报. */
  labels: string;
  text: string;
  sections: readonly ExtractedSection[];
  hasTables: boolean;
  /** The document prints a 2019+ form (its labels, citations or headings). */
  modernForm: boolean;
}): ReportKind {
  const title = (input.title ?? "").trim();
  const named = NAMES_REPORT.test(title);
  for (const refusal of REFUSALS) {
    const excused = (refusal.unless === "named" && named) || (refusal.unless === "tables" && input.hasTables);
    if (refusal.re.test(title) && !excused)
      return { isReport: false, notReport: `${refusal.reason}: 「${title}」` };
  }
  if (!named && LETTER_BODY.test(input.text)) {
    const at = LETTER_BODY.exec(input.text)!;
    return { isReport: false, notReport: `a 函 (a letter), not a report: 「${at[0]}」` };
  }
  // Two years' reports printed one after the other (a comparison print), each with its own 一、总体情况.
  const years = new Set([...input.text.matchAll(REPORT_TITLE_YEAR)].map((m) => m[1]));
  const overviews = [...input.text.matchAll(OVERVIEW_HEADING)].length;
  if (years.size >= 2 && overviews >= 2)
    return {
      isReport: false,
      notReport: `the reports of several years (${[...years].sort().join(", ")}) printed together, not one report`,
    };

  const namesReport =
    /(信息公开|政务公开)/.test(`${title}${input.labels}${input.text.slice(0, 2000)}`) &&
    /(年度报告|年报|工作报告|年度工作)/.test(`${title}${input.labels}${input.text}`);
  // 工作考核… can be a mere sentence of any text (it is recognised from a line too): not counted here.
  const headed = input.sections.filter((s) => s.key !== "assessment").length;
  const isReport = input.hasTables || (namesReport && (input.modernForm || headed >= 2)) || headed >= 4;
  return {
    isReport,
    notReport: isReport ? null : "does not read as a government information disclosure annual report",
  };
}
