import { describe, expect, it } from "vitest";
import { buildGrid } from "../document/table-grid.js";
import type { TableGrid } from "../types.js";
import { readApplicationsTable } from "./applications-table.js";
import { readProactiveTable } from "./proactive-table.js";
import { isReviewTable, readReviewTable } from "./review-table.js";
import { columnHeader } from "./table-reading.js";

const gridOf = (rows: readonly (readonly string[])[]): TableGrid =>
  buildGrid(rows.map((r) => r.map((text) => ({ text, rowspan: 1, colspan: 1 }))));
const byKey = (values: readonly { key: string; value: number | null }[]) =>
  Object.fromEntries(values.map((v) => [v.key, v.value]));

describe("table 四 printed one row per group", () => {
  const grid = gridOf([
    ["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
    ["行政诉讼（复议后起诉）", "8", "0", "1", "1", "10"],
    ["行政复议", "27", "10", "9", "15", "61"],
  ]);

  it("reads each row by its group's label, whatever the order, each value under its outcome", () => {
    expect(isReviewTable(grid)).toBe(true);
    expect(byKey(readReviewTable(grid))).toEqual({
      "litigation_after_review.upheld": 8,
      "litigation_after_review.corrected": 0,
      "litigation_after_review.other": 1,
      "litigation_after_review.pending": 1,
      "litigation_after_review.total": 10,
      "review.upheld": 27,
      "review.corrected": 10,
      "review.other": 9,
      "review.pending": 15,
      "review.total": 61,
    });
    expect(readReviewTable(grid)[0]?.excerpt).toBe("行政诉讼（复议后起诉） · 结果维持: 8");
  });

  it("places the outcomes by the header's words, not by position", () => {
    const reordered = gridOf([
      ["", "总计", "结果维持", "结果纠正", "其他结果", "尚未审结"],
      ["行政复议", "61", "27", "10", "9", "15"],
    ]);
    expect(byKey(readReviewTable(reordered))).toMatchObject({ "review.total": 61, "review.upheld": 27 });
  });
});

describe("table 二 under a header that names no column", () => {
  it("reads a row in the form's column order when its block's width tells the format", () => {
    const grid = gridOf([
      ["第二十条第（五）项", ""],
      ["信息内容", "数据1"],
      ["行政许可", "517645"],
      ["第二十条第（一）项", ""],
      ["信息内容", "数据1", "数据2", "数据3"],
      ["规章", "0", "", "3"],
    ]);
    const { values, format } = readProactiveTable(grid);
    expect(format).toBe("2021");
    expect(byKey(values)).toEqual({
      "proactive.licensing.decisions": 517645,
      "proactive.rules.issued": 0,
      "proactive.rules.repealed": null,
      "proactive.rules.in_force": 3,
    });
  });

  it("takes words other than 信息内容 over the rows for the header", () => {
    const grid = gridOf([
      ["第二十条第（六）项", ""],
      ["类别", "数据1"],
      ["行政处罚", "693957"],
      ["行政强制", "2154"],
    ]);
    expect(byKey(readProactiveTable(grid).values)).toEqual({
      "proactive.penalty.decisions": 693957,
      "proactive.coercion.decisions": 2154,
    });
  });

  it("reads nothing when the width fits both forms (规章: three columns in 2019 and 2021)", () => {
    const grid = gridOf([
      ["信息内容", "数据1", "数据2", "数据3"],
      ["规章", "0", "0", "3"],
    ]);
    expect(readProactiveTable(grid).values).toEqual([]);
  });
});

describe("table 三 rows matched by the form's labels", () => {
  it("reads (六) 其他 as the heading of 其他处理, so that 3. 其他 below is its row", () => {
    const header = ["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"];
    const row = (a: string, b: string, n: string) => [a, b, n, "0", "0", "0", "0", "0", n];
    const grid = gridOf([
      header,
      row("", "一、本年新收政府信息公开申请数量", "10"),
      row("(六) 其他", "1. 申请人无正当理由逾期不补正, 行政机关不再处理其政府信息公开申请", "1"),
      row("", "3. 其他", "2"),
    ]);
    const table = readApplicationsTable(grid)!;
    expect(table.format).toBe("2021");
    expect(byKey(table.values)).toMatchObject({
      "apply.other_handling.no_correction.natural_person": 1,
      "apply.other_handling.misc.natural_person": 2,
    });
  });

  it("splits a cell holding the group heading and the row", () => {
    const grid = gridOf([
      ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
      ["一、本年新收政府信息公开申请数量", "5", "0", "0", "0", "0", "0", "5"],
      ["（五）不予处理 2.重复申请", "4", "0", "0", "0", "0", "0", "4"],
    ]);
    expect(byKey(readApplicationsTable(grid)!.values)).toMatchObject({
      "apply.not_processed.repeat.total": 4,
    });
  });
});

describe("column headers", () => {
  it("leave out the empty cells under a heading (a text table has no spans)", () => {
    const grid = gridOf([
      ["行政复议", "行政诉讼"],
      ["结果维持", "未经复议直接起诉"],
      ["", "结果维持"],
      ["1", "2"],
    ]);
    expect(columnHeader(grid, 0, 3)).toBe("行政复议/结果维持");
    expect(columnHeader(grid, 1, 3)).toBe("行政诉讼/未经复议直接起诉/结果维持");
  });
});
