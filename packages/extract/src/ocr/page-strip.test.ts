import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { inkArea, readInkArea, stackRegions } from "./page-strip.js";
import { parsePnm } from "./page-pixels.js";
import { blankPage, paint } from "../testing/grey-pages.js";
import { fixture } from "../testing/fixtures.js";

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

describe("a page's ink area", () => {
  it("is where the print is, with a margin, a scan's dark page edge left out", () => {
    const image = blankPage(1000, 1200);
    paint(image, 300, 400, 200, 30);
    paint(image, 350, 700, 300, 30);
    paint(image, 0, 0, 8, 1200); // the page's dark edge along the left side
    expect(inkArea(image)).toEqual({ left: 260, top: 360, width: 430, height: 410 });
    // The wedge a turned page leaves in a corner (ink from the side, thinning out): left out too.
    for (let y = 0; y < 60; y++) paint(image, 940 + y, y, 60 - y, 1);
    expect(inkArea(image)).toEqual({ left: 260, top: 360, width: 430, height: 410 });
    expect(inkArea(blankPage(100, 100))).toBeNull();
  });

  it("is the same on a page with no dark edge, and with one along the top only", () => {
    const image = blankPage(1000, 1200);
    paint(image, 300, 400, 200, 30);
    paint(image, 350, 700, 300, 30);
    expect(inkArea(image)).toEqual({ left: 260, top: 360, width: 430, height: 410 });
    paint(image, 0, 0, 1000, 6); // the page's dark edge along the top
    expect(inkArea(image)).toEqual({ left: 260, top: 360, width: 430, height: 410 });
  });

  it("finds a lone dark pixel at any place in a word, and a level just under 128, however the pixels lie in memory", () => {
    // Width 1001: rows start at every place in a word. Pixels at x 401-403 and y 500-502.
    for (const [x, y, level] of [
      [401, 500, 0],
      [402, 501, 127],
      [403, 502, 60],
    ] as const) {
      const page = blankPage(1001, 1200);
      page.pixels[y * 1001 + x] = level;
      const area = { left: x - 40, top: y - 40, width: 81, height: 81 };
      expect(inkArea(page)).toEqual(area);
      // The same page one byte into its buffer: not on whole words, read a pixel at a time.
      const shifted = new Uint8Array(page.pixels.length + 1);
      shifted.set(page.pixels, 1);
      expect(inkArea({ ...page, pixels: shifted.subarray(1) })).toEqual(area);
    }
    // 128 is paper.
    const light = blankPage(1001, 1200);
    light.pixels[500 * 1001 + 401] = 128;
    expect(inkArea(light)).toBeNull();
  });
});

describe("a page read as one block", () => {
  it("read at a lower resolution gives the same words, placed on the page's own pixels", async () => {
    // The top of 淮安's first page at 300 dpi: its title and opening lines, with a margin.
    const pgm = execFileSync(
      "pdftoppm",
      ["-r", "300", "-gray", "-f", "1", "-l", "1", "-x", "0", "-y", "300", "-W", "2480", "-H", "1000", "-"],
      { input: fixture("pdf/huaian-city-2024.pdf"), maxBuffer: 16 * 1024 * 1024 },
    );
    const { width, height, pixels } = parsePnm(pgm);
    const page = { width, height, pixels };
    const full = await readInkArea(page, 300);
    const lower = await readInkArea(page, 300, undefined, 200);
    const text = (words: typeof full) => words.map((w) => w.text).join("");
    expect(text(full)).toMatch(/淮安市人民政府/);
    expect(text(lower)).toMatch(/淮安市人民政府/);
    // Each line both readings read alike lies where the full reading put it, in the page's pixels
    // (not where it lies in the shrunk image, a third nearer the top left): its box within a
    // quarter of its height. (Lines, not words: the engine cuts a line into words differently at
    // each size.)
    const lines = (words: typeof full) => {
      const byLine = new Map<string, typeof full>();
      for (const w of words) byLine.set(w.line, [...(byLine.get(w.line) ?? []), w]);
      return [...byLine.values()].map((ws) => ({
        text: text(ws),
        left: Math.min(...ws.map((w) => w.left)),
        top: Math.min(...ws.map((w) => w.top)),
        right: Math.max(...ws.map((w) => w.left + w.width)),
        bottom: Math.max(...ws.map((w) => w.top + w.height)),
      }));
    };
    const fullLines = lines(full);
    const alike = lines(lower).flatMap((line) => {
      const twin = fullLines.find((f) => f.text === line.text);
      return twin ? [{ line, twin }] : [];
    });
    expect(alike.map(({ line }) => line.text)).toContain("淮安市人民政府");
    for (const { line, twin } of alike) {
      const tolerance = (twin.bottom - twin.top) / 4;
      for (const side of ["left", "top", "right", "bottom"] as const)
        expect(Math.abs(line[side] - twin[side])).toBeLessThanOrEqual(tolerance);
    }
  });
});
