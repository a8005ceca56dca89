import { describe, expect, it } from "vitest";
import { findSkew, inkOf, straighten, whitenPaper } from "./page-cleanup.js";
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
    const turned = await straighten(page, findSkew(page), 300, 300);
    // The turn's bounding box, one byte a pixel.
    expect(turned.width).toBeGreaterThan(1200);
    expect(turned.height).toBeGreaterThan(1600);
    expect(turned.pixels.length).toBe(turned.width * turned.height);
    expect(findSkew(turned)).toBeCloseTo(0, 1);
    for (const corner of [0, turned.width - 1, turned.pixels.length - turned.width, turned.pixels.length - 1])
      expect(turned.pixels[corner]).toBe(255);
  });
});
