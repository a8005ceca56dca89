import { describe, expect, it } from "vitest";
import { upsertAgencies } from "./agencies.js";
import { getReport, reportsOfAgencies, summaryFiguresOfAgencies } from "./reports-read.js";
import { saveExtraction } from "./reports-save.js";
import { testAgency, useTempStore } from "../testing/index.js";

const tempStore = useTempStore();

const IMAGE = "ab".repeat(32);
const ocrMetadata = {
  sourceKind: "pdf",
  scanned: true,
  ocr: {
    engine: "tesseract 5.3.0 chi_sim",
    unreadPages: [5, "6"],
    pages: [
      {
        page: 3,
        dpi: 150,
        width: 1240,
        height: 1754,
        skewDegrees: -0.8,
        meanConfidence: 0.91,
        words: 412,
        imageSha256: IMAGE,
      },
      // A page whose image digest is not one is left out rather than linked.
      {
        page: 4,
        dpi: 150,
        width: 1,
        height: 1,
        skewDegrees: 0,
        meanConfidence: 0,
        words: 0,
        imageSha256: "x",
      },
    ],
  },
};

async function scannedReport() {
  const store = await tempStore();
  await upsertAgencies(store.db, [testAgency()]);
  await saveExtraction(store.db, {
    documentId: null,
    agencyId: "huaian-city",
    year: 2024,
    format: "2021",
    text: "一、总体情况",
    metadata: ocrMetadata,
    values: [
      {
        key: "apply.new_received.total",
        value: 120,
        raw: "120",
        page: 3,
        cell: "三:R5C9",
        ocr: { confidence: 0.93, level: "high", box: [812, 640, 58, 22] },
      },
      {
        key: "apply.carried_over.total",
        value: null,
        raw: "",
        page: 3,
        cell: "三:R6C9",
        ocr: { confidence: 0.12, level: "unreadable" },
      },
      { key: "text.proactive_items", value: 4500, raw: "4500" },
    ],
    sections: [],
    checks: [
      { key: "T3-A:total", severity: "hard", status: "fail", left: "a", right: "b", ocrReview: true },
      { key: "T3-A:natural_person", severity: "hard", status: "fail", left: "c", right: "d" },
    ],
    extractorVersion: "1",
  });
  return store;
}

describe("figures read by OCR", () => {
  it("keep their mark (confidence, level, box) and their checks' ocrReview through a save and a read", async () => {
    const store = await scannedReport();
    const one = await getReport(store.db, "huaian-city", 2024);
    expect(one?.values.map((v) => [v.key, v.value, v.page, v.cell, v.ocr])).toEqual([
      ["apply.carried_over.total", null, 3, "三:R6C9", { confidence: 0.12, level: "unreadable", box: null }],
      [
        "apply.new_received.total",
        120,
        3,
        "三:R5C9",
        { confidence: 0.93, level: "high", box: [812, 640, 58, 22] },
      ],
      ["text.proactive_items", 4500, null, null, null],
    ]);
    expect(one?.checks.map((c) => [c.key, c.ocr_review])).toEqual([
      ["T3-A:natural_person", 0],
      ["T3-A:total", 1],
    ]);
    const batch = (await reportsOfAgencies(store.db, ["huaian-city"])).get("huaian-city")!.get(2024)!;
    expect(batch.values.find((v) => v.key === "apply.new_received.total")?.ocr?.box).toEqual([
      812, 640, 58, 22,
    ]);
  });

  it("give the report's OCR reading from its metadata: the engine and each page with its image's digest", async () => {
    const store = await scannedReport();
    const report = (await reportsOfAgencies(store.db, ["huaian-city"])).get("huaian-city")!.get(2024)!;
    expect(report.ocr).toEqual({
      engine: "tesseract 5.3.0 chi_sim",
      pages: [
        {
          page: 3,
          dpi: 150,
          width: 1240,
          height: 1754,
          skewDegrees: -0.8,
          meanConfidence: 0.91,
          words: 412,
          imageSha256: IMAGE,
        },
      ],
      // A page number that is not a number is left out.
      unreadPages: [5],
    });
    expect(report.scanned).toBe(true);
  });

  it("leave a failure for human check out of the failed hard checks a summary counts", async () => {
    const store = await scannedReport();
    const figures = await summaryFiguresOfAgencies(store.db, ["huaian-city"], ["apply.new_received.total"]);
    expect(figures.get("huaian-city")?.get(2024)?.failedHardChecks).toBe(1);
  });

  it("a report without OCR reads as none", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    await saveExtraction(store.db, {
      documentId: null,
      agencyId: "huaian-city",
      year: 2023,
      text: "",
      values: [{ key: "apply.new_received.total", value: 1 }],
      sections: [],
      checks: [{ key: "T3-A:total", severity: "hard", status: "pass" }],
      extractorVersion: "1",
    });
    const report = (await reportsOfAgencies(store.db, ["huaian-city"])).get("huaian-city")!.get(2023)!;
    expect([report.ocr, report.values[0]?.ocr, report.checks[0]?.ocr_review]).toEqual([null, null, 0]);
  });
});
