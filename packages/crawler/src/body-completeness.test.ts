import { describe, expect, it } from "vitest";
import { truncatedBodyReason } from "./body-completeness.js";

const page = '<!DOCTYPE html>\n<html><head><meta charset="gb2312"></head><body><div id="zoom">报告</div>';
const pdf = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstartxref\n9\n";

describe("truncatedBodyReason", () => {
  it.each([
    ["an HTML page that ends with </html>", `${page}</body></html>\n`, "text/html", null],
    ["a legacy page in capitals", `${page.toUpperCase()}</BODY></HTML>`, "text/html", null],
    ["a page with </body> and no </html>", `${page}</body>`, "text/html", null],
    [
      "an HTML page cut short",
      page,
      "text/html",
      `HTML ends without </html> after ${Buffer.byteLength(page)} bytes`,
    ],
    ["an HTML page cut short, served as octet-stream", page, "application/octet-stream", /^HTML ends/],
    ["a PDF ending in %%EOF and a newline", `${pdf}%%EOF\n`, "application/pdf", null],
    ["a PDF cut short", pdf, "application/pdf", `PDF ends without %%EOF after ${pdf.length} bytes`],
    ["a PDF cut short, served as octet-stream", pdf, "application/octet-stream", /^PDF ends/],
    ["a whole JSON list", '{"total":2,"articles":[{"title":"a"}]}', "application/json", null],
    [
      "a JSON list cut after a value",
      '{"total":2,"articles":[{"title":"a"}',
      "application/json",
      /^JSON ends early/,
    ],
    [
      "a JSON list cut inside a string",
      '{"total":2,"articles":[{"title":"年',
      "application/json",
      /^JSON ends early/,
    ],
    ["malformed JSON that is complete", "{'total': 2}", "application/json", null],
    ["plain text, which has no end marker", "User-agent: *\nDisallow: /internal", "text/plain", null],
    ["an XML datastore", "<datastore><recordset>", "text/xml", null],
  ])("%s", (_name, body, contentType, expected) => {
    const reason = truncatedBodyReason(Buffer.from(body), contentType);
    if (expected instanceof RegExp) expect(reason).toMatch(expected);
    else expect(reason).toBe(expected);
  });
});

describe("truncatedBodyReason of a large page", () => {
  const large = `${page}${"<p>政府信息公开工作年度报告</p>".repeat(2_000)}`;
  it("finds the end in the tail, or anywhere when more than the tail follows it, and calls a page without one cut short", () => {
    expect(truncatedBodyReason(Buffer.from(`${large}</body></html>`), "text/html")).toBeNull();
    // A gateway's footer of 8 KB after </html>: not truncated.
    const footer = `<!-- ${"x".repeat(8_192)} -->`;
    expect(truncatedBodyReason(Buffer.from(`${large}</body></html>${footer}`), "text/html")).toBeNull();
    const cut = Buffer.from(large);
    expect(truncatedBodyReason(cut, "text/html")).toBe(`HTML ends without </html> after ${cut.length} bytes`);
  });
});
