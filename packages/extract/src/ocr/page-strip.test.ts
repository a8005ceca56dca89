import { describe, expect, it } from "vitest";
import { stackRegions } from "./page-strip.js";

describe("a strip of page regions", () => {
  it("cuts a region placed at fractional pixels (from an enlarged reading) on whole pixels", () => {
    const page = { width: 100, height: 50, pixels: new Uint8Array(100 * 50).fill(255) };
    page.pixels[20 * 100 + 30] = 0;
    const { strip, bands } = stackRegions(page, [{ left: 29.6, top: 19.4, width: 10.3, height: 5.2 }], 10, 4);
    expect(Number.isInteger(strip.width) && Number.isInteger(strip.height)).toBe(true);
    // The region became left 29, top 19, 11 × 6: the dark pixel at (30, 20) is at strip (4 + 1, 10 + 1).
    expect([strip.width, strip.height]).toEqual([11 + 8, 10 + 6 + 10]);
    expect(bands).toEqual([[10, 16]]);
    expect(strip.pixels[11 * strip.width + 5]).toBe(0);
  });
});
