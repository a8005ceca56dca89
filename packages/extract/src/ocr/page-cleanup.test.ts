import { describe, expect, it } from "vitest";
import { findSkew, inkOf, readingScale, shrink, shrinkBy, straighten, whitenPaper } from "./page-cleanup.js";
import { blankPage as blank, paint } from "../testing/grey-pages.js";

describe("page clean-up", () => {
  it("reads a colour page through its red channel: red seal ink turns to paper, black text stays", () => {
    const rgb = new Uint8Array([255, 40, 40, 10, 10, 10, 240, 230, 200]); // seal red, black, yellowed paper
    const ink = inkOf({ width: 3, height: 1, channels: 3, pixels: rgb, dpi: 300 });
    expect([...ink.pixels]).toEqual([255, 10, 240]);
  });

  it("lifts a JPEG scan's seal ink to the paper's level, and keeps a black stroke's edge under the seal", () => {
    // Measured on the bench's yellowed 150-dpi scan: seal ink at red 176 (green 128, blue 120), the
    // paper at red 232; a stroke's edge where the seal overlaps it is dark red (100, 40, 40).
    const rgb = new Uint8Array([176, 128, 120, 232, 220, 180, 100, 40, 40, 168, 150, 146]);
    const ink = inkOf({ width: 4, height: 1, channels: 3, pixels: rgb, dpi: 150 });
    expect(ink.pixels[0]).toBeGreaterThanOrEqual(232); // the seal, as light as the paper
    expect(ink.pixels[1]).toBe(232); // yellowed paper, as it was
    expect(ink.pixels[2]).toBe(100); // the stroke's edge stays ink
    expect(ink.pixels[3]).toBe(168); // a grey hardly red (redness 18): as it was
  });

  it("whitens grey paper and keeps the ink black", () => {
    const page = blank(100, 100, 190);
    paint(page, 10, 10, 30, 5, 20);
    const white = whitenPaper(page);
    expect(white.pixels[0]).toBe(255);
    expect(white.pixels[12 * 100 + 20]).toBe(0);
  });

  it("finds the skew of a page turned 1.5° clockwise and of a straight one", () => {
    const page = blank(1200, 1600);
    const t = Math.tan((1.5 * Math.PI) / 180);
    for (let line = 0; line < 30; line++) {
      for (let x = 100; x < 1100; x += 1) {
        if (x % 40 > 30) continue; // characters with gaps between them
        const y = Math.round(150 + line * 45 + x * t);
        paint(page, x, y, 1, 8);
      }
    }
    expect(findSkew(page)).toBeCloseTo(1.5, 1);
    const straight = blank(1200, 1600);
    for (let line = 0; line < 30; line++) paint(straight, 100, 150 + line * 45, 1000, 8);
    expect(findSkew(straight)).toBeCloseTo(0, 1);
  });

  it("turns a skewed page back, as one grey band, white where the turn uncovers the corners", async () => {
    const page = blank(1200, 1600);
    const t = Math.tan((1.5 * Math.PI) / 180);
    for (let line = 0; line < 30; line++)
      for (let x = 100; x < 1100; x++) paint(page, x, Math.round(150 + line * 45 + x * t), 1, 8);
    const turned = straighten(page, findSkew(page), 1);
    // The turn's bounding box, one byte a pixel.
    expect(turned.width).toBeGreaterThan(1200);
    expect(turned.height).toBeGreaterThan(1600);
    expect(turned.pixels.length).toBe(turned.width * turned.height);
    expect(findSkew(turned)).toBeCloseTo(0, 1);
    for (const corner of [0, turned.width - 1, turned.pixels.length - turned.width, turned.pixels.length - 1])
      expect(turned.pixels[corner]).toBe(255);
  });

  it("enlarges a page in the same pass: a square twice as large, where it was, its edge blended", () => {
    const page = blank(400, 300);
    paint(page, 100, 100, 10, 10, 0);
    const big = straighten(page, 0, 2);
    expect([big.width, big.height]).toEqual([800, 600]);
    const at = (x: number, y: number) => big.pixels[y * big.width + x];
    // Pixel x reads the page at x / 2, as the renderer places it: 200..218 inside the square (page
    // pixels 100..109), 198 and 220 outside.
    for (const x of [200, 210, 218]) expect(at(x, 210)).toBe(0);
    expect(at(198, 210)).toBe(255);
    expect(at(220, 210)).toBe(255);
    // On its edges a pixel blends the two it lies between, halfway: truncated, as the renderer does.
    expect(at(199, 210)).toBe(127);
    expect(at(219, 210)).toBe(127);
    // Beyond the page's edge is white paper.
    expect(at(0, 0)).toBe(255);
    // A page neither turned nor scaled is the same page.
    expect(straighten(page, 0.01, 1)).toBe(page);
  });

  it("scales a page to the reading resolution, never past the pixel limit", () => {
    expect(readingScale({ width: 1654, height: 2339 }, 200)).toBe(1.5);
    expect(readingScale({ width: 20_000, height: 20_000 }, 100)).toBeCloseTo(Math.sqrt(0.1), 5);
  });

  it("shrinks a page finer than the reading resolution by averaging: a 1-pixel stroke stays, grey", async () => {
    // A 600-dpi page read at 300: every other pixel sampled would drop a stroke on an odd column.
    const page = blank(600, 400);
    paint(page, 301, 0, 1, 400, 0);
    const half = await shrink(page, 0.5);
    expect([half.width, half.height]).toEqual([300, 200]);
    const row = [...half.pixels.subarray(100 * 300 + 148, 100 * 300 + 153)];
    expect(Math.min(...row)).toBeLessThan(160);
    // Two pixels off, paper again (lanczos3 rings a few levels).
    expect(row[0]).toBeGreaterThan(240);
    expect(row[4]).toBeGreaterThan(240);
  });

  it("shrinks a page a whole number of times, each pixel the mean of those it stands for", () => {
    const page = { width: 5, height: 4, pixels: new Uint8Array(20).fill(255) };
    page.pixels.set([0, 0, 255, 255, 7], 0);
    page.pixels.set([0, 100, 255, 255, 7], 5);
    const small = shrinkBy(page, 2);
    expect([small.width, small.height]).toEqual([2, 2]);
    expect([...small.pixels]).toEqual([25, 255, 255, 255]);
    // Three times: one pixel, the mean of the nine, (0·3 + 100 + 255·5) / 9 = 152.8, rounded.
    expect([...shrinkBy(page, 3).pixels]).toEqual([153]);
  });
});
