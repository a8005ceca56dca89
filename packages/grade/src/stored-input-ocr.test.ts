import { reportsOfAgencies, saveExtraction } from "@touming/store";
import { useTempStore } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { gradeInputOf } from "./stored-input.js";
import { AGENCY } from "./testing/agency-report.js";

const tempStore = useTempStore();

describe("grading a stored report read by OCR", () => {
  it("reads each value's OCR mark, each check's ocrReview and that the report was read by OCR", async () => {
    const store = await tempStore([AGENCY]);
    await saveExtraction(store.db, {
      documentId: null,
      agencyId: AGENCY.id,
      year: 2024,
      format: "2021",
      text: "",
      metadata: {
        scanned: true,
        ocr: {
          engine: "tesseract",
          pages: [
            {
              page: 1,
              dpi: 150,
              width: 10,
              height: 10,
              skewDegrees: 0,
              meanConfidence: 0.9,
              words: 3,
              imageSha256: "ef".repeat(32),
            },
          ],
        },
      },
      values: [
        {
          key: "review.total",
          value: 4,
          raw: "4",
          ocr: { confidence: 0.55, level: "low", box: [1, 2, 3, 4] },
        },
        { key: "review.upheld", value: 1, raw: "1" },
      ],
      sections: [],
      checks: [
        { key: "T4-A:review", severity: "hard", status: "fail", left: "4", right: "3", ocrReview: true },
      ],
      extractorVersion: "1",
    });
    const reports = (await reportsOfAgencies(store.db, [AGENCY.id])).get(AGENCY.id)!;
    const report = gradeInputOf(AGENCY, 2024, reports, []).report!;
    expect(report.values).toEqual([
      { key: "review.total", value: 4, raw: "4", ocr: { confidence: 0.55, level: "low" } },
      { key: "review.upheld", value: 1, raw: "1" },
    ]);
    expect(report.checks[0]).toMatchObject({ key: "T4-A:review", ocrReview: true });
    expect([report.scanned, report.ocrRead]).toEqual([true, true]);
  });
});
