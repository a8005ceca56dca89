import { describe, expect, it } from "vitest";
import { toContractJson } from "./contract.js";
import { extract } from "./extract-markup.js";
import { fixture, fixtureJson } from "./testing/fixtures.js";
import type { ExtractedReport } from "./types.js";

function run(file: string, contentType?: string): ExtractedReport {
  const result = extract({
    bytes: fixture(`html/${file}`),
    url: `http://www.example.gov.cn/zwgk/ndbg/${file}`,
    ...(contentType ? { contentType } : {}),
  });
  if (!result.ok) throw new Error(`${file}: ${result.error.message}`);
  return result;
}

const valueMap = (report: ExtractedReport, prefix = /^(apply|review|litigation|proactive)/) =>
  Object.fromEntries(report.values.filter((v) => prefix.test(v.key)).map((v) => [v.key, v.value]));

describe("2021 format, UTF-8 TRS page (淮安市人民政府 2024, real figures)", () => {
  const report = run("huaian-2024-2021-format.html", "text/html");
  const expected = fixtureJson<{ values: Record<string, number> }>("html/huaian-2024.expected.json").values;

  it("reads every cell of tables 二, 三 and 四 exactly, and nothing else from the tables", () => {
    expect(Object.keys(expected)).toHaveLength(200);
    expect(valueMap(report)).toEqual(expected);
  });

  it("keeps each table value's cell position and label excerpt", () => {
    const cell = report.values.find((v) => v.key === "apply.new_received.total")!;
    expect(cell).toMatchObject({ value: 3119, cell: "三:R4C10", raw: "3119" });
    expect(cell.excerpt).toBe("一、本年新收政府信息公开申请数量 · 总计: 3119");
    expect(report.values.find((v) => v.key === "review.total")).toMatchObject({
      value: 351,
      cell: "四:R4C5",
    });
  });

  it("reads the metadata header and the page meta, not the navigation", () => {
    expect(report.metadata).toMatchObject({
      title: "淮安市人民政府2024年政府信息公开工作年度报告",
      agency: "淮安市人民政府",
      agencySource: "title",
      year: 2024,
      yearSource: "title",
      publishDate: "2025-01-20",
      publishDateSource: "metadata",
      indexNo: "014041048/2025-00012",
      publisher: "淮安市人民政府办公室",
    });
    expect(report.format).toBe("2021");
    for (const chrome of [
      "首页",
      "互动交流",
      "打印本页",
      "相关链接",
      "ICP备案号",
      "索引号",
      "_hmt",
      ".nav",
    ]) {
      expect(report.text, chrome).not.toContain(chrome);
    }
  });

  it("finds the six sections and the figures in the narrative (numbers split across spans joined)", () => {
    expect(report.sections.map((s) => s.key)).toEqual([
      "overview",
      "proactive",
      "applications",
      "review_litigation",
      "problems",
      "improvements",
      "other",
    ]);
    expect(report.values.find((v) => v.key === "text.applications_received")?.value).toBe(3119);
    expect(report.values.find((v) => v.key === "text.fees_yuan")).toMatchObject({ value: 3940 });
  });

  it("every hard identity holds, and the text agrees with the table", () => {
    const hard = report.checks.filter((c) => c.severity === "hard");
    expect(hard.filter((c) => c.status !== "pass")).toEqual([]);
    expect(hard.map((c) => c.id).filter((id, i, all) => all.indexOf(id) === i)).toEqual([
      "T3-A",
      "T3-B",
      "T3-C",
      "T4-A",
      "NONNEG",
    ]);
    expect(hard.filter((c) => c.id === "T3-B")).toHaveLength(25);
    expect(report.checks.find((c) => c.id === "X-3" && c.scope === "applications_received")?.status).toBe(
      "pass",
    );
  });
});

