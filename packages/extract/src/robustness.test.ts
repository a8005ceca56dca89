import { describe, expect, it } from "vitest";
import { toContractJson } from "./contract.js";
import { extract } from "./extract-markup.js";
import { extractAsync } from "./extract.js";
import { MAX_HTML_DEPTH, MAX_HTML_ELEMENTS, MAX_INPUT_BYTES, MAX_TEXT_CHARS } from "./limits.js";
import { fixture } from "./testing/fixtures.js";

const bytes = (s: string) => Buffer.from(s, "utf8");

describe("extract never throws", () => {
  it.each([
    ["an empty document", new Uint8Array(), "empty"],
    [
      "a PDF given to the synchronous extract (extractAsync reads PDFs)",
      bytes("%PDF-1.7\n1 0 obj\n"),
      "unsupported_format",
    ],
    ["a broken zip", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "malformed"],
    ["a DOC/WPS", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), "unsupported_format"],
    ["a scanned image", new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), "unsupported_format"],
    [
      "random binary",
      new Uint8Array(Array.from({ length: 600 }, (_, i) => (i * 7919) % 256)),
      "unsupported_format",
    ],
  ])("returns a typed error for %s", (_what, input, code) => {
    const result = extract({ bytes: input });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe(code);
    expect(toContractJson(result)).toMatchObject({ ok: false, error: { code } });
  });

  it("gives a low-confidence non-report for a page that is not a report", () => {
    const result = extract({
      bytes: bytes(
        "<html><body><div class='TRS_Editor'><p>关于开展2024年度部门预算公开工作的通知，各单位请按要求执行。</p></div></body></html>",
      ),
    });
    expect(result.ok && [result.isReport, result.confidence < 0.6]).toEqual([false, true]);
    expect(result.ok && result.warnings).toContain(
      "does not read as a government information disclosure annual report",
    );
  });

  it("survives unclosed and malformed HTML", () => {
    const broken =
      "<html><body><table><tr><td rowspan='999999' colspan='-3'>甲<td>1<tr><td>乙</table><p>未闭合 <b><i>本年新收政府信息公开申请数量 1 2 3";
    for (const html of [broken, "<", "<<<>>>", "\u0000\u0001<p>x"]) {
      const result = extract({ bytes: bytes(html), contentType: "text/html" });
      expect(result.ok).toBe(true);
    }
  });

  it("survives a table with absurd spans without building a huge grid", () => {
    const html = `<div class="TRS_Editor"><table><tr><td rowspan="100000" colspan="100000">本年新收</td><td>1</td></tr><tr><td>2</td></tr></table></div>`;
    const result = extract({ bytes: bytes(html), contentType: "text/html" });
    expect(result.ok).toBe(true);
  });
});

describe("extractAsync refuses what extract refuses before reading it", () => {
  it.each([
    ["an empty document", new Uint8Array(), { code: "empty", message: "the document is empty" }],
    [
      "a document over the input limit",
      new Uint8Array(MAX_INPUT_BYTES + 1),
      {
        code: "too_large",
        message: `the document is ${MAX_INPUT_BYTES + 1} bytes; the limit is ${MAX_INPUT_BYTES}`,
      },
    ],
  ])("%s: the same typed error from both", async (_what, input, error) => {
    expect(extract({ bytes: input })).toMatchObject({ ok: false, error });
    expect(await extractAsync({ bytes: input })).toMatchObject({ ok: false, error });
  });

  it("reads HTML through extractAsync exactly as extract does (its readers loaded on demand)", async () => {
    const input = { bytes: fixture("html/huaian-2024-2021-format.html"), contentType: "text/html" };
    expect(await extractAsync(input)).toEqual(extract(input));
  });
});

