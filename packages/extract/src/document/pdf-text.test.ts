import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DocumentTooLargeError } from "../errors.js";
import { writePdf } from "../fuzz/pdf-writer.js";
import { MAX_PDF_MEMORY_MB, MAX_TEXT_CHARS } from "../limits.js";
import { fixture } from "../testing/fixtures.js";
import { itemsOf, outOfMemory, readPdfText } from "./pdf-text.js";

describe("readPdfText (MuPDF in a child process)", () => {
  const report = fixture("pdf/huaian-city-2024.pdf");

  it("reads the pages, their sizes, the title and items on their baselines", async () => {
    const text = await readPdfText(report);
    expect(text.numPages).toBe(6);
    expect(text.title).toBe("政府信息公开工作年度报告");
    expect(text.sizes).toEqual(Array.from({ length: 6 }, () => ({ width: 595, height: 842 })));
    expect(text.pages.map((p) => p.length)).toEqual([58, 65, 44, 144, 159, 23]);
    // The title line: one item, as pdf.js gave it (a narrow gap is a space inside an item).
    const title = text.pages[0]!.find((i) => i.text.endsWith("年政府信息公开工作年度报告"))!;
    expect(title.text).toBe("2024 年政府信息公开工作年度报告");
    expect(title.x).toBeCloseTo(128.64, 1);
    expect(title.y).toBeCloseTo(637.83, 1);
    // Table cells stay items of their own: the row of table 三 with 6 and five zeros.
    const row = text.pages[4]!.filter((i) => Math.abs(i.y - 491.55) < 1).map((i) => i.text);
    expect(row).toEqual(["6", "0", "0", "0", "0", "0", "6"]);
    expect(await readPdfText(report)).toEqual(text);
  });

  it("says what is wrong with a file that is not a PDF, and reads the next one", async () => {
    await expect(readPdfText(new TextEncoder().encode("%PDF-1.4\nnot a pdf at all\n"))).rejects.toThrow(
      /the PDF cannot be read/,
    );
    expect((await readPdfText(report)).numPages).toBe(6);
  });

  it("refuses a file cut short, whose fonts are gone, rather than read U+FFFD as its text", async () => {
    await expect(readPdfText(report.subarray(0, 2000))).rejects.toThrow(/damaged/);
  });

  it("reads a scan whose cross-references are broken: no text, nothing refused, for the scan check", async () => {
    const scan = Buffer.from(fixture("scanned/huaian-2024-scanned.pdf"));
    const broken = Buffer.from(scan.toString("latin1").replace(/startxref/g, "startxreX"), "latin1");
    const text = await readPdfText(broken);
    expect(text.numPages).toBe((await readPdfText(scan)).numPages);
    expect(text.pages.flat().filter((i) => i.text.includes("\ufffd"))).toEqual([]);
  });

  it("says so when MuPDF is not installed", async () => {
    const saved = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      await expect(readPdfText(report)).rejects.toThrow("mutool is not installed (Debian: mupdf-tools)");
    } finally {
      process.env.PATH = saved;
    }
  });

  it("stops MuPDF when the signal aborts", async () => {
    const stop = new AbortController();
    const reading = readPdfText(report, stop.signal);
    stop.abort(new Error("stopped"));
    await expect(reading).rejects.toThrow("stopped");
    expect((await readPdfText(report)).numPages).toBe(6);
  });

  it("runs `alongside` while MuPDF reads, and stops MuPDF with what it throws", async () => {
    let ran = 0;
    expect((await readPdfText(report, undefined, () => ran++)).numPages).toBe(6);
    expect(ran).toBe(1);
    const bomb = new DocumentTooLargeError("the PDF's streams inflate to more than they may");
    await expect(
      readPdfText(report, undefined, () => {
        throw bomb;
      }),
    ).rejects.toBe(bomb);
  });

  it("reads PDFs at once, each in its own process", async () => {
    const texts = await Promise.all([readPdfText(report), readPdfText(report), readPdfText(report)]);
    expect(texts.map((t) => t.numPages)).toEqual([6, 6, 6]);
  });

  it("is DocumentTooLargeError past MAX_TEXT_CHARS characters on one page", async () => {
    // Lines of 40 characters down one page, a few more than the limit in all: MuPDF's count stops
    // it, or the memory cap first (it lays out the whole page before the count can say so).
    const lines = Array.from(
      { length: Math.ceil(MAX_TEXT_CHARS / 40) + 2 },
      (_, i) => `BT /F1 8 Tf 20 ${10 + (i % 800)} Td (${"A".repeat(40)}) Tj ET\n`,
    );
    const pdf = writePdf(deflateSync(Buffer.from(lines.join(""))), ["/FlateDecode"]);
    const error = await readPdfText(pdf).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentTooLargeError);
    expect((error as Error).message).toMatch(
      new RegExp(`more than (${MAX_TEXT_CHARS} characters of text|${MAX_PDF_MEMORY_MB} MB of memory)`),
    );
  }, 60_000);

  it.each([
    ["out of memory", true],
    ["error: calloc (4104 x 1 bytes) failed\nError: calloc (4104 x 1 bytes) failed", true],
    ["error: malloc (65536 bytes) failed", true],
    ["error: realloc (8192 bytes) failed", true],
    ["error: cannot find object in xref (12 0 R)", false],
    ["warning: ignoring zlib error: incorrect data check", false],
  ])("tells MuPDF's want of memory from a damaged file: %j", (stderr, expected) => {
    expect(outOfMemory(stderr)).toBe(expected);
  });
});

describe("itemsOf: characters into items as pdf.js's text layer runs them", () => {
  const g = (text: string, x: number, options: { y?: number; size?: number; font?: string } = {}) => ({
    text,
    x,
    y: options.y ?? 100,
    size: options.size ?? 10,
    font: options.font ?? "F",
    advance: 10,
  });

  it("joins touching characters, puts a space for a narrow gap, and starts an item at a wide one", () => {
    const items = itemsOf([g("申", 0), g("请", 10), g("a", 22), g("7", 40), g("1", 50)], 800);
    expect(items.map((i) => i.text)).toEqual(["申请 a", "71"]);
    expect(items[0]).toEqual({ text: "申请 a", x: 0, y: 700, width: 32 });
  });

  it("breaks an unnamed Type 3 font's run at any gap past a thin space (Chromium's print: cells close together)", () => {
    const t3 = { font: "Unnamed-T3" };
    const items = itemsOf([g("数", 0, t3), g("量", 10, t3), g("本", 24.5, t3), g("年", 34.5, t3)], 800);
    expect(items.map((i) => i.text)).toEqual(["数量", "本年"]);
    expect(itemsOf([g("数", 0), g("量", 10), g("本", 24.5)], 800).map((i) => i.text)).toEqual(["数量 本"]);
  });

  it("starts an item at a change of font, of size, of baseline, and at a step back", () => {
    const items = itemsOf(
      [
        g("1", 0),
        g("年", 10, { font: "G" }),
        g("月", 20, { font: "G", size: 12 }),
        g("日", 32, { y: 120, font: "G", size: 12 }),
        g("x", 0, { y: 120, font: "G", size: 12 }),
      ],
      800,
    );
    expect(items.map((i) => i.text)).toEqual(["1", "年", "月", "日", "x"]);
  });
});
