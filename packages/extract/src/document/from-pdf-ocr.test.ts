import { describe, expect, it } from "vitest";
import type { OcrDocument } from "../ocr/ocr-document.js";
import type { OcrItem } from "../ocr/ocr-page.js";
import type { OcrMark } from "../types.js";
import { imageDocument, pdfDocument } from "./from-pdf.js";
import { UNREAD_FIGURE } from "./unread-figure.js";

const sure: OcrMark = { confidence: 0.95, level: "high" };
const item = (text: string, x: number, y: number, ocr: OcrMark = sure): OcrItem => ({
  text,
  x,
  y,
  width: 20,
  ocr,
});

const scanOf = (items: OcrItem[]): OcrDocument => ({
  items: new Map([[1, items]]),
  words: [],
  reading: null,
  warnings: [],
});

describe("tables rebuilt from a scanned page's cells", () => {
  it.each(["第三十条:第一)项", "第三二条区《一)项", "第三十条第-(一7项", "第三十条-第-(一)项"])(
    "starts table 二 at its first header misread (%s) and keeps an unread figure's place",
    (header) => {
      const doc = imageDocument(
        scanOf([
          item(header, 90, 700, { confidence: 0.13, level: "unreadable" }),
          item("信息内容", 90, 680),
          item("本年制发件数", 260, 680),
          item("本年废止件数", 354, 680),
          item("现行有效件数", 432, 680),
          item("规章", 90, 660),
          item(UNREAD_FIGURE, 262, 660, { confidence: 0, level: "unreadable" }),
          item("0", 353, 660),
          item("11", 434, 660),
          item("三、收到和处理政府信息公开申请情况", 90, 600),
        ]),
        1,
      );
      const table = doc.blocks.find((b) => b.kind === "table");
      expect(table?.kind).toBe("table");
      const rows = table!.kind === "table" ? table!.table.rows : [];
      const row = rows.find((r) => r[0]?.text === "规章")!;
      // The unread figure stays a blank cell marked unreadable: 0 and 11 keep their columns.
      expect(row.map((c) => c.text)).toEqual(["规章", "", "0", "11"]);
      expect(row[1]?.ocr?.level).toBe("unreadable");
    },
  );

  it("starts table 二 at its first caption misread past knowing (第三十条:第:大项), not at a later caption read right", () => {
    // Measured on the bench's 200-dpi white scan of 淮安: 一 read as 大, 五 as 六; 第二十条第（六）项 read right.
    const doc = imageDocument(
      scanOf([
        item("二、主动公开政府信息情况", 90, 760),
        item("第三十条:第:大项", 90, 740, { confidence: 0.4, level: "unreadable" }),
        item("信息内容", 90, 720),
        item("本年制发件数", 260, 720),
        item("本年废止件数", 354, 720),
        item("现行有效件数", 432, 720),
        item("规章", 90, 700),
        item("1", 262, 700),
        item("0", 353, 700),
        item("11", 434, 700),
        item("行政规范性文件", 90, 680),
        item("8", 262, 680),
        item("26", 353, 680),
        item("66", 434, 680),
        item("第三十条-第六项", 90, 660, { confidence: 0.4, level: "unreadable" }),
        item("信息内容", 90, 640),
        item("本年处理决定数量", 300, 640),
        item("行政许可", 90, 620),
        item("447228", 300, 620),
        item("第二十条第(六)项", 90, 600),
        item("信息内容", 90, 580),
        item("本年处理决定数量", 300, 580),
        item("行政处罚", 90, 560),
        item("3985758", 300, 560),
        item("三、收到和处理政府信息公开申请情况", 90, 500),
      ]),
      1,
    );
    const tables = doc.blocks.filter((b) => b.kind === "table");
    expect(tables).toHaveLength(1);
    // Each row's cells, the grid's padding after them left out.
    const rows =
      tables[0]!.kind === "table"
        ? tables[0]!.table.rows.map((r) =>
            r
              .map((c) => c.text)
              .join("|")
              .replace(/\|+$/, "")
              .split("|"),
          )
        : [];
    expect(rows).toContainEqual(["规章", "1", "0", "11"]);
    expect(rows).toContainEqual(["行政规范性文件", "8", "26", "66"]);
    expect(rows).toContainEqual(["行政许可", "447228"]);
    expect(rows).toContainEqual(["行政处罚", "3985758"]);
    // The section's heading above stays text.
    expect(doc.blocks.some((b) => b.kind === "text" && b.text.includes("主动公开政府信息情况"))).toBe(true);
  });

  it("keeps a group label read in one cell with its first row's label apart (a rule between them not found)", () => {
    // Measured on the bench's 300-dpi grey scan of 临江市 2021: the rule between （六） and its rows
    // was lost at row 2, so that row's cell ran from the group's column: 人向于。2申请人…
    const figures = (y: number, values: string[]) => values.map((v, k) => item(v, 360 + 30 * k, y));
    const doc = imageDocument(
      scanOf([
        item("一、本年新收政府信息公开申请数量", 160, 700),
        ...figures(700, ["48", "2", "1", "0", "1", "2", "54"]),
        item("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 205, 289),
        ...figures(289, ["2", "0", "0", "0", "0", "0", "2"]),
        item("(六)其他处理", 154.6, 256.6),
        item(
          "人向于。2申请人过期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
          154.3,
          242.6,
          {
            confidence: 0.08,
            level: "unreadable",
          },
        ),
        ...figures(242.6, ["2", "0", "1", "0", "0", "0", "3"]),
        item("3.", 258, 210),
        item("其他", 270.7, 210),
        ...figures(210, ["2", "0", "0", "0", "0", "0", "2"]),
        item("四、结转下年度继续办理", 162, 172),
        ...figures(172, ["0", "1", "0", "1", "0", "1", "3"]),
      ]),
      1,
    );
    const table = doc.blocks.find((b) => b.kind === "table");
    const labels = table?.kind === "table" ? table.table.rows.map((r) => r[0]?.text) : [];
    const fee = labels.findIndex((l) => l?.includes("缴纳费用"));
    expect(labels[fee]).toBe(
      "人向于。2申请人过期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    );
    expect(labels.indexOf("(六)其他处理")).toBe(fee - 1);
  });

  it("does not start table 二 at a text PDF's 第三十条: only a row read by OCR may be a misread header", () => {
    const plain = (text: string, x: number, y: number) => ({ text, x, y, width: 20 });
    const doc = pdfDocument(
      {
        pdf: {
          numPages: 1,
          title: null,
          pages: [[plain("第三十条第一项", 90, 700), plain("规章", 90, 660), plain("1", 262, 660)]],
          sizes: [{ width: 595, height: 842 }],
        },
        scanned: [],
      },
      null,
    );
    expect(doc.blocks.some((b) => b.kind === "table")).toBe(false);
  });
});
