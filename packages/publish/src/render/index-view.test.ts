import { loadRubric } from "@touming/grade";
import type { Agency } from "@touming/store";
import { testAgency } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { jurisdictions } from "../jurisdictions.js";
import type { PageCommon } from "../output.js";
import { csvExporter } from "../exporters/csv.js";
import { openDataFiles } from "../open-data-layout.js";
import { type DataFileEntry, type IndexCell, indexView } from "./index-view.js";
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

const agency = (id: string, name: string, level: Agency["level"], parentId: string | null) =>
  testAgency({ id, name, regionCode: "990100", level, parentId, siteUrl: null, listUrls: [] });

/** A city with two departments and a county heading its own jurisdiction. */
const AGENCIES = [
  agency("city", "示例市人民政府", "city", null),
  agency("tj", "示例市统计局", "department", "city"),
  agency("jt", "示例市交通运输局", "department", "city"),
  agency("xian", "示例县人民政府", "county", "city"),
];

const graded = (letter: string): IndexCell => ({ state: "graded", letter });
const CELLS: Record<string, Record<number, IndexCell>> = {
  city: { 2022: graded("B"), 2023: graded("A"), 2024: graded("A") },
  // 2022 graded, 2023 未发现, 2024 无法核实: its latest card is the 无法核实 one.
  tj: {
    2022: graded("C"),
    2023: { state: "not_found", letter: "F" },
    2024: { state: "unverifiable", letter: "—" },
  },
  jt: { 2022: { state: "not_monitored", letter: "—" }, 2024: graded("C") },
  xian: { 2024: graded("D") },
};

/** The open data's files on disk of the three years, with made-up sizes. */
const dataFiles = (extensions: string[]): DataFileEntry[] =>
  openDataFiles(
    extensions.map((extension) => ({ extension, start: csvExporter.start })),
    [2022, 2023, 2024],
  ).map((f, i) => ({
    path: f.path,
    dataset: f.dataset,
    year: f.year,
    extension: f.exporter.extension,
    bytes: 1000 + i * 200_000,
  }));

const inputOf = (extensions: string[]) => ({
  common,
  letters: rubric.grades.map((g) => g.letter),
  grades: rubric.grades,
  agencies: AGENCIES,
  jurisdictions: jurisdictions(AGENCIES),
  years: [2022, 2023, 2024],
  data: { extensions, files: dataFiles(extensions) },
  gradeOf: (id: string, year: number) => CELLS[id]?.[year],
});

const view = indexView(inputOf(["csv", "json"]));
const html = templates.index(view);

/** The row of an agency in the grid. */
const gridRow = (name: string) =>
  new RegExp(`<tr><td class="agency">(?:<a [^>]*>)?${name}[^]*?</tr>`).exec(html)?.[0] ?? "";

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

