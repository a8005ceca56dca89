import { describe, expect, it } from "vitest";
import { extractAsync } from "./extract.js";
import { fixture, fixtureJson } from "./testing/fixtures.js";

const expected = fixtureJson<{ values: Record<string, number> }>("html/huaian-2024.expected.json").values;

describe("DOC (Word 97-2003, generated from the HTML fixture by LibreOffice)", () => {
  it("reads every cell of tables 二, 三 and 四 from the tab-separated rows", async () => {
    const result = await extractAsync({ bytes: fixture("doc/huaian-2024.doc") });
    if (!result.ok) throw new Error(result.error.message);
    const tables = Object.fromEntries(
      result.values.filter((v) => !v.key.startsWith("text.")).map((v) => [v.key, v.value]),
    );
    expect(tables).toEqual(expected);
    expect(result).toMatchObject({
      sourceKind: "doc",
      format: "2021",
      metadata: { agency: "淮安市人民政府", year: 2024 },
    });
    expect(result.checks.filter((c) => c.status === "fail")).toEqual([]);
  });

  it("an OLE file that is not a Word document is a typed error", async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(600),
    ]);
    const result = await extractAsync({ bytes: ole });
    expect(!result.ok && result.error.code).toBe("malformed");
    expect(!result.ok && result.error.message).toMatch(
      /^the DOC could not be read: not a readable Word 97-2003 document/,
    );
  });
});

describe("a scanned PDF (images only)", () => {
  it("without OCR: flagged as scanned with a warning, and no number is guessed", async () => {
    const result = await extractAsync({ bytes: fixture("scanned/huaian-2024-scanned.pdf"), ocr: false });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.scanned).toBe(true);
    expect(result.ocr).toBeNull();
    expect(result.warnings).toContain("scanned, no text layer: no figures were read from its scanned pages");
    expect(result.values).toEqual([]);
  });

  it("with OCR: its pages are read, and every figure says it was read from the scan", async () => {
    const result = await extractAsync({
      bytes: fixture("scanned/huaian-2024-scanned.pdf"),
      timeBudgetMs: 120_000,
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.scanned).toBe(true);
    expect(result.ocr?.pages.length).toBeGreaterThan(0);
    expect(result.values.every((v) => v.ocr !== undefined)).toBe(true);
  });
});

describe("WPS", () => {
  it("a .wps file is reported as unsupported with a clear reason", async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(600),
    ]);
    const result = await extractAsync({ bytes: ole, url: "http://x.gov.cn/P020250120.wps" });
    expect(!result.ok && result.error).toEqual({
      code: "unsupported_format",
      message: "WPS documents (.wps) are not supported: ask the agency for PDF or DOCX",
    });
  });
});
