import { loadRubric } from "@touming/grade";
import { describe, expect, it } from "vitest";
import type { Headline, PageCommon } from "../output.js";
import { SUMMARY_KEYS, type SummaryLine, type SummaryYearCell, summaryView } from "./summary-view.js";
import { loadTemplates } from "./templates.js";

const rubric = loadRubric();
const templates = loadTemplates();
const common: PageCommon = {
  rubricVersion: rubric.version,
  rubricTitle: rubric.title,
  generatedOn: "2025-06-01",
  rubricPath: "rubric/v2.html",
  office: null,
};

const graded = (letter: string, score: number): SummaryYearCell => ({ state: "graded", letter, score });
const NOT_FOUND: SummaryYearCell = { state: "not_found", letter: "F", score: 0 };
const UNVERIFIABLE: SummaryYearCell = { state: "unverifiable", letter: "—", score: 0 };

/** Every year kept of each member (the run keeps state, letter and score alone). */
const HISTORY: Record<string, Record<number, SummaryYearCell>> = {
  city: { 2023: graded("A", 92), 2024: graded("A", 95.5), 2025: graded("B", 85) },
  // A graded year, a 未发现 year and a 无法核实 year.
  tj: { 2021: NOT_FOUND, 2022: graded("B", 85), 2023: NOT_FOUND, 2024: UNVERIFIABLE },
};
const NAMES: Record<string, string> = { city: "示例市人民政府", tj: "示例市统计局" };

const line = (agencyId: string, cell: SummaryYearCell): SummaryLine => {
  const headline: Headline = {
    ...cell,
    stateReason: cell.state === "unverifiable" ? "网站的访问验证（反爬虫）阻止读取" : null,
    resolve: cell.state === "unverifiable" ? "请对监测程序放行" : null,
    label: cell.state === "graded" ? "优秀" : "",
    onTime: cell.state === "graded" ? true : null,
    missing: cell.state !== "graded",
  };
  return { agencyId, name: NAMES[agencyId]!, ...headline, failedChecks: 0, sums: SUMMARY_KEYS.map(() => 1) };
};

const view = summaryView(
  "示例市人民政府",
  2024,
  rubric.grades.map((g) => g.letter),
  ["city", "tj"].map((id) => ({ now: line(id, HISTORY[id]![2024]!), before: line(id, HISTORY[id]![2023]!) })),
  common,
  {
    grid: ["city", "tj"].map((id) => ({
      agencyId: id,
      name: NAMES[id]!,
      years: new Map(Object.entries(HISTORY[id]!).map(([y, c]) => [Number(y), c])),
    })),
    grades: rubric.grades,
  },
);
const html = templates.summary(view);
const grid = html.slice(html.indexOf("<h2>各机关历年评估结果</h2>"), html.indexOf("<h2>合计</h2>"));
const row = (name: string) =>
  new RegExp(`<tr><td class="agency">${name}</td>[^]*?</tr>`).exec(grid)?.[0] ?? "";

/** What a reader sees of a page: the body's text, each tag a space (cells apart), entities decoded. */
const visibleText = (page: string) =>
  page
    .replace(/^[\s\S]*<body>/, "")
    .replace(/<[^>]*>/g, " ")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&");

