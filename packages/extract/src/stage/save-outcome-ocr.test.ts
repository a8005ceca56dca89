import {
  getDocument,
  getReport,
  openStore,
  reportsOfAgencies,
  upsertAgencies,
  upsertDocument,
} from "@touming/store";
import { exampleAgency, useTempDirs } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { EXTRACTOR_VERSION } from "../extract.js";
import { clock } from "../testing/run-extract.js";
import type { ExtractedReport } from "../types.js";
import { storeOcrPages } from "./ocr-pages.js";
import { saveOutcome } from "./save-outcome.js";

const dir = useTempDirs();

/** Two bytes of JPEG are enough: the store keeps what it is given. */
const PAGE_IMAGE = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

/** A scanned 2024 report whose table 三 was read by OCR: one figure sure, one not read. */
function scannedReport(): ExtractedReport {
  return {
    ok: true,
    extractorVersion: EXTRACTOR_VERSION,
    sourceKind: "pdf",
    encoding: "utf-8",
    format: "2021",
    isReport: true,
    notReport: null,
    attachmentPage: null,
    formatEvidence: [],
    tables: { state: "read", reason: null },
    confidence: 0.8,
    metadata: {
      title: "某县民政局2024年政府信息公开工作年度报告",
      agency: "某县民政局",
      agencySource: "title",
      agencyConfidence: 0.9,
      year: 2024,
      yearSource: "title",
      publishDate: "2025-01-20",
      publishDateSource: "body",
      indexNo: null,
      documentNo: null,
      publisher: null,
      catalogue: null,
      contact: {},
    },
    values: [
      {
        key: "apply.new_received.total",
        value: 12,
        raw: "12",
        excerpt: "12",
        cell: "三:R4C9",
        page: 2,
        ocr: { confidence: 0.93, level: "high", box: [800, 600, 40, 20] },
      },
      {
        key: "apply.carried_over.total",
        value: null,
        raw: "",
        excerpt: "",
        cell: "三:R5C9",
        page: 2,
        ocr: { confidence: 0.2, level: "unreadable" },
      },
    ],
    sections: [],
    checks: [
      {
        id: "T3-A",
        scope: "total",
        severity: "hard",
        status: "fail",
        left: "a",
        right: "b",
        message: "T3-A fails",
        ocrReview: true,
      },
    ],
    warnings: [],
    text: "",
    scanned: true,
    ocr: {
      engine: "tesseract 5.3.0 chi_sim",
      unreadPages: [3],
      pages: [
        {
          page: 2,
          dpi: 150,
          width: 1240,
          height: 1754,
          skewDegrees: 0.5,
          meanConfidence: 0.88,
          words: 300,
          image: PAGE_IMAGE,
        },
      ],
    },
  };
}

describe("saving a report read by OCR", () => {
  it("keeps each figure's OCR mark, each check's ocrReview, and the page images as blobs named in the metadata", async () => {
    const store = await openStore({ dataDir: dir() });
    try {
      await upsertAgencies(store.db, [exampleAgency("county-mz", "某县民政局")]);
      const { id } = await upsertDocument(store.db, {
        agencyId: "county-mz",
        url: "http://county-mz.example/scan.pdf",
        kind: "file",
      });
      const doc = (await getDocument(store.db, id))!;
      const outcome = await saveOutcome(store, doc, { result: scannedReport() }, clock);
      // The failed check is over an unreadable figure: a 提示, not counted as a failed check.
      expect(outcome).toMatchObject({ state: "reports", values: 2, failedChecks: 0 });

      const report = await getReport(store.db, "county-mz", 2024);
      expect(report?.values.map((v) => [v.key, v.ocr])).toEqual([
        ["apply.carried_over.total", { confidence: 0.2, level: "unreadable", box: null }],
        ["apply.new_received.total", { confidence: 0.93, level: "high", box: [800, 600, 40, 20] }],
      ]);
      expect(report?.checks.map((c) => [c.key, c.ocr_review])).toEqual([["T3-A:total", 1]]);

      const { sha256 } = await store.blobs.put(PAGE_IMAGE);
      expect(report?.report.metadata.ocr).toEqual({
        engine: "tesseract 5.3.0 chi_sim",
        unreadPages: [3],
        pages: [
          {
            page: 2,
            dpi: 150,
            width: 1240,
            height: 1754,
            skewDegrees: 0.5,
            meanConfidence: 0.88,
            words: 300,
            imageSha256: sha256,
          },
        ],
      });
      // No bytes in the JSON: the image is the blob.
      expect(JSON.stringify(report?.report.metadata)).not.toContain('image"');
      expect(new Uint8Array(await store.blobs.get(sha256))).toEqual(PAGE_IMAGE);
      const read = (await reportsOfAgencies(store.db, ["county-mz"])).get("county-mz")!.get(2024)!;
      expect(read.ocr?.pages.map((p) => p.imageSha256)).toEqual([sha256]);
    } finally {
      await store.close();
    }
  });
});

describe("storeOcrPages", () => {
  it("is null without an OCR reading, and stores an image seen twice once", async () => {
    const puts: Uint8Array[] = [];
    const blobs = {
      put: async (bytes: Uint8Array) => {
        puts.push(bytes);
        return { sha256: "cd".repeat(32), bytes: bytes.byteLength, existed: puts.length > 1 };
      },
    };
    expect(await storeOcrPages(blobs, null)).toBeNull();
    const page = {
      dpi: 150,
      width: 1,
      height: 1,
      skewDegrees: 0,
      meanConfidence: 1,
      words: 1,
      image: PAGE_IMAGE,
    };
    const stored = await storeOcrPages(blobs, {
      engine: "e",
      unreadPages: [],
      pages: [
        { page: 1, ...page },
        { page: 2, ...page },
      ],
    });
    expect(stored?.pages.map((p) => [p.page, p.imageSha256])).toEqual([
      [1, "cd".repeat(32)],
      [2, "cd".repeat(32)],
    ]);
    expect(stored?.pages[0]).not.toHaveProperty("image");
  });
});