describe("2019 format, GBK page with a 小计 column, typos, blanks, '/' and a source error", () => {
  const report = run("county-2020-2019-format.gbk.html");
  const expected = fixtureJson<{ values: Record<string, number | string | null>; failing_checks: string[] }>(
    "html/county-2020.expected.json",
  );

  it("decodes GBK declared only in <meta> as GB18030", () => {
    expect(report.encoding).toBe("gb18030");
    expect(report.metadata.title).toBe("某县民政局2020年政府信息公开工作年度报告");
  });

  it("reads every cell exactly: numbers, blanks as null, '/' as null with its mark", () => {
    const want = Object.fromEntries(
      Object.entries(expected.values).map(([k, v]) => [k, typeof v === "string" ? null : v]),
    );
    expect(valueMap(report)).toEqual(want);
    const slash = report.values.find((v) => v.key === "apply.not_processed.mass_repeat.research")!;
    expect([slash.value, slash.raw]).toEqual([null, "/"]);
    const blank = report.values.find((v) => v.key === "apply.withheld.state_secret.research")!;
    expect([blank.value, blank.raw]).toEqual([null, ""]);
    expect(report.values.find((v) => v.key === "apply.withheld.state_secret.natural_person")?.value).toBe(0);
  });

  it("reads the typo 其他法律行政止公开 as law_forbidden and units in cells", () => {
    expect(report.values.find((v) => v.key === "apply.withheld.law_forbidden.total")?.value).toBe(1);
    expect(report.values.find((v) => v.key === "proactive.procurement.amount_yuan")).toMatchObject({
      value: 251000,
      unit: "元",
    });
    expect(report.values.find((v) => v.key === "proactive.penalty.change")?.value).toBe(-2);
  });

  it("reports the source error with both sides of the equation, and repairs nothing", () => {
    const failing = report.checks.filter((c) => c.status === "fail");
    expect(failing.map((c) => `${c.id}:${c.scope}`)).toEqual(expected.failing_checks);
    expect(failing[0]).toMatchObject({
      left: "new_received + carried_over = 40 + 2 = 42",
      right: "handled_total + carried_forward = 39 + 4 = 43",
      message: "T3-A fails for natural_person: 42 ≠ 43",
    });
    expect(report.values.find((v) => v.key === "apply.carried_forward.natural_person")?.value).toBe(4);
  });

  it("uses the 2019 rule set: one （六）其他处理 row", () => {
    expect(report.format).toBe("2019");
    expect(report.values.some((v) => v.key === "apply.other_handling.misc.total")).toBe(false);
    expect(report.checks.find((c) => c.id === "T3-C" && c.scope === "total")?.status).toBe("pass");
  });

  it("reads full-width digits in prose", () => {
    expect(report.values.find((v) => v.key === "text.proactive_items")?.value).toBe(126);
  });
});

describe("the blank official 2021 form", () => {
  const report = run("blank-form-2021.html");
  it("recognises every row and column and reports every cell blank, not 0", () => {
    const tableValues = report.values.filter((v) => /^(apply|review|litigation|proactive)/.test(v.key));
    expect(tableValues).toHaveLength(25 * 7 + 15 + 6);
    expect(tableValues.every((v) => v.value === null && v.raw === "")).toBe(true);
    const json = toContractJson(report);
    expect(json.blank).toHaveLength(196);
    expect(json.values).toEqual({});
    expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(report.checks.find((c) => c.id === "T3-A")?.status).toBe("not_applicable");
  });
});

describe("encodings", () => {
  it("reads a Big5 page in traditional script as simplified text", () => {
    const report = run("big5-2022.html");
    expect(report.encoding).toBe("big5");
    expect(report.metadata).toMatchObject({ agency: "某县教育局", year: 2022 });
    expect(valueMap(report, /^text\./)).toEqual({
      "text.proactive_items": 86,
      "text.reviews": 0,
      "text.lawsuits": 0,
      "text.applications_received": 3,
    });
  });

  it("survives GBK bytes on a page that claims UTF-8", () => {
    const report = run("gbk-declared-utf8-2023.html", "text/html; charset=utf-8");
    expect(report.encoding).toBe("gb18030");
    expect(report.warnings).toContain("declared utf-8 but the bytes read as gb18030");
    expect(report.metadata).toMatchObject({ agency: "某区卫生健康局", year: 2023 });
    expect(report.values.find((v) => v.key === "text.applications_received")?.value).toBe(17);
  });
});
