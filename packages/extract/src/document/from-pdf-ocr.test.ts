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
