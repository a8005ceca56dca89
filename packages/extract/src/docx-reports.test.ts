import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { toContractJson } from "./contract.js";
import { MAX_DOCX_XML_BYTES } from "./document/from-docx.js";
import { extract } from "./extract.js";
import { fixture } from "./test-fixtures.js";

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
    const bomb = zipSync({ "word/document.xml": new Uint8Array(MAX_DOCX_XML_BYTES + 1) }, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(200_000);
    const result = extract({ bytes: bomb });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toEqual({
      code: "malformed",
      message: `the DOCX could not be read: word/document.xml would inflate to ${MAX_DOCX_XML_BYTES + 1} bytes (limit ${MAX_DOCX_XML_BYTES})`,
    });
  });

  it("a zip that is not a Word document is a typed error", () => {
    const result = extract({ bytes: zipSync({ "a.txt": new Uint8Array([1, 2, 3]) }) });
    expect(!result.ok && result.error.message).toBe(
      "the DOCX could not be read: not a Word document (no word/document.xml)",
    );
  });
});
