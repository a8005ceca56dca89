import { describe, expect, it } from "vitest";
import { toContractJson } from "./contract.js";
import { MAX_DOCX_XML_BYTES } from "./limits.js";
import { extract } from "./extract-markup.js";
import { repeatedDeflate, writeZip } from "./fuzz/zip-writer.js";
import { fixture } from "./testing/fixtures.js";

describe("DOCX", () => {
  it("the official 2021 template: every row and column label recognised, every cell blank (not 0)", () => {
    const result = extract({ bytes: fixture("docx/official-template-2021.docx") });
    if (!result.ok) throw new Error(result.error.message);
    const json = toContractJson(result);
    expect(json.values).toEqual({});
    expect(json.blank).toHaveLength(200);
    expect(json.blank).toEqual(
      expect.arrayContaining([
        "apply.other_handling.fee_unpaid.legal_service",
        "proactive.fees.amount_10k_yuan",
        "litigation_after_review.total",
      ]),
    );
    expect(result.format).toBe("2021");
    expect(result.sections.map((s) => s.key)).toEqual([
      "overview",
      "proactive",
      "applications",
      "review_litigation",
      "problems",
      "improvements",
      "other",
    ]);
    expect(result.checks.filter((c) => c.status === "fail")).toEqual([]);
  });

  it("refuses a zip bomb from the declared size, before inflating it", () => {
    const bomb = writeZip([{ name: "word/document.xml", data: new Uint8Array(MAX_DOCX_XML_BYTES + 1) }]);
    expect(bomb.byteLength).toBeLessThan(200_000);
    const result = extract({ bytes: bomb });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toEqual({
      code: "too_large",
      message: `word/document.xml would inflate to ${MAX_DOCX_XML_BYTES + 1} bytes (limit ${MAX_DOCX_XML_BYTES})`,
    });
  });

  it("stops inflating a zip bomb that declares a small size at the limit", () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    const bomb = writeZip([
      {
        name: "word/document.xml",
        data: new Uint8Array(1000),
        compressed: repeatedDeflate(chunk, 4096),
        declaredSize: 1000,
      },
    ]);
    expect(bomb.byteLength).toBeLessThan(5_000_000);
    const result = extract({ bytes: bomb });
    expect(!result.ok && result.error).toEqual({
      code: "too_large",
      message: `word/document.xml inflates to more than ${MAX_DOCX_XML_BYTES} bytes although it declares 1000 (a zip bomb?)`,
    });
  });

  it("a zip that is not a Word document is unsupported, not malformed", () => {
    const result = extract({ bytes: writeZip([{ name: "a.txt", data: new Uint8Array([1, 2, 3]) }]) });
    expect(!result.ok && result.error).toEqual({
      code: "unsupported_format",
      message: "a zip archive that is not a Word document (no word/document.xml); archives are not opened",
    });
  });
});