// Each found by the fuzz test (fuzz.test.ts); before its fix the input threw, hung or exhausted memory.
describe("extract stays within its limits", () => {
  it(`refuses HTML nested deeper than ${MAX_HTML_DEPTH} (was a stack overflow, an internal error)`, () => {
    const result = extract({
      bytes: bytes("<div>".repeat(20_000) + "一、总体情况"),
      contentType: "text/html",
    });
    expect(!result.ok && result.error).toEqual({
      code: "too_large",
      message: `the page nests elements more than ${MAX_HTML_DEPTH} deep`,
    });
  });

  it("refuses formatting elements reopened in every paragraph (40 KB built 2 million elements)", () => {
    // The parser nests each paragraph's reopened <font>s in one another: the depth limit stops it.
    const html = Array.from({ length: 2_000 }, (_, i) => `<p><font id=f${i}>${i}</p>`).join("");
    const result = extract({ bytes: bytes(html), contentType: "text/html" });
    expect(!result.ok && result.error).toEqual({
      code: "too_large",
      message: `the page nests elements more than ${MAX_HTML_DEPTH} deep`,
    });
  });

  it(`refuses a page of more than ${MAX_HTML_ELEMENTS} elements before building them all`, () => {
    const result = extract({ bytes: bytes("<p>段".repeat(MAX_HTML_ELEMENTS)), contentType: "text/html" });
    expect(!result.ok && result.error).toEqual({
      code: "too_large",
      message: `the page builds more than ${MAX_HTML_ELEMENTS} elements`,
    });
  });

  it("reads a page whose bytes decode to a lone low surrogate before another (parse5 threw)", () => {
    const utf16 = (s: string) => Buffer.from(s, "utf16le");
    const page = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      utf16("<p>一、总体情况"),
      Buffer.from([0x00, 0xdc, 0x00, 0xdc]),
      utf16("</p>"),
    ]);
    const result = extract({ bytes: page, contentType: "text/html" });
    expect(result.ok && result.text).toBe("一、总体情况\ufffd\ufffd");
  });

  it("finds an e-mail address after a million letters (the pattern was quadratic)", () => {
    const text = `${"A".repeat(1_000_000)}\n联系邮箱：xxgk@example.gov.cn\n`;
    const result = extract({ bytes: bytes(text), contentType: "text/plain" });
    expect(result.ok && result.metadata.contact.email).toBe("xxgk@example.gov.cn");
  });

  it("reads a page with many unmatched startprint comments (the search was quadratic)", () => {
    const html = `<body><p>一、总体情况</p>${"<!--startprint-->".repeat(200_000)}</body>`;
    const result = extract({ bytes: bytes(html), contentType: "text/html" });
    expect(result.ok && result.text).toBe("一、总体情况");
  });

  it(`refuses more than ${MAX_TEXT_CHARS} characters of text`, () => {
    const line = `${"政务公开".repeat(250)}\n`;
    const result = extract({
      bytes: bytes(line.repeat(MAX_TEXT_CHARS / 1000 + 1)),
      contentType: "text/plain",
    });
    expect(!result.ok && result.error).toEqual({
      code: "too_large",
      message: `the document has more than ${MAX_TEXT_CHARS} characters of text`,
    });
  });

  it("reads a damaged PDF (a stretch cut out of its middle) without ending the process", async () => {
    const pdf = fixture("pdf/huaian-city-2024.pdf");
    // The corpus PDF with a stretch of its middle cut out: pdf.js, the reader before MuPDF, rejected a
    // page-tree fetch that no one awaited, and Node ended the process (touming extract crashed).
    const damaged = Buffer.concat([pdf.subarray(0, 128_870), pdf.subarray(276_009)]);
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const result = await extractAsync({ bytes: damaged });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(result.ok || result.error.code).not.toBe("internal");
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });

  it("refuses a DOC whose sector chain loops (word-extractor built a gigabyte array for 4 s)", async () => {
    const doc = Buffer.from(fixture("doc/huaian-2024.doc"));
    const sectorSize = 2 ** doc.readUInt16LE(0x1e);
    const fat = (doc.readUInt32LE(0x4c) + 1) * sectorSize;
    const directory = doc.readUInt32LE(0x30);
    // The directory's chain runs to the next sector and back.
    doc.writeUInt32LE(directory + 1, fat + directory * 4);
    doc.writeUInt32LE(directory, fat + (directory + 1) * 4);
    const result = await extractAsync({ bytes: doc });
    expect(!result.ok && result.error).toEqual({
      code: "malformed",
      message: "the DOC could not be read: the sector allocation table loops (a damaged file)",
    });
  });

  it("gives a PDF that outlasts its time budget a timeout, worth retrying", async () => {
    const result = await extractAsync({ bytes: fixture("pdf/huaian-city-2024.pdf"), timeBudgetMs: 1 });
    expect(!result.ok && result.error).toEqual({
      code: "timeout",
      message: "the PDF was not read within 1 ms",
    });
  });
});
