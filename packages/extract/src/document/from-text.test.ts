import { APPLICATION_COLUMNS, applicationRows, formLabel } from "@touming/vocabulary";
import { describe, expect, it } from "vitest";
import { extract } from "../extract-markup.js";
import { fixtureJson } from "../testing/fixtures.js";
import type { ExtractedReport } from "../types.js";
import { textToDocument } from "./from-text.js";
import { displayWidth } from "./text-table.js";

// The 淮安市人民政府 2024 figures (every cell of the three tables), printed below in the shapes a
// text conversion gives them; row labels as the 2021 form prints them.
const expected = fixtureJson<{ values: Record<string, number> }>("html/huaian-2024.expected.json").values;
const TABLE = /^(apply|review|litigation_direct|litigation_after_review|proactive)\./;

function run(text: string): ExtractedReport {
  const result = extract({ bytes: Buffer.from(text), contentType: "text/plain" });
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

const tableValues = (report: ExtractedReport, prefix = TABLE) =>
  Object.fromEntries(report.values.filter((v) => prefix.test(v.key)).map((v) => [v.key, v.value]));
const pick = (prefix: RegExp) => Object.fromEntries(Object.entries(expected).filter(([k]) => prefix.test(k)));

const hardFailures = (report: ExtractedReport) =>
  report.checks.filter((c) => c.severity === "hard" && c.status === "fail").map((c) => `${c.id}:${c.scope}`);

const wrap = (tables: string) =>
  [
    "淮安市人民政府2024年政府信息公开工作年度报告",
    "一、总体情况",
    "2024年，我市坚持以人民为中心推进政务公开。",
    tables,
    "五、政府信息公开工作存在的主要问题及改进情况",
    "一是政策解读形式不够丰富。下一步将加强解读。",
    "六、其他需要报告的事项",
    "本年度收取信息处理费3940元。",
  ].join("\n");

/** Table 三's rows in printed order: key row part, printed label, groups above it. */
const rows = applicationRows("2021").map((row) => {
  const label = formLabel(`apply.${row}.total`, "2021")!;
  return { row, label: label.rowLabel!, groups: label.rowGroups };
});
const rowValues = (row: string) => APPLICATION_COLUMNS.map((c) => String(expected[`apply.${row}.${c}`]));

describe("markdown pipe tables, one table per row group, under wrong headers (an OCR conversion)", () => {
  // The shape of the 沭阳县 2025 report's conversion (corpus shuyang-county-2025.txt): table 二 as
  // one table per 第二十条 item, table 三 as one table per group under 数据1…数据6 headers and, for
  // its last rows, a header naming rows; table 四 as one table per group.
  const pipe = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const sep = (n: number) => pipe(Array<string>(n).fill("---"));
  const dataHeader = [pipe(["类别", "数据1", "数据2", "数据3", "数据4", "数据5", "数据6", "总计"]), sep(8)];
  const groupTable = (heading: string, keys: string[]) => [
    `### ${heading}`,
    ...dataHeader,
    ...keys.map((row) =>
      pipe([rows.find((r) => r.row === row)!.label.replace(/^\d\./, "$& "), ...rowValues(row)]),
    ),
    "",
  ];
  const text = [
    "## 二、主动公开政府信息情况",
    "### 第二十条第（一）项",
    pipe(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
    sep(4),
    pipe(["规章", "1", "0", "11"]),
    pipe(["行政规范性文件", "8", "26", "66"]),
    "### 第二十条第（五）项",
    pipe(["信息内容", "本年处理决定数量"]),
    sep(2),
    pipe(["行政许可", "447228"]),
    "### 第二十条第（六）项",
    pipe(["信息内容", "本年处理决定数量"]),
    sep(2),
    pipe(["行政处罚", "3985758"]),
    pipe(["行政强制", "88283"]),
    "### 第二十条第（八）项",
    pipe(["信息内容", "本年收费金额（单位：万元）"]),
    sep(2),
    pipe(["行政事业性收费", "96171.6"]),
    "## 三、收到和处理政府信息公开申请情况",
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
    "### 申请人情况 (法人或其他组织)",
    pipe(["商业企业", "科研机构", "社会公益", "法律服务机构", "其他"]),
    sep(5),
    pipe(["-", "-", "-", "-", "-"]),
    "",
    ...groupTable("一、本年新收政府信息公开申请数量", ["new_received"]),
    ...groupTable("二、上年结转政府信息公开申请数量", ["carried_over"]),
    "### 三、本年度办理结果",
    ...groupTable("(一) 予以公开", ["granted"]),
    ...groupTable("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)", ["partially_granted"]),
    ...groupTable(
      "(三) 不予公开",
      rows.filter((r) => r.row.startsWith("withheld.")).map((r) => r.row),
    ),
    ...groupTable(
      "(四) 无法提供",
      rows.filter((r) => r.row.startsWith("unable.")).map((r) => r.row),
    ),
    ...groupTable(
      "(五) 不予处理",
      rows.filter((r) => r.row.startsWith("not_processed.")).map((r) => r.row),
    ),
    ...groupTable("(六) 其他", ["other_handling.no_correction"]),
    pipe(["项目", "本年新收件数", "上年结转件数", "予以公开", "部分公开", "不予公开", "结转下年度", "总计"]),
    sep(8),
    ...["other_handling.fee_unpaid", "other_handling.misc", "handled_total", "carried_forward"].map((row) =>
      pipe([rows.find((r) => r.row === row)!.label, ...rowValues(row)]),
    ),
    "",
    "## 四、政府信息公开行政复议、行政诉讼情况",
    ...(
      [
        ["行政复议", "review"],
        ["行政诉讼（未经复议直接起诉）", "litigation_direct"],
        ["行政诉讼（复议后起诉）", "litigation_after_review"],
      ] as const
    ).flatMap(([heading, group]) => [
      `### ${heading}`,
      pipe(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]),
      "|----------|----------|----------|----------|------|",
      pipe(
        ["upheld", "corrected", "other", "pending", "total"].map((o) => String(expected[`${group}.${o}`])),
      ),
      "",
    ]),
  ].join("\n");
  const report = run(wrap(text));

  it("reads every cell of the three tables, by the rows' printed labels", () => {
    expect(tableValues(report)).toEqual(expected);
    expect(report.format).toBe("2021");
    expect(hardFailures(report)).toEqual([]);
  });

  it("reads the rows under the header naming rows in the form's column order", () => {
    const misc = report.values.find((v) => v.key === "apply.other_handling.misc.natural_person");
    expect(misc).toMatchObject({ value: 108, raw: "108" });
    expect(misc?.excerpt).toBe("3.其他 · 自然人: 108");
  });

  it("turns the table parts into three grids, and keeps the headings outside them as text", () => {
    const doc = textToDocument(wrap(text), "utf-8");
    expect(doc.blocks.filter((b) => b.kind === "table")).toHaveLength(3);
    const lines = doc.blocks.flatMap((b) => (b.kind === "text" ? [b.text] : []));
    expect(lines).toContain("二、主动公开政府信息情况");
    expect(lines).toContain("四、政府信息公开行政复议、行政诉讼情况");
    expect(lines.some((l) => l.includes("数据1") || l.includes("(一) 予以公开"))).toBe(false);
  });
});

describe("a markdown conversion that keeps each table whole", () => {
  const pipe = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const values = (group: string) =>
    ["upheld", "corrected", "other", "pending", "total"].map((o) => String(expected[`${group}.${o}`]));

  it("reads multi-row headers, label columns left empty under a group, and caption rows", () => {
    const lines = [
      "二、主动公开政府信息情况",
      pipe(["第二十条第（一）项", "", "", ""]),
      "|---|---|---|---|",
      pipe(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
      pipe(["规章", "1", "0", "11"]),
      pipe(["行政规范性文件", "8", "26", "66"]),
      pipe(["第二十条第（五）项", "", "", ""]),
      pipe(["信息内容", "本年处理决定数量", "", ""]),
      pipe(["行政许可", "447228", "", ""]),
      pipe(["第二十条第（六）项", "", "", ""]),
      pipe(["信息内容", "本年处理决定数量", "", ""]),
      pipe(["行政处罚", "3985758", "", ""]),
      pipe(["行政强制", "88283", "", ""]),
      pipe(["第二十条第（八）项", "", "", ""]),
      pipe(["信息内容", "本年收费金额（单位：万元）", "", ""]),
      pipe(["行政事业性收费", "96171.6", "", ""]),
      "三、收到和处理政府信息公开申请情况",
      pipe(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况"]),
      "|---|---|---|---|---|---|---|---|---|---|",
      pipe(["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
      pipe(["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]),
    ];
    let above: readonly string[] = [];
    for (const { row, label, groups } of rows) {
      // A spanned group label is printed once, on its first row.
      const shown = groups.map((g, i) => (above[i] === g ? "" : g));
      above = groups;
      const labelCells = [...shown, label, "", ""].slice(0, 3);
      lines.push(pipe([...labelCells, ...rowValues(row)]));
    }
    lines.push(
      "四、政府信息公开行政复议、行政诉讼情况",
      pipe(["行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""]),
      `|${"---|".repeat(15)}`,
      pipe([
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
        "未经复议直接起诉",
        "",
        "",
        "",
        "",
        "复议后起诉",
      ]),
      pipe([
        "",
        "",
        "",
        "",
        "",
        ...Array<string>(2)
          .fill(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"].join("|"))
          .join("|")
          .split("|"),
      ]),
      pipe([...values("review"), ...values("litigation_direct"), ...values("litigation_after_review")]),
    );
    const report = run(wrap(lines.join("\n")));
    expect(tableValues(report)).toEqual(expected);
    expect(hardFailures(report)).toEqual([]);
  });

  it("reads table 二 and 四 under headers that name no column in the form's column order", () => {
    const lines = [
      "二、主动公开政府信息情况",
      "第二十条第（一）项",
      pipe(["信息内容", "数据1", "数据2", "数据3"]),
      "|---|---|---|---|",
      pipe(["规章", "1", "0", "11"]),
      pipe(["行政规范性文件", "8", "26", "66"]),
      "第二十条第（五）项",
      pipe(["信息内容", "数据1"]),
      "|---|---|",
      pipe(["行政许可", "447228"]),
      "四、政府信息公开行政复议、行政诉讼情况",
      "行政复议",
      pipe(["数据1", "数据2", "数据3", "数据4", "数据5"]),
      "|---|---|---|---|---|",
      pipe(values("review")),
    ];
    const report = run(wrap(lines.join("\n")));
    expect(tableValues(report, /^proactive\./)).toEqual(
      pick(/^proactive\.(rules|normative_docs|licensing)\./),
    );
    expect(tableValues(report, /^review\./)).toEqual(pick(/^review\./));
  });
});

describe("table 三 with tab-separated columns", () => {
  const line = (label: string, values: readonly string[]) => [label, ...values].join("\t");
  it("reads a tab-delimited empty cell as a blank (null), never 0", () => {
    const body = rows.map(({ row, label }) => {
      const values = rowValues(row);
      // The source prints the legal-person columns of the withheld rows empty.
      if (row.startsWith("withheld.")) for (const i of [1, 2, 3, 4, 5]) values[i] = "";
      return line(label, values);
    });
    const report = run(wrap(["三、收到和处理政府信息公开申请情况", ...body].join("\n")));
    const got = tableValues(report, /^apply\./);
    expect(got["apply.withheld.state_secret.commercial"]).toBeNull();
    expect(got["apply.withheld.state_secret.natural_person"]).toBe(2);
    expect(got["apply.granted.commercial"]).toBe(21);
    expect(Object.keys(got)).toHaveLength(175);
    const blanks = report.values.filter((v) => v.key.startsWith("apply.withheld.") && v.value === null);
    expect(blanks.every((v) => v.raw === "")).toBe(true);
    expect(blanks).toHaveLength(40);
  });
});

describe("table 三 with columns aligned by spaces", () => {
  /** Cells padded to fixed display widths, the label left-aligned, the numbers right-aligned. */
  const aligned = (label: string, values: readonly string[]) =>
    label + " ".repeat(Math.max(2, 64 - displayWidth(label))) + values.map((v) => v.padStart(8)).join("");

  it("places the printed cells of a row with blanks under the columns of the full rows", () => {
    const body = rows.map(({ row, label }) => {
      const values = rowValues(row);
      if (row === "withheld.state_secret") for (const i of [1, 2, 3, 4, 5]) values[i] = "";
      return aligned(label, values);
    });
    const report = run(wrap(["三、收到和处理政府信息公开申请情况", ...body].join("\n")));
    const got = tableValues(report, /^apply\./);
    const want = pick(/^apply\./);
    for (const c of ["commercial", "research", "social_org", "legal_service", "other_org"])
      want[`apply.withheld.state_secret.${c}`] = null as unknown as number;
    expect(got).toEqual(want);
  });

  it("gives nothing for a row whose cells cannot be placed, and invents no cell", () => {
    const body = rows.map(({ row, label }) =>
      // Two numbers run together with the columns lost: which columns they are is unknown.
      row === "withheld.state_secret" ? `${label}  2  2` : aligned(label, rowValues(row)),
    );
    const report = run(wrap(["三、收到和处理政府信息公开申请情况", ...body].join("\n")));
    const got = tableValues(report, /^apply\./);
    expect(Object.keys(got).filter((k) => k.startsWith("apply.withheld.state_secret."))).toEqual([]);
    expect(got["apply.withheld.law_forbidden.natural_person"]).toBe(30);
  });
});

describe("a PDF's text laid out by position (pdftotext -layout)", () => {
  // Table 三 of the corpus PDF (淮安市人民政府 2024) as pdftotext -layout prints it: the group labels
  // printed vertically between rows, labels wrapped around their row of numbers, a page break (form
  // feed) after which the columns sit elsewhere.
  const layout = `
      三、收到和处理政府信息公开申请情况
                                                         申请人情况
（本列数据的勾稽关系为：第一项加第二项之和，                  法人或其他组织
等于第三项加第四项之和）
                               自然人                                              总计
                                        商业企      科研机     社会公益     法律服务
                                                                           其他
                                        业        构       组织       机构
一、本年新收政府信息公开申请数量                3001        53       0        0    61       4   3119
二、上年结转政府信息公开申请数量                34          0        0        0        0    0    34
      （一）予以公开                   1288        21       0        0    50       3   1362
      （二）部分公开（区分处理的，只计这一情
                                447         7        0        0        0    0   454
      形，不计其他情形）
             1.属于国家秘密            2          0        0        0        0    0    2
三、
本            2.其他法律行政法规禁止公开     30          1        0        0        0    0    31
年
             3.危及“三安全一稳定”        5          0        0        0        0    0    5
度
办            4.保护第三方合法权益         6          0        0        0        0    0    6
      （三）不
理
      予公开
             5.属于三类内部事务信息        7          1        0        0        0    0    8
结
果            6.属于四类过程性信息        12          0        0        0        0    0    12
             7.属于行政执法案卷          9          0        0        0        0    0    9
             8.属于行政查询事项         105         0        0        0        0    0   105
             1.本机关不掌握相关政府信息     746         12       0        0    10       1   769
      （四）无
-4-
\f     法提供       2.没有现成信息需要另行制作           11        0        0         0        0         0    11
               3.补正后申请内容仍不明确            1         0        0         0        0         0    1
               1.信访举报投诉类申请              56        6        0         0        0         0    62
               2.重复申请                   25        0        0         0        0         0    25
     （五）不      3.要求提供公开出版物              0         0        0         0        0         0    0
     予处理
               4.无正当理由大量反复申请            0         0        0         0        0         0    0
               5.要求行政机关确认或重新出
                                        1         0        0         0        0         0    1
               具已获取信息
               1、申请人无正当理由逾期不补
               正、行政机关不再处理其政府信           67        3        0         0        1         0    71
               息公开申请
     （六）其
               2、申请人逾期未按收费通知要
     他处理
               求缴纳费用、行政机关不再处理           6         0        0         0        0         0    6
               其政府信息公开申请
               3、其他                  108          2        0         0        0         0    110
     （七）总计                           2932        53        0         0        61        4   3050
四、结转下年度继续办理                          103          0        0         0        0         0    103
`;
  it("reads every cell of table 三 by its rows' labels", () => {
    const report = run(wrap(layout));
    expect(tableValues(report, /^apply\./)).toEqual(pick(/^apply\./));
    expect(textToDocument(layout, "utf-8").blocks.filter((b) => b.kind === "table")).toHaveLength(1);
  });

  it("places a blank cell of a row after the page break under the columns of that page", () => {
    const blanked = layout.replace(/(2\.重复申请\s+25\s+)0/, (_, head: string) => `${head} `);
    expect(blanked).not.toBe(layout);
    const got = tableValues(run(wrap(blanked)), /^apply\.not_processed\.repeat\./);
    expect(got).toEqual({
      ...pick(/^apply\.not_processed\.repeat\./),
      "apply.not_processed.repeat.commercial": null,
    });
  });
});

describe("rows printed on one line with single spaces", () => {
  it("reads table 二's rows under their 信息内容 headers", () => {
    const lines = [
      "第二十条 第（五）项",
      "信息内容 本年处理决定数量",
      "行政许可 447228",
      "第二十条 第（六）项",
      "信息内容 本年处理决定数量",
      "行政处罚 3985758",
      "行政强制 88283",
      "第二十条 第（八）项",
      "信息内容 本年收费金额（单位：万元）",
      "行政事业性收费 96171.6",
    ];
    const report = run(wrap(["二、主动公开政府信息情况", ...lines].join("\n")));
    expect(tableValues(report)).toEqual(pick(/^proactive\.(licensing|penalty|coercion|fees)\./));
  });
});

describe("tables printed one cell per line", () => {
  it("reads each label line's numbers, group headings and wrapped labels included", () => {
    const lines: string[] = [
      "二、主动公开政府信息情况",
      "第二十条第（一）项",
      "信息内容",
      "本年制发件数",
      "本年废止件数",
      "现行有效件数",
      "规章",
      "1",
      "0",
      "11",
      "行政规范性文件",
      "8",
      "26",
      "66",
      "第二十条第（五）项",
      "信息内容",
      "本年处理决定数量",
      "行政许可",
      "447228",
      "三、收到和处理政府信息公开申请情况",
      "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
      "申请人情况",
      "自然人",
      "法人或其他组织",
      "总计",
      "商业企业",
      "科研机构",
      "社会公益组织",
      "法律服务机构",
      "其他",
    ];
    let groups: readonly string[] = [];
    for (const { row, label, groups: above } of rows) {
      for (const g of above.filter((g) => !groups.includes(g))) lines.push(g);
      groups = above;
      // The long label of 部分公开 wraps onto a second line.
      if (row === "partially_granted") lines.push(label.slice(0, 12), label.slice(12));
      else lines.push(label);
      lines.push(...rowValues(row));
    }
    const report = run(wrap(lines.join("\n")));
    expect(tableValues(report, /^apply\./)).toEqual(pick(/^apply\./));
    expect(tableValues(report, /^proactive\./)).toEqual(
      pick(/^proactive\.(rules|normative_docs|licensing)\./),
    );
    expect(report.format).toBe("2021");
  });

  it("reads a row short of values as nothing: its blanks were not printed", () => {
    const lines = ["三、收到和处理政府信息公开申请情况"];
    for (const { row, label } of rows) {
      lines.push(label);
      lines.push(...(row === "granted" ? ["1288", "1362"] : rowValues(row)));
    }
    const got = tableValues(run(wrap(lines.join("\n"))), /^apply\./);
    expect(Object.keys(got).filter((k) => k.startsWith("apply.granted."))).toEqual([]);
    expect(got["apply.new_received.total"]).toBe(3119);
  });
});

describe("HTML table markup pasted into a text document", () => {
  it("is read as an HTML page's table, spans included", () => {
    const cell = (t: string, attrs = "") => `<td${attrs}>${t}</td>`;
    const htmlRows = rows.map(
      ({ row, label }) =>
        `<tr>${cell(label, ' colspan="2"')}${rowValues(row)
          .map((v) => cell(v))
          .join("")}</tr>`,
    );
    const table = [
      "<table>",
      `<tr>${cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", ' colspan="2" rowspan="3"')}${cell("申请人情况", ' colspan="7"')}</tr>`,
      `<tr>${cell("自然人", ' rowspan="2"')}${cell("法人或其他组织", ' colspan="5"')}${cell("总计", ' rowspan="2"')}</tr>`,
      `<tr>${["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"].map((t) => cell(t)).join("")}</tr>`,
      ...htmlRows,
      "</table>",
    ].join("\n");
    const report = run(wrap(["三、收到和处理政府信息公开申请情况", table].join("\n")));
    expect(tableValues(report, /^apply\./)).toEqual(pick(/^apply\./));
    expect(report.text).not.toContain("<td");
  });
});

describe("table 四 printed one cell per line, one group after another", () => {
  it("reads each group's five values under its name", () => {
    const groups = [
      ["行政复议", "review"],
      ["行政诉讼（未经复议直接起诉）", "litigation_direct"],
      ["行政诉讼（复议后起诉）", "litigation_after_review"],
    ] as const;
    const lines = [
      "四、政府信息公开行政复议、行政诉讼情况",
      "结果维持",
      "结果纠正",
      "其他结果",
      "尚未审结",
      "总计",
      ...groups.flatMap(([name, group]) => [
        name,
        ...["upheld", "corrected", "other", "pending", "total"].map((o) => String(expected[`${group}.${o}`])),
      ]),
    ];
    const report = run(wrap(lines.join("\n")));
    expect(tableValues(report)).toEqual(pick(/^(review|litigation_direct|litigation_after_review)\./));
  });
});

describe("a site header pasted as HTML", () => {
  it("is read as the site's metadata", () => {
    const doc = textToDocument(
      [
        "<table><tr><td>索引号：</td><td>014000319/2025-00012</td><td>发布机构：</td><td>淮安市人民政府办公室</td></tr>",
        "<tr><td>发布日期：</td><td>2025-01-20</td><td>文号：</td><td></td></tr></table>",
        "淮安市人民政府2024年政府信息公开工作年度报告",
      ].join("\n"),
      "utf-8",
    );
    expect(doc.site).toMatchObject({ indexNo: "014000319/2025-00012", publishDate: "2025-01-20" });
  });
});

describe("what is not a table of the report", () => {
  it("a run of digits fusing several cells gives no cell (the one-line dumps)", () => {
    const report = run(
      wrap(
        "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量000000 四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼 10203120001200000",
      ),
    );
    expect(tableValues(report)).toEqual({});
  });

  it("a markdown table of something else stays text", () => {
    const doc = textToDocument(
      ["| 项目 | 说明 |", "|---|---|", "| 网站 | 12 |", "| 微博 | 3 |"].join("\n"),
      "utf-8",
    );
    expect(doc.blocks.every((b) => b.kind === "text")).toBe(true);
    expect(doc.blocks.map((b) => (b.kind === "text" ? b.text : ""))).toContain("| 网站 | 12 |");
  });

  it("prose with numbers on lines of their own is not a table", () => {
    const doc = textToDocument(
      ["全年主动公开信息", "4511", "条，其中", "规章", "3", "件。"].join("\n"),
      "utf-8",
    );
    expect(doc.blocks.every((b) => b.kind === "text")).toBe(true);
  });
});
