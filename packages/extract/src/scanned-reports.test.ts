import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runIdentityChecks } from "@touming/vocabulary";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toContractJson } from "./contract.js";
import { extractAsync, extractScanImages } from "./extract.js";
import { ocrImages } from "./ocr/ocr-document.js";
import { MAX_OCR_PAGES } from "./ocr/ocr-limits.js";
import { imageLibrary } from "./ocr/page-pixels.js";
import { fixture } from "./testing/fixtures.js";
import { scanPage, scanPdf } from "./testing/scans.js";
import type { ExtractedReport, ExtractResult } from "./types.js";

const source = fixture("pdf/huaian-city-2024.pdf");
const url = "http://www.huaian.gov.cn/scan.pdf";

function report(result: ExtractResult): ExtractedReport {
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

// Table 三's rows as the text layer gives them: the scan must give the same figures.
const TABLE_3 = [
  "apply.new_received.natural_person",
  "apply.new_received.commercial",
  "apply.new_received.total",
  "apply.carried_over.natural_person",
] as const;

describe("a scanned report (the corpus PDF printed, signed, sealed and scanned at 200 dpi)", () => {
  let text: ExtractedReport;
  let scan: ExtractedReport;
  beforeAll(async () => {
    text = report(await extractAsync({ bytes: source, url }));
    const scanned = await scanPdf(source, { pages: [1, 4, 5], dpi: 200, degrees: 1.5, seal: true });
    scan = report(await extractAsync({ bytes: scanned, url, timeBudgetMs: 120_000 }));
  }, 180_000);

  it("reads every page by OCR, turning back its skew, and keeps each page's image", () => {
    expect(scan.scanned).toBe(true);
    expect(scan.ocr?.engine).toMatch(/^tesseract 5[\d.]* chi_sim$/);
    expect(scan.ocr?.pages.map((p) => p.page)).toEqual([1, 2, 3]);
    for (const page of scan.ocr!.pages) {
      expect(Math.abs(page.skewDegrees - 1.5)).toBeLessThan(0.15);
      expect(page.meanConfidence).toBeGreaterThan(0.7);
      expect([...page.image.subarray(0, 2)]).toEqual([0xff, 0xd8]); // a JPEG
    }
    expect(scan.warnings).toContain("scanned: pages 1-3 were read by OCR");
    expect(scan.ocr?.unreadPages).toEqual([]);
  });

  it("reads table 三's figures as the text layer does, each marked with its confidence and box", () => {
    const byKey = new Map(scan.values.map((v) => [v.key, v]));
    for (const key of TABLE_3) {
      const expected = text.values.find((v) => v.key === key)!;
      const read = byKey.get(key) ?? { key, value: undefined, ocr: undefined };
      expect({ key, value: read.value }).toEqual({ key, value: expected.value });
      expect(read.ocr).toMatchObject({ level: expect.stringMatching(/^(high|low)$/) });
      expect(read.ocr!.box).toHaveLength(4);
    }
    // Table 三 as a whole: most cells exact, the rest left blank rather than guessed.
    const cells = text.values.filter((v) => v.key.startsWith("apply."));
    const exact = cells.filter((v) => byKey.get(v.key)?.value === v.value).length;
    expect(exact / cells.length).toBeGreaterThan(0.85);
    // Never a wrong figure read with high confidence.
    const expected = new Map(text.values.map((v) => [v.key, v.value]));
    const wrongHigh = scan.values.filter(
      (v) => v.ocr?.level === "high" && expected.has(v.key) && expected.get(v.key) !== v.value,
    );
    expect(wrongHigh).toEqual([]);
    // Every figure of a scanned page says it was read by OCR; an unreadable one is blank.
    for (const v of scan.values) {
      expect(v.ocr).toBeDefined();
      if (v.ocr!.level === "unreadable") expect(v.value).toBeNull();
    }
  });

  it("gives the OCR marks in the public JSON, and never lists a cell it could not read as blank", () => {
    const json = toContractJson(scan);
    expect(json).toMatchObject({ scanned: true, ocr: { engine: scan.ocr!.engine, unreadPages: [] } });
    expect(json.values?.["apply.new_received.total"]?.ocr?.level).toMatch(/high|low/);
    const unread = scan.values.filter((v) => v.ocr?.level === "unreadable").map((v) => v.key);
    expect(unread.filter((key) => json.blank?.includes(key))).toEqual([]);
    // Every cell of tables 三 and 四 is there, read or marked unread: a cell not found is not a blank.
    expect(scan.values.filter((v) => v.key.startsWith("apply.")).length).toBe(
      text.values.filter((v) => v.key.startsWith("apply.")).length,
    );
    expect(toContractJson(text)).not.toHaveProperty("scanned");
  });

  it("computes its checks over the values as marked, as grading recomputes them from the stored cells", () => {
    const recomputed = runIdentityChecks(scan.values, scan.format).map(
      (c) => `${c.id}:${c.scope} ${c.status}`,
    );
    const stored = scan.checks
      .filter((c) => c.severity === "hard")
      .map((c) => `${c.id}:${c.scope} ${c.status}`);
    expect(stored.sort()).toEqual(recomputed.sort());
  });

  it("reads the agency and the year from the scanned first page", () => {
    expect(scan.metadata.year).toBe(2024);
    expect(scan.isReport).toBe(true);
    expect(scan.format).toBe("2021");
  });

  it("leaves a typed PDF to its text layer: no OCR", () => {
    expect(text.scanned).toBe(false);
    expect(text.ocr).toBeNull();
    expect(text.values.every((v) => v.ocr === undefined)).toBe(true);
  });
});

describe("image attachments and page images", () => {
  it("reads a JPEG (an image attachment) by OCR, as one page", async () => {
    const jpeg = await scanPage(source, 4, { dpi: 200, degrees: -1.5 });
    const result = report(await extractAsync({ bytes: jpeg, url: "http://www.huaian.gov.cn/p4.jpg" }));
    expect(result).toMatchObject({ sourceKind: "image", scanned: true });
    expect(result.ocr?.pages).toHaveLength(1);
    expect(result.text).toMatch(/行政强制\s*88283/);
  });

  it("reads a report published as a sequence of page images, PNG and JPEG", async () => {
    const first = await scanPage(source, 1, { dpi: 200, degrees: 0.8, paper: "#dddddd" });
    const tables = await scanPage(source, 4, { dpi: 200, degrees: -1.5 });
    const png = await imageLibrary()(first).png().toBuffer();
    const result = report(
      await extractScanImages({ pages: [png, tables], url: "http://www.huaian.gov.cn/a.html" }),
    );
    expect(result).toMatchObject({ sourceKind: "image", isReport: true, metadata: { year: 2024 } });
    const newReceived = result.values.find((v) => v.key === "apply.new_received.natural_person");
    expect(newReceived).toMatchObject({
      value: 3001,
      page: 2,
      ocr: { level: expect.stringMatching(/high|low/) },
    });
  });

  it("gives a failure with its reason for an image that cannot be decoded, and for no images", async () => {
    const broken = await extractScanImages({ pages: [new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])] });
    expect(broken).toMatchObject({ ok: false, error: { code: "unsupported_format" } });
    expect(!broken.ok && broken.error.message).toMatch(/could not be decoded/);
    expect(await extractScanImages({ pages: [] })).toMatchObject({ ok: false, error: { code: "empty" } });
  });
});