describe("the index", () => {
  it("leads with the latest year's jurisdictions, then the grid, then the earlier years, newest first", () => {
    const headings = [...html.matchAll(/<h[23]>([^<]*)<\/h[23]>/g)].map((m) => m[1]);
    expect(headings).toEqual([
      "2024年度各辖区评估结果",
      "各机关历年评估结果",
      "往年各辖区评估结果",
      "2023年度",
      "2022年度",
    ]);
  });

  it("counts each jurisdiction's letters, 未发现 and 无法核实, linking its summary of the year", () => {
    const latest = html.slice(html.indexOf("<h2>2024年度"), html.indexOf("<h2>各机关历年"));
    // city: A, C, D and 无法核实 (the county is in the city's jurisdiction too).
    expect(latest).toContain(
      '<tr><td><a href="jurisdictions/city/2024.html">示例市人民政府</a></td><td class="num">4</td>' +
        '<td class="num">1</td><td class="num">0</td><td class="num">1</td><td class="num">1</td><td class="num">0</td>' +
        '<td class="num">0</td><td class="num">1</td></tr>',
    );
    expect(latest).toContain(
      '<a href="jurisdictions/xian/2024.html">示例县人民政府</a></td><td class="num">1</td>',
    );
    const y2023 = html.slice(html.indexOf("<h3>2023年度"), html.indexOf("<h3>2022年度"));
    // 未发现 counts under its letter and apart.
    expect(y2023).toContain(
      '<tr><td><a href="jurisdictions/city/2023.html">示例市人民政府</a></td><td class="num">2</td>' +
        '<td class="num">1</td><td class="num">0</td><td class="num">0</td><td class="num">0</td><td class="num">1</td>' +
        '<td class="num">1</td><td class="num">0</td></tr>',
    );
    // A jurisdiction without a grade of the year is left out of its table.
    expect(y2023).not.toContain("示例县人民政府");
  });

  it("groups the grid by jurisdiction, each agency once, its name linking its latest card", () => {
    const grid = html.slice(html.indexOf('<table class="year-grid">'));
    expect(grid).toContain(
      '<thead><tr><th class="agency">机关</th><th class="year">2024</th><th class="year">2023</th><th class="year">2022</th></tr></thead>',
    );
    const groups = [...grid.matchAll(/<tr class="group-row"><th colspan="4">(.*?)<\/th><\/tr>/g)].map(
      (m) => m[1],
    );
    expect(groups).toEqual([
      '<a href="jurisdictions/city/2024.html">示例市人民政府</a>（3个机关）',
      '<a href="jurisdictions/xian/2024.html">示例县人民政府</a>（1个机关）',
    ]);
    expect(grid.match(/示例县人民政府<\/a><\/td>/g)).toHaveLength(1);
    expect(gridRow("示例市人民政府")).toContain(
      '<td class="agency"><a href="cards/city/2024.html">示例市人民政府</a></td>',
    );
    expect(gridRow("示例市统计局")).toContain(
      '<td class="agency"><a href="cards/tj/2024.html">示例市统计局</a></td>',
    );
    // The county's row comes after its own group's heading.
    expect(grid.indexOf('<td class="agency"><a href="cards/xian/2024.html">')).toBeGreaterThan(
      grid.indexOf('<a href="jurisdictions/xian/2024.html">'),
    );
  });

  it("links each graded or 未发现 cell to its card with the letter, and greys the years without a grade", () => {
    expect(gridRow("示例市人民政府")).toContain(
      '<td class="year-cell state-graded" title="2024年度：A级"><a href="cards/city/2024.html"><span class="letter grade-A">A</span></a></td>' +
        '<td class="year-cell state-graded" title="2023年度：A级"><a href="cards/city/2023.html"><span class="letter grade-A">A</span></a></td>' +
        '<td class="year-cell state-graded" title="2022年度：B级"><a href="cards/city/2022.html"><span class="letter grade-B">B</span></a></td>',
    );
    expect(gridRow("示例市统计局")).toContain(
      '<td class="year-cell state-unverifiable" title="2024年度：无法核实，不评定等级"><a href="cards/tj/2024.html">无法核实</a></td>' +
        '<td class="year-cell state-not_found" title="2023年度：未发现年度报告，评为F级"><a href="cards/tj/2023.html"><span class="letter grade-F">F</span></a></td>' +
        '<td class="year-cell state-graded" title="2022年度：C级"><a href="cards/tj/2022.html"><span class="letter grade-C">C</span></a></td>',
    );
    // Outside the monitoring window, or no grade at all: a grey "—" and no link.
    expect(gridRow("示例市交通运输局")).toContain(
      '<td class="year-cell state-none" title="2023年度：未纳入监测">—</td><td class="year-cell state-none" title="2022年度：未纳入监测">—</td>',
    );
    expect(gridRow("示例县人民政府").match(/state-none/g)).toHaveLength(2);
  });

  it("explains the letters by the rubric's labels and lowest scores, and the grey cells", () => {
    const legend = html.slice(
      html.indexOf('<ul class="legend">'),
      html.indexOf('<div class="table-wrap"><table class="year-grid">'),
    );
    expect(legend).toContain('<li><span class="letter grade-A">A</span> 优秀（≥90分）</li>');
    expect(legend).toContain('<li><span class="letter grade-B">B</span> 良好（≥80分）</li>');
    expect(legend).toContain('<li><span class="letter grade-F">F</span> 不合格（&lt;60分）</li>');
    expect(legend).toContain("<li>未发现年度报告的，计0分，评为F级</li>");
    expect(legend).toContain(
      '<li><span class="legend-cell state-unverifiable">无法核实</span> 因网站无法访问等原因无法核实，不评定等级</li>',
    );
    expect(legend).toContain('<li><span class="legend-cell state-none">—</span> 未纳入监测或无评估记录</li>');
  });

  it("has no Latin word but the grade letters, the project's name and the files' size units in its text", () => {
    const text = visibleText(html);
    expect(text).toContain("各机关历年评估结果");
    const words = new Set(text.match(/[A-Za-z]+/g));
    // A file's size reads as a file manager shows it (1.2 MB).
    for (const w of words) expect(["A", "B", "C", "D", "F", "Touming", "KB", "MB", "GB"], w).toContain(w);
  });
});

it("lists every open-data file with what it holds and its size, the whole datasets first, then each year's", () => {
  const only = indexView(inputOf(["csv"]));
  const row = (name: string, year: string) => only.downloads.find((r) => r.name === name && r.year === year);
  expect(only.downloads.map((r) => `${r.name} ${r.year}`)).toEqual([
    "评分 各年度",
    "评估发现 各年度",
    "复核更正 各年度",
    "报告数据 2024年度",
    "核验结果 2024年度",
    "报告数据 2023年度",
    "核验结果 2023年度",
    "报告数据 2022年度",
    "核验结果 2022年度",
  ]);
  expect(row("评分", "各年度")).toEqual({
    name: "评分",
    year: "各年度",
    contents: "每个机关每个年度的总分和各项得分，未评定等级的说明原因",
    files: [{ label: "表格", path: "data/grades.csv.gz", size: "1000 字节" }],
  });
  // The files' sizes: 1,000 bytes, then 200,000 bytes more per file, in the order they are written.
  expect(row("报告数据", "2022年度")!.files).toEqual([
    { label: "表格", path: "data/2022/values.csv.gz", size: "196 KB" },
  ]);
  expect(row("核验结果", "2024年度")!.files).toEqual([
    { label: "表格", path: "data/2024/checks.csv.gz", size: "1.1 MB" },
  ]);
  expect(templates.index(only)).not.toContain(".json");
  // Both formats, each with its size, on the page.
  expect(html).toContain(
    '<tr><td>评分</td><td>各年度</td><td>每个机关每个年度的总分和各项得分，未评定等级的说明原因</td><td><a href="data/grades.csv.gz">表格</a>（1000 字节）、<a href="data/grades.json.gz">结构化数据</a>（196 KB）</td></tr>',
  );
  expect(html).toContain('<a href="data/2024/values.json.gz">结构化数据</a>');
  expect(html).toContain('<a href="#data">开放数据下载</a>');
});

it("lists no open data when none is on disk", () => {
  const none = templates.index(
    indexView({ ...inputOf(["csv", "json"]), data: { extensions: [], files: [] } }),
  );
  expect(none).not.toContain("开放数据");
});
