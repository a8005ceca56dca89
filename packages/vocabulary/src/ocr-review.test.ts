import { describe, expect, it } from "vitest";
import { needsOcrReview } from "./index.js";

const low = { level: "low" as const };
const high = { level: "high" as const };

describe("needsOcrReview", () => {
  it("is true when a term of the identity was read by OCR with low confidence or not read", () => {
    expect(needsOcrReview("T3-A:total", "2021", [{ key: "apply.carried_over.total", ocr: low }])).toBe(true);
    expect(
      needsOcrReview("T3-A:total", "2021", [
        { key: "apply.handled_total.total", ocr: { level: "unreadable" } },
      ]),
    ).toBe(true);
  });

  it("is false when every OCR figure it reads was read with high confidence, or none was read by OCR", () => {
    expect(needsOcrReview("T3-A:total", "2021", [{ key: "apply.carried_over.total", ocr: high }])).toBe(
      false,
    );
    expect(needsOcrReview("T3-A:total", "2021", [{ key: "apply.carried_over.total" }])).toBe(false);
  });

  it("looks only at the figures the check reads: another column's doubt is not this one's", () => {
    expect(
      needsOcrReview("T3-A:total", "2021", [{ key: "apply.carried_over.natural_person", ocr: low }]),
    ).toBe(false);
  });

  it("reads every table cell for NONNEG, and X-3's pair", () => {
    expect(needsOcrReview("NONNEG:cells", "2021", [{ key: "review.total", ocr: low }])).toBe(true);
    expect(needsOcrReview("NONNEG:cells", "2021", [{ key: "text.reviews", ocr: low }])).toBe(false);
    expect(needsOcrReview("X-3:reviews", "2021", [{ key: "text.reviews", ocr: low }])).toBe(true);
  });
});