describe("without an OCR engine", () => {
  const saved = process.env.PATH;
  let empty: string;
  beforeAll(() => {
    // No OCR programs on PATH, the PDF reader kept: MuPDF reads the text layer, OCR is what is missing.
    empty = mkdtempSync(path.join(tmpdir(), "no-ocr-"));
    symlinkSync(
      execFileSync("/bin/sh", ["-c", "command -v mutool"], { encoding: "utf8" }).trim(),
      path.join(empty, "mutool"),
    );
  });
  afterAll(() => {
    process.env.PATH = saved;
    rmSync(empty, { recursive: true, force: true });
  });

  it("says how many page images there were past the page limit", async () => {
    const blank = await imageLibrary()({
      create: { width: 40, height: 60, channels: 3, background: "#ffffff" },
    })
      .png()
      .toBuffer();
    process.env.PATH = empty;
    const read = await ocrImages(Array.from({ length: MAX_OCR_PAGES + 1 }, () => blank));
    process.env.PATH = saved;
    expect(read.warnings).toContain(
      `only the first ${MAX_OCR_PAGES} of ${MAX_OCR_PAGES + 1} scanned pages were read by OCR`,
    );
  });

  it("flags the scan, reads no figure, says why, and does not fail", async () => {
    const scanned = await scanPdf(source, { pages: [4], dpi: 150, degrees: 0 });
    // tesseract, pdfimages and pdftoppm are looked up on PATH at each call.
    process.env.PATH = empty;
    const result = report(await extractAsync({ bytes: scanned, url }));
    process.env.PATH = saved;
    expect(result.scanned).toBe(true);
    expect(result.ocr).toBeNull();
    expect(result.values.filter((v) => v.cell)).toEqual([]);
    expect(result.warnings.join("\n")).toMatch(/scanned, no text layer/);
  });
});
