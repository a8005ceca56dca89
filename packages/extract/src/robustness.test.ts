import { describe, expect, it } from "vitest";
import { toContractJson } from "./contract.js";
import { extract } from "./extract.js";

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

  it("survives deeply nested, unclosed and malformed HTML", () => {
    const deep = "<div>".repeat(5000) + "一、总体情况" + "</div>".repeat(10);
    const broken =
      "<html><body><table><tr><td rowspan='999999' colspan='-3'>甲<td>1<tr><td>乙</table><p>未闭合 <b><i>本年新收政府信息公开申请数量 1 2 3";
    for (const html of [deep, broken, "<", "<<<>>>", "\u0000\u0001<p>x"]) {
      const result = extract({ bytes: bytes(html), contentType: "text/html" });
      expect(typeof result.ok).toBe("boolean");
    }
  });

  it("survives a table with absurd spans without building a huge grid", () => {
    const html = `<div class="TRS_Editor"><table><tr><td rowspan="100000" colspan="100000">本年新收</td><td>1</td></tr><tr><td>2</td></tr></table></div>`;
    const result = extract({ bytes: bytes(html), contentType: "text/html" });
    expect(result.ok).toBe(true);
  });
});