describe("the agency × year grid of a summary", () => {
  it("has a column per year any member has, newest first, none after the summary's year", () => {
    expect(view.grid.years).toEqual([2024, 2023, 2022, 2021]);
    expect(grid).toContain(
      '<thead><tr><th class="agency">机关</th><th class="year">2024</th><th class="year">2023</th><th class="year">2022</th><th class="year">2021</th></tr></thead>',
    );
    expect(grid).not.toContain("2025");
  });

  it("shows letter and score of a graded year, F for 未发现 and a grey 无法核实, each linking its card", () => {
    expect(row("示例市统计局")).toBe(
      '<tr><td class="agency">示例市统计局</td>' +
        '<td class="year-cell state-unverifiable" title="2024年度：无法核实，不评定等级"><a href="../../cards/tj/2024.html">无法核实</a></td>' +
        '<td class="year-cell state-not_found" title="2023年度：未发现年度报告，评为F级"><a href="../../cards/tj/2023.html"><span class="letter grade-F">F</span></a></td>' +
        '<td class="year-cell state-graded" title="2022年度：B级，85分"><a href="../../cards/tj/2022.html"><span class="letter grade-B">B</span> 85</a></td>' +
        '<td class="year-cell state-not_found" title="2021年度：未发现年度报告，评为F级"><a href="../../cards/tj/2021.html"><span class="letter grade-F">F</span></a></td>' +
        "</tr>",
    );
    // A year the agency has no grade of: a grey "—", no link.
    expect(row("示例市人民政府")).toContain(
      '<a href="../../cards/city/2024.html"><span class="letter grade-A">A</span> 95.5</a></td>',
    );
    expect(row("示例市人民政府")).toContain(
      '<td class="year-cell state-none" title="2022年度：未纳入监测">—</td><td class="year-cell state-none" title="2021年度：未纳入监测">—</td></tr>',
    );
  });

  it("averages each year as the summary does, with — where no report was graded", () => {
    // 2024: 95.5 (无法核实 left out); 2023: (92 + 0) / 2; 2022: 85; 2021: only 未发现.
    expect(view.grid.averages).toEqual(["95.5", "46", "85", "—"]);
    expect(grid).toContain(
      '<tfoot><tr><th class="agency">平均得分</th><td class="year-cell num">95.5</td><td class="year-cell num">46</td><td class="year-cell num">85</td><td class="year-cell num">—</td></tr></tfoot>',
    );
  });

  it("explains the letters and the grey cells", () => {
    expect(grid).toContain('<li><span class="letter grade-A">A</span> 优秀（≥90分）</li>');
    expect(grid).toContain('<li><span class="letter grade-F">F</span> 不合格（&lt;60分）</li>');
    expect(grid).toContain("<li>未发现年度报告的，计0分，评为F级</li>");
    expect(grid).toContain('<span class="legend-cell state-unverifiable">无法核实</span>');
  });

  it("says so when no member has a grade up to the year", () => {
    const empty = summaryView("示例市人民政府", 2020, ["A", "F"], [], common, {
      grid: [{ agencyId: "tj", name: "示例市统计局", years: new Map([[2024, NOT_FOUND]]) }],
      grades: rubric.grades,
    });
    expect(empty.grid.rows).toEqual([]);
    expect(templates.summary(empty)).toContain("<h2>各机关历年评估结果</h2>\n<p>无。</p>");
  });

  it("leaves the page without a Latin word but the grade letters and the project's name", () => {
    const text = visibleText(html);
    expect(text).toContain("各机关历年评估结果");
    for (const w of new Set(text.match(/[A-Za-z]+/g)))
      expect(["A", "B", "C", "D", "F", "Touming"], w).toContain(w);
  });
});

describe("the summary's totals", () => {
  it("count a 总计 a report left blank as unknown, not 0, and say how many reports left it out", () => {
    const member = (agencyId: string, granted: number | null, direct: number | null) => {
      const l = line(agencyId, graded("A", 95));
      l.sums = SUMMARY_KEYS.map((k) =>
        k === "apply.granted.total" ? granted : k === "litigation_direct.total" ? direct : 1,
      );
      return { now: l, before: undefined };
    };
    const totals = summaryView(
      "示例市人民政府",
      2024,
      rubric.grades.map((g) => g.letter),
      [member("city", 258, 2), member("tj", null, null)],
      common,
      { grid: [], grades: rubric.grades },
    ).totals;
    expect(totals).toEqual([
      { label: "本年新收申请（件）", value: 2 },
      { label: "办理结果总计（件）", value: 2 },
      { label: "予以公开（件）", value: "258（另有1个机关未列明，未计入）" },
      { label: "行政复议（件）", value: 2 },
      { label: "行政诉讼（件）", value: "3（另有1个机关未列明，未计入）" },
    ]);
  });
});
